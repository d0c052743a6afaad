/**
 * Softmax cross-entropy with integer class targets, as torch.nn.functional.cross_entropy (mean
 * reduction), written with differentiable ops: log-softmax by the max-shifted log-sum-exp.
 */
import { exp, log, max, mean, mul, neg, sub, sum } from '../../autograd/index.js';
import { Tensor, formatShape } from '../../tensor/tensor.js';

/** logits: [batch, classes], targets: [batch] in 0..classes-1 → scalar mean of −log softmax(logits)[target]. */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  const fn = 'crossEntropy';
  if (logits.ndim !== 2) throw new Error(`${fn}: logits must be [batch, classes], got ${formatShape(logits.shape)}`);
  const [batch, classes] = logits.shape as [number, number];
  if (targets.length !== batch) throw new Error(`${fn}: ${targets.length} targets for a batch of ${batch}`);
  const oneHot = Tensor.empty([batch, classes], logits.dtype);
  for (let i = 0; i < batch; i++) {
    const t = targets[i]!;
    if (!(t >= 0 && t < classes)) throw new Error(`${fn}: targets[${i}] = ${t} is outside 0..${classes - 1}`);
    oneHot.data[i * classes + t] = 1;
  }
  // The shift only guards exp against overflow; log-softmax does not depend on it, so it needs no gradient.
  const shifted = sub(logits, max(logits, 1, true).detach());
  const logSoftmax = sub(shifted, log(sum(exp(shifted), 1, true)));
  return neg(mean(sum(mul(logSoftmax, oneHot), 1)));
}
