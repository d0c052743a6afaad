/** Evaluation of a run's generator against its own few-shot split, shared by `train` and `eval`. */
import { type EvaluationOptions, type EvaluationReport, evaluateSamples } from '../eval/evaluate.js';
import { runEvaluationInput } from '../eval/runInput.js';
import type { PreparedData } from './runData.js';
import { type ConditionalSettings, proportionalLabels } from '../gan/conditional.js';

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
  return evaluateSamples(runEvaluationInput(generated, prep.dataset, prep.split, seed, labels), opts);
}
