/**
 * SMOTE-style interpolation (Chawla et al. 2002): each sample picks a training row uniformly, one of its
 * k nearest other training rows uniformly, and a point uniformly on the segment between them,
 * x + u·(neighbour − x), u ~ U(0, 1). Fitted per class (see perClass.ts) it interpolates between
 * same-class neighbours only. Samples stay near training rows, which is what a membership attack exploits.
 * Browser-safe.
 */
import { Random } from '../../tensor/random.js';
import { kthNeighborIndices } from './neighbourIndices.js';
import type { FittedGenerator, ReferenceGenerator } from './referenceGenerator.js';
import { checkSampleArgs, checkTrain } from './referenceGenerator.js';

export interface SmoteOptions {
  /** Neighbours to choose among (default 5; capped at n − 1). */
  k?: number;
}

/** train: [n, d], n ≥ 2. The fit has no randomness; seed is unused. */
export function fitSmote(train: Float64Array, d: number, _seed = 0, opts: SmoteOptions = {}): FittedGenerator {
  const fn = 'fitSmote';
  const n = checkTrain(fn, train, d, 2, 'it interpolates between two rows');
  const kWanted = opts.k ?? 5;
  if (!Number.isInteger(kWanted) || kWanted < 1) throw new Error(`${fn}: k must be a positive integer, got ${kWanted}`);
  const k = Math.min(kWanted, n - 1);
  const rows = train.slice();
  const neighbours = kthNeighborIndices(rows, n, d, k);
  return {
    sample(count: number, seed: number): Float64Array {
      checkSampleArgs('smote', count, seed);
      const rng = new Random(seed);
      const out = new Float64Array(count * d);
      for (let s = 0; s < count; s++) {
        const i = rng.int(n);
        const j = neighbours[i * k + rng.int(k)]!;
        const u = rng.uniform();
        for (let c = 0; c < d; c++) out[s * d + c] = rows[i * d + c]! + u * (rows[j * d + c]! - rows[i * d + c]!);
      }
      return out;
    },
  };
}

export const smote: ReferenceGenerator = { name: 'SMOTE', fit: (train, d, seed) => fitSmote(train, d, seed) };
