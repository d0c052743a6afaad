import { broadcastShapes } from '../../tensor/broadcast.js';
import { expandKernel } from '../../tensor/layout.js';
import { Tensor, formatShape } from '../../tensor/tensor.js';
import type { DType, FloatArray, Shape } from '../../tensor/tensor.js';
import { mul } from '../../autograd/ops/arithmetic.js';

/** How a loss combines its per-element values, as PyTorch's `reduction` argument. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Throws unless `reduction` is one of 'mean', 'sum', 'none'. */
export function checkReduction(fn: string, reduction: unknown): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new Error(`${fn}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  }
  return reduction;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws unless input and target have exactly the same shape (no broadcasting, unlike torch's mse_loss warning). */
export function checkSameShape(fn: string, input: Tensor, target: Tensor, inputName: string, targetName: string): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(`${fn}: ${inputName} has shape ${formatShape(input.shape)} but ${targetName} has shape ${formatShape(target.shape)}; they must match`);
  }
}

/** Throws if an optional per-element factor (weight, posWeight) asks for a gradient: it is treated as a constant, as in PyTorch. */
export function checkConstant(fn: string, name: string, t: Tensor | undefined): void {
  if (t !== undefined && t.requiresGrad) {
    throw new Error(`${fn}: ${name} requires grad, but the loss treats it as a constant (its derivative is not implemented, as in PyTorch); detach it`);
  }
}

/** The values of `t` broadcast to `shape`, contiguous; `t` must broadcast to exactly `shape`. */
export function broadcastValues(fn: string, name: string, t: Tensor, shape: Shape): FloatArray {
  const out = broadcastShapes(t.shape, shape, fn);
  if (!sameShape(out, shape)) {
    throw new Error(`${fn}: ${name} of shape ${formatShape(t.shape)} does not broadcast to the input's shape ${formatShape(shape)}`);
  }
  return sameShape(t.shape, shape) ? t.data : expandKernel(t, shape).data;
}

/** The number of elements a 'mean' divides by; throws for an empty input (PyTorch would return NaN). */
export function meanCount(fn: string, reduction: Reduction, size: number): number {
  if (reduction === 'mean' && size === 0) throw new Error(`${fn}: reduction 'mean' of an empty input is undefined`);
  return size;
}

/** A 0-d tensor holding Σ or Σ/count of the per-element losses. */
export function reducedValue(total: number, count: number, reduction: 'mean' | 'sum', dtype: DType): Tensor {
  const out = Tensor.empty([], dtype);
  out.data[0] = reduction === 'mean' ? total / count : total;
  return out;
}

/** ∂L/∂loss_i from the loss output's gradient: g itself, or g/count for 'mean'. */
export function elementGrad(g: Tensor, reduction: Reduction, count: number): Tensor {
  return reduction === 'mean' ? mul(g, 1 / count) : g;
}
