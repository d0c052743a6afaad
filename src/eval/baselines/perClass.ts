/**
 * A reference generator fitted separately to each class of a labelled training set: the baseline a user
 * could run instead of a conditional GAN (per-class Gaussian, per-class SMOTE). Browser-safe.
 */
import type { FittedGenerator, ReferenceGenerator } from './referenceGenerator.js';
import { checkTrain } from './referenceGenerator.js';

export interface LabelledSample {
  /** [count, d] row-major. */
  x: Float64Array;
  /** [count] class of each row, rows grouped by class in class order. */
  labels: Int32Array;
}

export interface FittedPerClass {
  numClasses: number;
  /** counts[c] rows of class c (0 allowed), class c drawn with seed + c. */
  sample(counts: readonly number[], seed: number): LabelledSample;
}

/**
 * train: [n, d], labels: [n] in 0..numClasses−1. Fits gen to each class's rows with seed + c; a class
 * gen cannot fit (e.g. fewer than 2 rows for a Gaussian) throws, naming the class. sample(counts, seed)
 * draws class c with seed + c (as many as counts[c]).
 */
export function fitPerClass(gen: ReferenceGenerator, train: Float64Array, labels: Int32Array, d: number, numClasses: number, seed = 0): FittedPerClass {
  const fn = 'fitPerClass';
  const n = checkTrain(fn, train, d, 1, 'a class needs rows');
  if (labels.length !== n) throw new Error(`${fn}: ${labels.length} labels for ${n} rows`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`${fn}: numClasses must be a positive integer, got ${numClasses}`);
  const fitted: FittedGenerator[] = [];
  for (let c = 0; c < numClasses; c++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const l = labels[i]!;
      if (!(l >= 0 && l < numClasses)) throw new Error(`${fn}: labels[${i}] = ${l} is outside 0..${numClasses - 1}`);
      if (l === c) m++;
    }
    const rows = new Float64Array(m * d);
    let r = 0;
    for (let i = 0; i < n; i++) if (labels[i] === c) rows.set(train.subarray(i * d, (i + 1) * d), d * r++);
    try {
      fitted.push(gen.fit(rows, d, seed + c));
    } catch (e) {
      throw new Error(`${fn}: ${gen.name} for class ${c} (${m} rows): ${(e as Error).message}`);
    }
  }
  return {
    numClasses,
    sample(counts: readonly number[], sampleSeed: number): LabelledSample {
      if (counts.length !== numClasses) throw new Error(`${fn}.sample: counts has ${counts.length} entries, expected one per class (${numClasses})`);
      let total = 0;
      counts.forEach((k, c) => {
        if (!Number.isInteger(k) || k < 0) throw new Error(`${fn}.sample: counts[${c}] must be a non-negative integer, got ${k}`);
        total += k;
      });
      const x = new Float64Array(total * d);
      const out = new Int32Array(total);
      let at = 0;
      counts.forEach((k, c) => {
        if (k === 0) return;
        x.set(fitted[c]!.sample(k, sampleSeed + c), at * d);
        out.fill(c, at, at + k);
        at += k;
      });
      return { x, labels: out };
    },
  };
}
