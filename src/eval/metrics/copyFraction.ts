/**
 * Fraction of generated samples that look copied from the training set: the distance to the nearest
 * training example is below threshold × the distance to the second-nearest (a nearest-neighbour
 * distance-ratio test: a copy sits far closer to one training point than to any other).
 */
import { nearestTwoSquaredDistances } from './knn.js';
import type { Matrix } from './matrix.js';
import { checkMinRows, checkSameCols, readMatrix } from './matrix.js';

export interface CopyFractionOptions {
  /** Ratio d1/d2 below which a sample counts as a copy, in (0, 1]; default 1/3. */
  threshold?: number;
}

/**
 * generated: [g, d], train: [t, d] with t >= 2. A sample at distance 0 from a training row counts as a
 * copy even when that row is duplicated in train (d1 = d2 = 0).
 */
export function copyFraction(generated: Matrix, train: Matrix, opts: CopyFractionOptions = {}): number {
  const fn = 'copyFraction';
  const threshold = opts.threshold ?? 1 / 3;
  if (!(threshold > 0 && threshold <= 1)) throw new Error(`${fn}: threshold must be in (0, 1], got ${threshold}`);
  const g = readMatrix(fn, 'generated', generated);
  const t = readMatrix(fn, 'train', train);
  checkSameCols(fn, 'generated', generated, 'train', train);
  checkMinRows(fn, 'train', train, 2, 'the test compares nearest and second-nearest training rows');
  const { first, second } = nearestTwoSquaredDistances(g, t);
  // d1/d2 < threshold  <=>  d1² < threshold² · d2² (both sides non-negative).
  const t2 = threshold * threshold;
  let copies = 0;
  for (let i = 0; i < g.rows; i++) if (first[i] === 0 || first[i]! < t2 * second[i]!) copies++;
  return copies / g.rows;
}
