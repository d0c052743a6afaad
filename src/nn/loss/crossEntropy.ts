/**
 * Softmax cross-entropy with integer class targets, as torch.nn.functional.cross_entropy (mean reduction):
 *   ℓ = −(1/B) Σ_i log softmax(x_i)[t_i],   log softmax(x_i) = s_i − log Σ_c e^{s_ic},   s_i = x_i − max_c x_ic,
 *   ∂ℓ/∂x_ic = (softmax(x_i)_c − [c = t_i]) / B.
 * One fused pass each way. Every intermediate is rounded to the logits' dtype in the order of the composition
 * neg(mean(sum(logSoftmax · oneHot, 1))) with exp/log/sum ops, so the loss and its gradient are the composition's
 * bytes (test/crossEntropy.test.ts). When the backward pass is itself recorded (second order), the same steps
 * are built from differentiable ops instead.
 */
import { isGradEnabled } from '../../autograd/gradMode.js';
import { record } from '../../autograd/record.js';
import { add, div, mul, neg, sub } from '../../autograd/ops/arithmetic.js';
import { exp } from '../../autograd/ops/math.js';
import { max, sum } from '../../autograd/ops/reduce.js';
import { Tensor, formatShape } from '../../tensor/tensor.js';
import type { FloatArray } from '../../tensor/tensor.js';

/** logits: [batch, classes], targets: [batch] in 0..classes-1 → scalar mean of −log softmax(logits)[target]. */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  const fn = 'crossEntropy';
  if (logits.ndim !== 2) throw new Error(`${fn}: logits must be [batch, classes], got ${formatShape(logits.shape)}`);
  const [batch, classes] = logits.shape as [number, number];
  if (targets.length !== batch) throw new Error(`${fn}: ${targets.length} targets for a batch of ${batch}`);
  if (batch === 0) throw new Error(`${fn}: cannot average over an empty batch`);
  for (let i = 0; i < batch; i++) {
    const t = targets[i]!;
    if (!(t >= 0 && t < classes)) throw new Error(`${fn}: targets[${i}] = ${t} is outside 0..${classes - 1}`);
  }
  const x = logits.data;
  // e = exp(x − max) per element and S = Σ_c e per row, kept for the backward pass.
  const e = Tensor.empty([batch, classes], logits.dtype).data;
  const rowSums = Tensor.empty([batch], logits.dtype).data;
  const scratch = Tensor.empty([2], logits.dtype).data; // rounds each scalar to the dtype
  let total = 0;
  for (let i = 0; i < batch; i++) {
    const row = i * classes, t = targets[i]!;
    let m = -Infinity;
    for (let c = 0; c < classes; c++) {
      const v = x[row + c]!;
      if (v > m || v !== v) m = v;
    }
    let s = 0;
    for (let c = 0; c < classes; c++) {
      e[row + c] = x[row + c]! - m; // the shifted logit, for now
      const shifted = e[row + c]!;
      e[row + c] = Math.exp(shifted);
      s += e[row + c]!;
    }
    rowSums[i] = s;
    scratch[0] = Math.log(rowSums[i]!);
    // Σ_c logSoftmax_c · oneHot_c: the target's term, plus ±0 (or NaN) from the others.
    let picked = 0;
    for (let c = 0; c < classes; c++) {
      scratch[1] = x[row + c]! - m;
      scratch[1] = scratch[1]! - scratch[0]!;
      scratch[1] = scratch[1]! * (c === t ? 1 : 0);
      picked += scratch[1]!;
    }
    scratch[1] = picked;
    total += scratch[1]!;
  }
  const out = Tensor.empty([], logits.dtype);
  out.data[0] = total;
  out.data[0] = out.data[0]! * (1 / batch);
  out.data[0] = -out.data[0]!;
  return record(out, fn, [logits], (g) => [
    isGradEnabled()
      ? recordedGradient(g, logits, targets)
      : fusedGradient(g, e, rowSums, targets, batch, classes, logits.dtype),
  ]);
}

/** ∂ℓ/∂x for upstream g (a scalar): with a = −g/B, a·oneHot − (a/S)·e, rounded as the composition's backward. */
function fusedGradient(g: Tensor, e: FloatArray, rowSums: FloatArray, targets: Int32Array, batch: number, classes: number, dtype: Tensor['dtype']): Tensor {
  const grad = Tensor.empty([batch, classes], dtype);
  const o = grad.data;
  const r = Tensor.empty([3], dtype).data;
  r[0] = -g.data[0]!;
  r[0] = r[0]! * (1 / batch); // a
  for (let i = 0; i < batch; i++) {
    const row = i * classes, t = targets[i]!;
    let back = 0; // Σ_c −(a·oneHot_c): the gradient reaching log S
    for (let c = 0; c < classes; c++) {
      r[1] = r[0]! * (c === t ? 1 : 0);
      r[1] = -r[1]!;
      back += r[1]!;
    }
    r[1] = back;
    r[1] = r[1]! / rowSums[i]!; // the gradient reaching S, broadcast over the row
    for (let c = 0; c < classes; c++) {
      r[2] = r[1]! * e[row + c]!;
      o[row + c] = r[2]! + r[0]! * (c === t ? 1 : 0);
    }
  }
  return grad;
}

/** The same gradient, with the same roundings, from differentiable ops: for a recorded backward pass. */
function recordedGradient(g: Tensor, logits: Tensor, targets: Int32Array): Tensor {
  const [batch, classes] = logits.shape as [number, number];
  const oneHot = Tensor.empty([batch, classes], logits.dtype);
  for (let i = 0; i < batch; i++) oneHot.data[i * classes + targets[i]!] = 1;
  const e = exp(sub(logits, max(logits, 1, true).detach()));
  const a = mul(neg(g), 1 / batch);
  const picked = mul(a, oneHot);
  const back = sum(neg(picked), 1, true);
  return add(picked, mul(div(back, sum(e, 1, true)), e));
}
