/**
 * Memorization ratio: median over generated samples of the distance to the nearest training example,
 * divided by the same median for held-out real samples. ≈ 1: generated points sit as far from the
 * training set as fresh real data does; → 0: the generator reproduces training examples.
 */
import { nearestSquaredDistances } from './knn.js';
import type { Matrix } from './matrix.js';
import { checkSameCols, readMatrix } from './matrix.js';
import { medianInPlace } from './select.js';

/** generated: [g, d], train: [t, d], heldOut: [h, d] (real samples not in train). */
export function nnRatio(generated: Matrix, train: Matrix, heldOut: Matrix): number {
  const fn = 'nnRatio';
  const g = readMatrix(fn, 'generated', generated);
  const t = readMatrix(fn, 'train', train);
  const h = readMatrix(fn, 'heldOut', heldOut);
  checkSameCols(fn, 'generated', generated, 'train', train);
  checkSameCols(fn, 'heldOut', heldOut, 'train', train);
  const genMedian = medianInPlace(sqrtInPlace(nearestSquaredDistances(g, t)));
  const heldMedian = medianInPlace(sqrtInPlace(nearestSquaredDistances(h, t)));
  if (heldMedian === 0) {
    throw new Error(`${fn}: the median distance from heldOut to train is 0 (heldOut rows duplicate train rows)`);
  }
  return genMedian / heldMedian;
}

function sqrtInPlace(v: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] = Math.sqrt(v[i]!);
  return v;
}
