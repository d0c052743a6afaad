import type { TrainingSettings } from './config.js';

/**
 * Top-k generator updates (Sinha et al. 2020): the generator's loss uses only the k fakes of its batch
 * that the discriminator scores as most realistic, so the worst samples, whose gradients can push them
 * further from every mode, do not pull on the generator. k starts at the batch size B and decays as
 *   k_t = max(⌈ν·B⌉, ⌈γ^(t/100)·B⌉)
 * with ν = topKKeep, γ = topKDecay per 100 generator updates and t the updates already done.
 * ν = 1 keeps every sample (the plain update).
 */
export function topKCount(c: Pick<TrainingSettings, 'batchSize' | 'topKKeep' | 'topKDecay'>, step: number): number {
  const b = c.batchSize;
  if (c.topKKeep >= 1) return b;
  const floor = Math.max(1, Math.ceil(c.topKKeep * b));
  return Math.min(b, Math.max(floor, Math.ceil(Math.pow(c.topKDecay, step / 100) * b)));
}

/** Row indices of the k largest of scores (ties: the lower index first), in ascending index order. */
export function topRows(scores: ArrayLike<number>, k: number): Int32Array {
  const n = scores.length;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`topRows: k must be an integer in 1..${n}, got ${k}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // NaN scores sort last, so a non-finite logit is never kept ahead of a finite one.
  const key = (i: number): number => (Number.isNaN(scores[i]!) ? -Infinity : scores[i]!);
  order.sort((a, b) => key(b) - key(a) || a - b);
  return order.subarray(0, k).sort();
}
