import type { Dataset } from '../data/dataset.js';
import type { FewShotSplit } from '../data/split.js';
import type { EvaluationInput } from './evaluate.js';

/**
 * What evaluateSamples needs to judge a few-shot run: generated [count, dim] samples in data space
 * against the split's training and held-out rows, with the data set's mixture modes, or else its class
 * labels, so that the metrics that fit the data run. Shared by the CLI and the page.
 */
export function runEvaluationInput(generated: Float32Array, dataset: Dataset, split: FewShotSplit, seed: number): EvaluationInput {
  const { train, heldOut } = split;
  const dim = train.dim;
  const rows = generated.length / dim;
  const input: EvaluationInput = {
    generated: { data: generated, rows, cols: dim },
    train: { data: train.x, rows: train.n, cols: dim },
    heldOut: { data: heldOut.x, rows: heldOut.n, cols: dim },
    seed,
    maxGenerated: rows,
  };
  if (dataset.modes !== undefined) input.modes = dataset.modes;
  else if (train.labels !== null && heldOut.labels !== null) {
    input.labels = { train: train.labels, heldOut: heldOut.labels, numClasses: dataset.numClasses };
    if (dataset.labelNames !== undefined) input.labels.names = dataset.labelNames;
  }
  return input;
}
