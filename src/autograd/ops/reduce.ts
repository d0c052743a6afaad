import { normalizeDims } from '../../tensor/dims.js';
import { binary } from '../../tensor/elementwise.js';
import { reduce, reducedShape } from '../../tensor/reduce.js';
import { reshapeKernel } from '../../tensor/layout.js';
import type { Tensor } from '../../tensor/tensor.js';
import { record } from '../record.js';
import { div, mul, square, sub } from './arithmetic.js';
import { expand, reshape } from './shape.js';

/** A dim, a list of dims, or undefined for all dims. Negative dims count from the end. */
export type Dims = number | readonly number[] | undefined;

/** Σ over `dim` (all dims by default). ∂ is the output gradient broadcast back over the summed dims. */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims(dim, x.shape, 'sum');
  const kept = reducedShape(x.shape, dims, true);
  return record(reduce('sum', x, dims, keepdim), 'sum', [x], (g) => [expand(reshape(g, kept), x.shape)]);
}

/** Mean over `dim` (all dims by default): sum / count. */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims(dim, x.shape, 'mean');
  let count = 1;
  for (const d of dims) count *= x.shape[d]!;
  if (count === 0) throw new Error(`mean: cannot average over an empty set (shape [${x.shape.join(',')}], dims [${dims.join(',')}])`);
  return mul(sum(x, dims, keepdim), 1 / count);
}

function extreme(op: 'max' | 'min', x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const dims = normalizeDims(dim, x.shape, op);
  const kept = reducedShape(x.shape, dims, true);
  const valuesKept = reduce(op, x, dims, true);
  const out = keepdim ? valuesKept : reshapeKernel(valuesKept, reducedShape(x.shape, dims, false));
  return record(out, op, [x], (g) => {
    // The gradient is shared evenly among the elements that attain the extreme (torch.amax's rule).
    const hits = binary('eq', x, valuesKept);
    const count = reduce('sum', hits, dims, true);
    const share = binary('div', hits, count);
    return [mul(expand(reshape(g, kept), x.shape), share)];
  });
}

/** Maximum over `dim` (all dims by default); ties share the gradient. Values only, as torch.amax. */
export function max(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme('max', x, dim, keepdim);
}

/** Minimum over `dim` (all dims by default); ties share the gradient. */
export function min(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme('min', x, dim, keepdim);
}

/**
 * Variance over `dim`: Σ(x − x̄)² / (N − correction). correction = 1 (the default, as torch.var)
 * gives the unbiased estimate; 0 the population variance.
 */
export function variance(x: Tensor, dim?: Dims, options: { correction?: number; keepdim?: boolean } = {}): Tensor {
  const dims = normalizeDims(dim, x.shape, 'var');
  const correction = options.correction ?? 1;
  let count = 1;
  for (const d of dims) count *= x.shape[d]!;
  if (count - correction <= 0) {
    throw new Error(`var: ${count} element(s) over dims [${dims.join(',')}] with correction ${correction} leave no degrees of freedom`);
  }
  const centered = sub(x, mean(x, dims, true));
  return div(sum(square(centered), dims, options.keepdim ?? false), count - correction);
}

