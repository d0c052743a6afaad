/**
 * The memorizer: every sample is a training row, drawn uniformly with replacement. It scores NN ratio 0
 * and copy fraction 1 by construction, so it calibrates the memorization columns of a study table
 * (and shows how far fidelity-only metrics reward copying). Browser-safe.
 */
import { Random } from '../../tensor/random.js';
import type { FittedGenerator, ReferenceGenerator } from './referenceGenerator.js';
import { checkSampleArgs, checkTrain } from './referenceGenerator.js';

/** train: [n, d], n ≥ 1 (copied, so later changes to train do not leak in). The fit has no randomness; seed is unused. */
export function fitCopyTraining(train: Float64Array, d: number, _seed = 0): FittedGenerator {
  const fn = 'fitCopyTraining';
  const n = checkTrain(fn, train, d, 1, 'it copies training rows');
  const rows = train.slice();
  return {
    sample(count: number, seed: number): Float64Array {
      checkSampleArgs('copyTraining', count, seed);
      const rng = new Random(seed);
      const out = new Float64Array(count * d);
      for (let i = 0; i < count; i++) {
        const r = rng.int(n);
        out.set(rows.subarray(r * d, (r + 1) * d), i * d);
      }
      return out;
    },
  };
}

export const copyTraining: ReferenceGenerator = { name: 'copy training', fit: fitCopyTraining };
