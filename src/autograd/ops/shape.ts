import { concatKernel, expandKernel, indexAddKernel, indexSelectKernel, narrowKernel, padKernel, permuteKernel, reshapeKernel, checkPermutation } from '../../tensor/layout.js';
import { normalizeDim } from '../../tensor/dims.js';
import { reduce } from '../../tensor/reduce.js';
import { formatShape } from '../../tensor/tensor.js';
import type { Shape, Tensor } from '../../tensor/tensor.js';
import { record } from '../record.js';

/** The same elements under a new shape (one dim may be -1). Shares storage; ∂ is reshaped back. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  return record(reshapeKernel(x, shape), 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

/** Flattens dims startDim..endDim into one (torch.flatten). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim, 'flatten', x.shape);
  const e = normalizeDim(endDim, x.ndim, 'flatten', x.shape);
  if (s > e) throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  return reshape(x, [...x.shape.slice(0, s), -1, ...x.shape.slice(e + 1)]);
}

/** Inserts a dim of size 1 at `dim` (which may equal ndim, or be negative as in torch.unsqueeze). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1, 'unsqueeze', x.shape);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

/** Removes size-1 dims: `dim` alone, or all of them. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((s) => s !== 1));
  const d = normalizeDim(dim, x.ndim, 'squeeze', x.shape);
  return x.shape[d] === 1 ? reshape(x, [...x.shape.slice(0, d), ...x.shape.slice(d + 1)]) : x;
}

/** Reorders dims: out.shape[k] = x.shape[dims[k]]. ∂ is permuted by the inverse. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const perm = checkPermutation(dims, x.shape);
  const inverse = new Array<number>(perm.length);
  perm.forEach((d, k) => (inverse[d] = k));
  return record(permuteKernel(x, perm), 'permute', [x], (g) => [permute(g, inverse)]);
}

/** Swaps two dims (default: the last two, a matrix transpose). */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  const a = normalizeDim(dim0, x.ndim, 'transpose', x.shape);
  const b = normalizeDim(dim1, x.ndim, 'transpose', x.shape);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** x broadcast to `shape` and materialized. ∂ is summed back to x's shape. */
export function expand(x: Tensor, shape: Shape): Tensor {
  return record(expandKernel(x, shape), 'expand', [x], (g) => [sumToShape(g, x.shape)]);
}

/** Sums g over the dims along which `shape` was broadcast to g's shape: the adjoint of expand. */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0) throw new Error(`sumToShape: cannot sum ${formatShape(g.shape)} down to the longer shape ${formatShape(shape)}`);
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead) dims.push(i);
    else if (shape[i - lead] === 1 && g.shape[i] !== 1) dims.push(i);
    else if (shape[i - lead] !== g.shape[i]) {
      throw new Error(`sumToShape: ${formatShape(g.shape)} is not a broadcast of ${formatShape(shape)}`);
    }
  }
  const summed = reduce('sum', g, dims, true);
  const out = reshapeKernel(summed, shape);
  return record(out, 'sumToShape', [g], (gg) => [expand(gg, g.shape)]);
}

/** Joins tensors along `dim`. ∂ is cut back into the pieces. */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  const out = concatKernel(tensors, dim);
  const d = normalizeDim(dim, out.ndim, 'concat', out.shape);
  return record(out, 'concat', tensors, (g) => {
    let start = 0;
    return tensors.map((t) => {
      const piece = t.requiresGrad ? narrow(g, d, start, t.shape[d]!) : null;
      start += t.shape[d]!;
      return piece;
    });
  });
}

/** Stacks same-shape tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: needs at least one tensor');
  const first = tensors[0]!;
  tensors.forEach((t, k) => {
    if (t.shape.length !== first.shape.length || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new Error(`stack: tensor ${k} has shape ${formatShape(t.shape)}, expected ${formatShape(first.shape)}`);
    }
  });
  return concat(tensors.map((t) => unsqueeze(t, dim)), dim);
}

/** x[..., start:start+length, ...] along `dim`. ∂ is zero-padded back to x's size. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'narrow', x.shape);
  return record(narrowKernel(x, d, start, length), 'narrow', [x], (g) => {
    const pads = new Array<number>(2 * (x.ndim - d)).fill(0);
    pads[pads.length - 2] = start;
    pads[pads.length - 1] = x.shape[d]! - start - length;
    return [pad(g, pads)];
  });
}

/** Rows start..end-1 of x (a minibatch slice), as x[start:end]. */
export function sliceRows(x: Tensor, start: number, end: number): Tensor {
  return narrow(x, 0, start, end - start);
}

/** The slices `indices` along `dim` (repeats allowed). ∂ is scatter-added back. */
export function indexSelect(x: Tensor, dim: number, indices: Int32Array): Tensor {
  const d = normalizeDim(dim, x.ndim, 'indexSelect', x.shape);
  return record(indexSelectKernel(x, d, indices), 'indexSelect', [x], (g) => [indexAdd(x.shape, d, indices, g)]);
}

/** Rows `indices` of x: a minibatch gather. */
export function takeRows(x: Tensor, indices: Int32Array): Tensor {
  return indexSelect(x, 0, indices);
}

/** Zeros of `shape` with src's slices added at `indices` along dim: the adjoint of indexSelect. */
export function indexAdd(shape: Shape, dim: number, indices: Int32Array, src: Tensor): Tensor {
  return record(indexAddKernel(shape, dim, indices, src), 'indexAdd', [src], (g) => [indexSelect(g, dim, indices)]);
}

/**
 * Constant padding, torch.nn.functional.pad's convention: pads = [before, after] pairs from the last dim
 * backward. Negative pads crop. ∂ is the same window cut out of the gradient.
 */
export function pad(x: Tensor, pads: readonly number[], value = 0): Tensor {
  if (!Number.isFinite(value)) throw new Error(`pad: value must be finite, got ${value}`);
  return record(padKernel(x, pads, value), 'pad', [x], (g) => [pad(g, pads.map((p) => -p))]);
}

