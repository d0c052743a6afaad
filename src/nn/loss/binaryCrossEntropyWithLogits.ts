import { promote } from '../../tensor/elementwise.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatArray } from '../../tensor/tensor.js';
import { record } from '../../autograd/record.js';
import { add, mul, neg, sub } from '../../autograd/ops/arithmetic.js';
import { sigmoid, softplus } from '../../autograd/ops/activation.js';
import {
  broadcastValues, checkConstant, checkReduction, checkSameShape, elementGrad, meanCount, reducedValue,
} from './reduction.js';
import type { Reduction } from './reduction.js';

export interface BinaryCrossEntropyWithLogitsOptions {
  /** 'mean' (default), 'sum' or 'none' (per-element losses, the input's shape). */
  reduction?: Reduction;
  /**
   * Weight pw of the positive term, a number or a tensor broadcast to the input's shape (torch's pos_weight,
   * typically [C] for the last dim). A constant: it must not require grad.
   */
  posWeight?: Tensor | number;
  /** Per-element rescaling w, broadcast to the input's shape. A constant: it must not require grad. */
  weight?: Tensor;
}

const FN = 'binaryCrossEntropyWithLogits';
/** softplus without its linear cut-off, so that log(1 + e^z) stays exact for large z. */
const NO_THRESHOLD = Number.MAX_VALUE;

/**
 * Binary cross-entropy on logits, as torch.nn.functional.binary_cross_entropy_with_logits:
 *   ℓ = w·[(1 − y)·x + (1 + (pw − 1)·y)·(log1p(e^{−|x|}) + max(−x, 0))],
 * the stable form of −w·[pw·y·log σ(x) + (1 − y)·log(1 − σ(x))]; finite for any finite logit.
 *
 * logits, targets: same shape (any). Returns a 0-d tensor, or the input's shape for reduction 'none'.
 * Gradients (second order too) flow to logits and to targets:
 *   ∂ℓ/∂x = w·[σ(x)·(1 + (pw − 1)·y) − pw·y],   ∂ℓ/∂y = w·[−x + (pw − 1)·softplus(−x)] = w·[log(1 − σ(x)) − pw·log σ(x)].
 * weight and posWeight are constants.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const reduction = checkReduction(FN, options.reduction ?? 'mean');
  checkSameShape(FN, logits, targets, 'logits', 'targets');
  const { weight } = options;
  const pw = options.posWeight ?? 1;
  checkConstant(FN, 'weight', weight);
  if (pw instanceof Tensor) checkConstant(FN, 'posWeight', pw);
  else if (!Number.isFinite(pw)) throw new Error(`${FN}: posWeight must be a finite number or a Tensor, got ${pw}`);

  const n = logits.size;
  const count = meanCount(FN, reduction, n);
  let dtype = promote(logits.dtype, targets.dtype);
  if (weight) dtype = promote(dtype, weight.dtype);
  if (pw instanceof Tensor) dtype = promote(dtype, pw.dtype);
  const w: FloatArray | null = weight ? broadcastValues(FN, 'weight', weight, logits.shape) : null;
  const pwValues: FloatArray | null = pw instanceof Tensor ? broadcastValues(FN, 'posWeight', pw, logits.shape) : null;
  const pwNumber = typeof pw === 'number' ? pw : 1;

  const x = logits.data, y = targets.data;
  const perElement = reduction === 'none' ? Tensor.empty(logits.shape, dtype) : null;
  const o = perElement ? perElement.data : null;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!, yi = y[i]!;
    const p = pwValues ? pwValues[i]! : pwNumber;
    // softplus(−x) = log(1 + e^{−x}) = −log σ(x), with the exponential never overflowing.
    const softplusNeg = Math.log1p(Math.exp(-Math.abs(xi))) + (xi < 0 ? -xi : 0);
    let l = (1 - yi) * xi + (1 + (p - 1) * yi) * softplusNeg;
    if (w) l *= w[i]!;
    if (o) o[i] = l;
    total += l;
  }
  const out = perElement ?? reducedValue(total, count, reduction as 'mean' | 'sum', dtype);

  return record(out, FN, [logits, targets], (g) => {
    let gl = elementGrad(g, reduction, count);
    if (weight) gl = mul(gl, weight);
    let dx: Tensor | null = null;
    let dy: Tensor | null = null;
    if (logits.requiresGrad) {
      const s = sigmoid(logits);
      if (pw instanceof Tensor) dx = sub(mul(s, add(mul(targets, sub(pw, 1)), 1)), mul(targets, pw));
      else if (pw === 1) dx = sub(s, targets);
      else dx = sub(mul(s, add(mul(targets, pw - 1), 1)), mul(targets, pw));
      dx = mul(gl, dx);
    }
    if (targets.requiresGrad) {
      dy = neg(logits);
      if (pw instanceof Tensor) dy = add(dy, mul(sub(pw, 1), softplus(neg(logits), 1, NO_THRESHOLD)));
      else if (pw !== 1) dy = add(dy, mul(softplus(neg(logits), 1, NO_THRESHOLD), pw - 1));
      dy = mul(gl, dy);
    }
    return [dx, dy];
  });
}
