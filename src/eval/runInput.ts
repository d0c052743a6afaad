import type { Dataset } from '../data/dataset.js';
import type { TableField } from '../data/tableLayout.js';
import type { FewShotSplit } from '../data/split.js';
import type { EvaluationInput } from './evaluate.js';
import { inverseRanges } from './syntheticRows.js';

/**
 * What evaluateSamples needs to judge a few-shot run: generated [count, dim] samples in data space
 * against the split's training and held-out rows, with the data set's mixture modes, or else its class
 * labels, so that the metrics that fit the data run. Shared by the CLI and the page. generatedLabels:
 * the classes a conditional generator was asked for (one per generated row). Tables get their privacy
 * figures on columns scaled by the training rows' ranges; images in pixel units.
 */
export function runEvaluationInput(generated: Float32Array, dataset: Dataset, split: FewShotSplit, seed: number, generatedLabels?: Int32Array): EvaluationInput {
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
  if (dataset.image === undefined) {
    input.privacyScale = inverseRanges({ data: Float64Array.from(train.x), rows: train.n, cols: dim });
    input.tableFields = dataset.layout?.fields ?? Array.from({ length: dim }, (_, j): TableField => ({ name: dataset.columns?.[j] ?? `x${j + 1}`, kind: 'number', at: j }));
  }
  if (dataset.modes !== undefined) input.modes = dataset.modes;
  else if (train.labels !== null && heldOut.labels !== null) {
    input.labels = { train: train.labels, heldOut: heldOut.labels, numClasses: dataset.numClasses };
    if (dataset.labelNames !== undefined) input.labels.names = dataset.labelNames;
    if (generatedLabels !== undefined) input.labels.generated = generatedLabels;
  }
  return input;
}
