/** Evaluation of a run's generator against its own few-shot split, shared by `train` and `eval`. */
import { type EvaluationOptions, type EvaluationReport, evaluateSamples } from '../eval/evaluate.js';
import { runEvaluationInput } from '../eval/runInput.js';
import type { PreparedData } from './runData.js';
import { type ConditionalSettings, proportionalLabels } from '../gan/conditional.js';
import type { FeatureJudge } from '../eval/featureReport.js';
import { isPooledImageSet } from '../eval/fcd/imagePools.js';
import { loadImageClassifier28File } from '../node/fcdWeights.js';

/**
 * Seed of the latent vectors behind the reported metrics and samples.png: fixed, so that `eval` on
 * the final checkpoint reproduces train's metrics.json and runs are compared on the same z.
 */
export const EVAL_SEED = 2024;

/** Seconds of evaluation after which each metric's start is shown. */
const QUIET_SECONDS = 2;

/**
 * onProgress for evaluateSamples: silent for the first QUIET_SECONDS, then a line per metric on `err`
 * (stdout may be the JSON report).
 */
export function evaluationProgress(err: { write(text: string): unknown }, now: () => number = () => performance.now()): NonNullable<EvaluationOptions['onProgress']> {
  const start = now();
  return (metric, index, count) => {
    const seconds = (now() - start) / 1000;
    if (seconds >= QUIET_SECONDS) err.write(`evaluating: ${metric} (${index + 1}/${count}, ${seconds.toFixed(0)}s so far)\n`);
  };
}

/** generated: [count, dim] samples in data space; a conditional run's are in the class mix of its training rows (proportionalLabels). */
export function evaluateRun(generated: Float32Array, prep: PreparedData, seed: number, opts: EvaluationOptions & { conditional?: ConditionalSettings } = {}): EvaluationReport {
  const count = generated.length / prep.dataset.dim;
  const labels = opts.conditional === undefined ? undefined : proportionalLabels(count, opts.conditional.classCounts);
  const input = runEvaluationInput(generated, prep.dataset, prep.split, seed, labels);
  const judge = featureJudge(prep.spec.data);
  if (judge !== null) input.featureJudge = judge;
  return evaluateSamples(input, opts);
}

const judges = new Map<string, FeatureJudge>();

/** The frozen FCD28 classifier of a built-in 28x28 set (loaded once), null for other data. */
export function featureJudge(data: string): FeatureJudge | null {
  if (!isPooledImageSet(data)) return null;
  let judge = judges.get(data);
  if (judge === undefined) {
    judge = { name: `fcd28-${data}`, classifier: loadImageClassifier28File(data).classifier };
    judges.set(data, judge);
  }
  return judge;
}
