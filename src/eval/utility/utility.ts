/**
 * Utility of synthetic rows, judged by what a classifier learns from them and scored on held-out real rows:
 * - TRTR: train on the real training rows, test on held-out real (the yardstick);
 * - TSTR: train on synthetic rows only, test on held-out real;
 * - augmented: train on real training rows plus synthetic rows, test on held-out real.
 * Each classifier is trained once per seed; figures are mean ± sd (sample sd, n − 1) over the seeds.
 * Browser-safe.
 */
import type { ClassifierKind, ClassifierOptions } from '../classifiers/rowClassifier.js';
import { trainClassifier } from '../classifiers/rowClassifier.js';

/** Rows with their labels: x [n, d] row-major, labels [n]. */
export interface LabelledRows {
  x: Float64Array;
  labels: Int32Array;
}

export interface UtilityInput {
  d: number;
  numClasses: number;
  train: LabelledRows;
  heldOut: LabelledRows;
  synthetic: LabelledRows;
  /** Default ['logistic', 'mlp']. */
  classifiers?: ClassifierKind[];
  /** Classifier seeds; default [1, 2, 3]. */
  seeds?: number[];
  /** Training options other than the seed. */
  options?: Omit<ClassifierOptions, 'seed'>;
}

export interface MeanSd {
  mean: number;
  sd: number;
}

export interface ClassifierUtility {
  classifier: ClassifierKind;
  trtr: MeanSd;
  tstr: MeanSd;
  augmented: MeanSd;
  /** mean TSTR / mean TRTR. */
  tstrOverTrtr: number;
}

/** Accuracy on heldOut of each classifier trained on real, synthetic and real + synthetic rows. */
export function utilityFigures(input: UtilityInput): ClassifierUtility[] {
  const { d, numClasses, train, heldOut, synthetic } = input;
  const kinds = input.classifiers ?? ['logistic', 'mlp'];
  const seeds = input.seeds ?? [1, 2, 3];
  if (seeds.length === 0) throw new Error('utilityFigures: seeds must not be empty');
  const both: LabelledRows = { x: concat(train.x, synthetic.x), labels: concatInt(train.labels, synthetic.labels) };
  return kinds.map((kind) => {
    const run = (rows: LabelledRows): MeanSd => meanSd(seeds.map((seed) =>
      trainClassifier(kind, rows.x, rows.labels, d, numClasses, { ...input.options, seed }).accuracy(heldOut.x, heldOut.labels)));
    const trtr = run(train);
    const tstr = run(synthetic);
    const augmented = run(both);
    return { classifier: kind, trtr, tstr, augmented, tstrOverTrtr: tstr.mean / trtr.mean };
  });
}

/** Mean and sample sd (0 for one value, and exactly 0 with that value as the mean when all are equal). */
export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) throw new Error('meanSd: need at least one value');
  if (values.every((v) => v === values[0])) return { mean: values[0]!, sd: 0 };
  let mean = 0;
  for (const v of values) mean += v / n;
  let s2 = 0;
  for (const v of values) s2 += (v - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(s2 / (n - 1)) : 0 };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function concatInt(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
