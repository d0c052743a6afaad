/**
 * Class-conditional networks (Mirza & Osindero 2014): G(z, y) and D(x, y) read the class y as a one-hot
 * vector joined to their input, [z | onehot(y)] and [x | onehot(y)]. The first layer's weight columns
 * that meet onehot(y) are a learned embedding of each class added to its first pre-activation, which is
 * what an nn.Embedding joined to the input and a Linear would compute, with one layer fewer.
 */
import { concat } from '../autograd/index.js';
import type { Random } from '../tensor/random.js';
import { zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

export interface ConditionalSettings {
  /** Number of classes K ≥ 2. */
  classes: number;
  /**
   * How D sees the class: 'concat' joins its one-hot to D's input; 'projection' adds ⟨e_y, φ(x)⟩ to the
   * logit (projectionDiscriminator.ts), which also works for a convolutional D.
   */
  discriminator: 'concat' | 'projection';
  /** Training rows per class [K]: the class mix of samples drawn without a class. */
  classCounts: number[];
}

/** Throws naming the field when `c` could not condition a run. */
export function checkConditional(c: ConditionalSettings): void {
  if (typeof c !== 'object' || c === null) throw new Error(`config: conditional must be an object or absent, got ${String(c)}`);
  if (!Number.isInteger(c.classes) || c.classes < 2) throw new Error(`config: conditional.classes must be an integer ≥ 2, got ${c.classes}`);
  if (c.discriminator !== 'concat' && c.discriminator !== 'projection') throw new Error(`config: conditional.discriminator must be 'concat' or 'projection', got ${JSON.stringify(c.discriminator)}`);
  if (!Array.isArray(c.classCounts) || c.classCounts.length !== c.classes) {
    throw new Error(`config: conditional.classCounts must list ${c.classes} counts (one per class), got ${JSON.stringify(c.classCounts)}`);
  }
  c.classCounts.forEach((n, k) => {
    if (!Number.isInteger(n) || n < 0) throw new Error(`config: conditional.classCounts[${k}] must be an integer ≥ 0, got ${n}`);
  });
  if (c.classCounts.every((n) => n === 0)) throw new Error('config: conditional.classCounts are all 0; at least one class needs training rows');
}

/** The conditional settings of data with `counts` training rows per class (D joined by concatenation unless said). */
export function conditionalFromCounts(counts: readonly number[], discriminator: ConditionalSettings['discriminator'] = 'concat'): ConditionalSettings {
  return { classes: counts.length, discriminator, classCounts: [...counts] };
}

/** Rows per class [classes]; throws on a label outside 0..classes−1. */
export function classCounts(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  labels.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new Error(`conditional: label ${i} is ${y}; expected a class in 0..${classes - 1}`);
    counts[y]!++;
  });
  return counts;
}

/** x [n, d] joined with onehot(labels) [n, classes]: [n, d + classes]; differentiable in x. */
export function withLabels(x: Tensor, labels: Int32Array, classes: number): Tensor {
  const n = x.shape[0]!;
  if (labels.length !== n) throw new Error(`withLabels: ${labels.length} labels for ${n} rows`);
  const hot = zeros([n, classes], { dtype: x.dtype });
  for (let i = 0; i < n; i++) hot.data[i * classes + labels[i]!] = 1;
  return concat([x, hot], 1);
}

/** count labels drawn from the empirical class mix of `labels` (a uniformly drawn training row's class). */
export function drawLabels(labels: Int32Array, count: number, rng: Random): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = labels[rng.int(labels.length)]!;
  return out;
}

/**
 * count labels in the proportions of `counts`, sorted by class: ⌊count·nₖ/N⌋ each, the rest to the
 * largest remainders (ties to the lower class), so the same counts always give the same labels.
 */
export function proportionalLabels(count: number, counts: readonly number[]): Int32Array {
  const total = counts.reduce((a, b) => a + b, 0);
  const share = counts.map((n) => Math.floor((count * n) / total));
  let left = count - share.reduce((a, b) => a + b, 0);
  const order = counts.map((n, k) => ({ k, rem: (count * n) / total - share[k]! })).sort((a, b) => b.rem - a.rem || a.k - b.k);
  for (let i = 0; left > 0; i++, left--) share[order[i % order.length]!.k]!++;
  return labelsFromCounts(share);
}

/** Labels sorted by class with per-class counts `perClass`: [0, 0, 1, 2, 2, …]. */
export function labelsFromCounts(perClass: readonly number[]): Int32Array {
  const out = new Int32Array(perClass.reduce((a, b) => a + b, 0));
  let at = 0;
  perClass.forEach((m, k) => out.fill(k, at, (at += m)));
  return out;
}
