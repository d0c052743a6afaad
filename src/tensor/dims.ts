import { formatShape } from './tensor.js';
import type { Shape } from './tensor.js';

/** A dim in [-ndim, ndim) made non-negative, or an error that names the op and the shape. */
export function normalizeDim(dim: number, ndim: number, op: string, shape?: Shape): number {
  if (!Number.isInteger(dim) || dim < -ndim || dim >= ndim) {
    const of = shape ? ` of shape ${formatShape(shape)}` : '';
    throw new Error(`${op}: dim ${dim} is out of range for a tensor${of} with ${ndim} dims (expected ${-ndim}..${ndim - 1})`);
  }
  return dim < 0 ? dim + ndim : dim;
}

/** Normalized, sorted, duplicate-free dims; undefined means all dims. */
export function normalizeDims(dims: number | readonly number[] | undefined, shape: Shape, op: string): number[] {
  const ndim = shape.length;
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : dims;
  const out = list.map((d) => normalizeDim(d, ndim, op, shape));
  const sorted = [...out].sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new Error(`${op}: dim ${sorted[i]} appears more than once in [${list.join(',')}]`);
  }
  return sorted;
}
