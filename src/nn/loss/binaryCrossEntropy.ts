import { promote } from '../../tensor/elementwise.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatArray } from '../../tensor/tensor.js';
import { record } from '../../autograd/record.js';
import { div, log, mul, neg, sub } from '../../autograd/ops/arithmetic.js';
import { log1p } from '../../autograd/ops/math.js';
import { clamp, maximum } from '../../autograd/ops/compare.js';
import {
  broadcastValues, checkConstant, checkReduction, checkSameShape, elementGrad, meanCount, reducedValue,
} from './reduction.js';
import type { Reduction } from './reduction.js';

export interface BinaryCrossEntropyOptions {
  /** 'mean' (default), 'sum' or 'none' (per-element losses, the input's shape). */
  reduction?: Reduction;
  /** Per-element rescaling w, broadcast to the input's shape. A constant: it must not require grad. */
  weight?: Tensor;
}

const FN = 'binaryCrossEntropy';
/** PyTorch clamps each log at −100 so that p = 0 or 1 gives a finite loss. */
const LOG_FLOOR = -100;
/** PyTorch's floor on p(1 − p) in the gradient's denominator: 1e-12 as a C float constant (≈ 9.999999960e-13). */
const EPSILON = Math.fround(1e-12);

/**
 * Binary cross-entropy on probabilities, as torch.nn.functional.binary_cross_entropy:
 *   ℓ = −w·[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)].
 * probs must lie in [0, 1] (else an error, as PyTorch); probs, targets: same shape.
 * Returns a 0-d tensor, or the input's shape for reduction 'none'.
 * ∂ℓ/∂p = w·(p − y) / max(p(1 − p), ε), ε = float32(1e-12) (PyTorch's rule, finite at p = 0 and 1).
 * ∂ℓ/∂y = w·[max(log(1 − p), −100) − max(log p, −100)], the derivative of the clamped loss
 * (PyTorch uses the unclamped −logit(p), infinite at p = 0 or 1; the two agree wherever the clamps are inactive).
 */
export function binaryCrossEntropy(probs: Tensor, targets: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction(FN, options.reduction ?? 'mean');
  checkSameShape(FN, probs, targets, 'probs', 'targets');
  const { weight } = options;
  checkConstant(FN, 'weight', weight);
  const n = probs.size;
  const count = meanCount(FN, reduction, n);
  const dtype = weight ? promote(promote(probs.dtype, targets.dtype), weight.dtype) : promote(probs.dtype, targets.dtype);
  const w: FloatArray | null = weight ? broadcastValues(FN, 'weight', weight, probs.shape) : null;

  const p = probs.data, y = targets.data;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    if (!(pi >= 0 && pi <= 1)) throw new Error(`${FN}: all elements of probs should be between 0 and 1, got ${pi} at index ${i}`);
  }
  const perElement = reduction === 'none' ? Tensor.empty(probs.shape, dtype) : null;
  const o = perElement ? perElement.data : null;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!, yi = y[i]!;
    const logP = Math.max(Math.log(pi), LOG_FLOOR);
    const log1mP = Math.max(Math.log1p(-pi), LOG_FLOOR);
    let l = -(yi * logP + (1 - yi) * log1mP);
    if (w) l *= w[i]!;
    if (o) o[i] = l;
    total += l;
  }
  const out = perElement ?? reducedValue(total, count, reduction as 'mean' | 'sum', dtype);

  return record(out, FN, [probs, targets], (g) => {
    let gl = elementGrad(g, reduction, count);
    if (weight) gl = mul(gl, weight);
    const dp = probs.requiresGrad ? mul(gl, div(sub(probs, targets), maximum(mul(probs, sub(1, probs)), EPSILON))) : null;
    const dy = targets.requiresGrad
      ? mul(gl, sub(clamp(log1p(neg(probs)), LOG_FLOOR), clamp(log(probs), LOG_FLOOR)))
      : null;
    return [dp, dy];
  });
}
