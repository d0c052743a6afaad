/**
 * The "real data" reference row: samples are rows of a real set the generator never saw (disjoint from
 * both the training set and the set the metrics compare against), drawn without replacement. It gives
 * the value each metric takes for a perfect generator at this sample size. Browser-safe.
 */
import { Random } from '../../tensor/random.js';
import type { FittedGenerator } from './referenceGenerator.js';
import { checkSampleArgs, checkTrain } from './referenceGenerator.js';

/**
 * rows: [m, d] real examples. sample(count, seed) returns count ≤ m distinct rows in a seeded random
 * order; asking for more than m throws (a real set cannot be resampled without repeating rows).
 */
export function heldOutRows(rows: Float64Array, d: number): FittedGenerator {
  const fn = 'heldOutRows';
  const m = checkTrain(fn, rows, d, 1, 'it returns real rows');
  const pool = rows.slice();
  return {
    sample(count: number, seed: number): Float64Array {
      checkSampleArgs(fn, count, seed);
      if (count > m) throw new Error(`${fn}.sample: count ${count} is more than the ${m} real rows available`);
      const perm = new Random(seed).permutation(m);
      const out = new Float64Array(count * d);
      for (let i = 0; i < count; i++) out.set(pool.subarray(perm[i]! * d, (perm[i]! + 1) * d), i * d);
      return out;
    },
  };
}
