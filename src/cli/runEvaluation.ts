/** Evaluation of a run's generator against its own few-shot split, shared by `train` and `eval`. */
import { type EvaluationInput, type EvaluationOptions, type EvaluationReport, evaluateSamples } from '../eval/evaluate.js';
import type { PreparedData } from './runData.js';

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

/** generated: [count, dim] samples in data space. */
export function evaluateRun(generated: Float32Array, prep: PreparedData, seed: number, opts: EvaluationOptions = {}): EvaluationReport {
  const { train, heldOut } = prep.split;
  const dim = train.dim;
  const input: EvaluationInput = {
    generated: { data: generated, rows: generated.length / dim, cols: dim },
    train: { data: train.x, rows: train.n, cols: dim },
    heldOut: { data: heldOut.x, rows: heldOut.n, cols: dim },
    seed,
    maxGenerated: generated.length / dim,
  };
  if (prep.dataset.modes !== undefined) input.modes = prep.dataset.modes;
  if (train.labels !== null && heldOut.labels !== null && prep.dataset.modes === undefined) {
    input.labels = { train: train.labels, heldOut: heldOut.labels, numClasses: prep.dataset.numClasses };
    if (prep.dataset.labelNames !== undefined) input.labels.names = prep.dataset.labelNames;
  }
  return evaluateSamples(input, opts);
}
