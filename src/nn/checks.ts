import { formatShape } from '../tensor/tensor.js';
import type { Tensor } from '../tensor/tensor.js';

/** Throws unless n is a positive integer: for layer sizes. */
export function checkSize(where: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${where}: ${name} must be a positive integer, got ${n}`);
}

/** Throws unless x is [..., features], e.g. "Linear(3→4): input has 5 features in its last dim, expected 3 (shape [2,5])". */
export function checkFeatures(where: string, x: Tensor, features: number): void {
  if (x.ndim === 0) throw new Error(`${where}: input must have a last dim of ${features} features, got a scalar (shape [])`);
  const got = x.shape[x.ndim - 1]!;
  if (got !== features) {
    throw new Error(`${where}: input has ${got} features in its last dim, expected ${features} (shape ${formatShape(x.shape)})`);
  }
}
