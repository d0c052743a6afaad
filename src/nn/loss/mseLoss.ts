import { Tensor } from '../../tensor/tensor.js';
import { div, square, sub } from '../../autograd/ops/arithmetic.js';
import { sum } from '../../autograd/ops/reduce.js';
import { checkReduction, checkSameShape, meanCount } from './reduction.js';
import type { Reduction } from './reduction.js';

export interface MseLossOptions {
  /** 'mean' (default), 'sum' or 'none' (per-element losses, the input's shape). */
  reduction?: Reduction;
}

const FN = 'mseLoss';

/**
 * Mean squared error, as torch.nn.functional.mse_loss: ℓ = (x − y)².
 * input, target: same shape (a mismatch is an error; PyTorch would broadcast with a warning).
 * Returns a 0-d tensor, or the input's shape for reduction 'none'. ∂ℓ/∂x = 2(x − y), ∂ℓ/∂y = −2(x − y).
 */
export function mseLoss(input: Tensor, target: Tensor, options: MseLossOptions = {}): Tensor {
  const reduction = checkReduction(FN, options.reduction ?? 'mean');
  checkSameShape(FN, input, target, 'input', 'target');
  const count = meanCount(FN, reduction, input.size);
  const squared = square(sub(input, target));
  if (reduction === 'none') return squared;
  if (reduction === 'sum') return sum(squared);
  // Σ/N by a true division, as PyTorch's mean (not Σ·(1/N)).
  const n = Tensor.empty([], squared.dtype);
  n.data[0] = count;
  return div(sum(squared), n);
}
