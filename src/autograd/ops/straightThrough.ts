import { Tensor } from '../../tensor/tensor.js';
import { checkFinite, record } from '../record.js';
import { mul, sub } from './arithmetic.js';
import { sum } from './reduce.js';

/**
 * Straight-through softmax (Bengio et al. 2013; the "hard" Gumbel-softmax of Jang et al. 2017 without
 * the noise). logits: [batch, k] → [batch, k] one-hot rows, exactly 0 and 1, at each row's largest
 * logit (the first of ties). The backward pass treats the output as p = softmax(logits/τ):
 *   ∂L/∂logits = p ⊙ (g − ⟨g, p⟩) / τ,
 * so the generator learns from the discriminator's gradient although what D sees is a hard category.
 * p is a constant of the backward graph (second derivatives through it are taken as 0).
 */
export function straightThroughSoftmax(logits: Tensor, temperature: number): Tensor {
  const fn = 'straightThroughSoftmax';
  checkFinite(temperature, fn, 'temperature');
  if (!(temperature > 0)) throw new Error(`${fn}: temperature must be > 0, got ${temperature}`);
  if (logits.shape.length !== 2 || logits.shape[1]! < 1) throw new Error(`${fn}: logits must be [batch, k] with k ≥ 1, got [${logits.shape.join(', ')}]`);
  const [rows, k] = logits.shape as [number, number];
  const src = logits.data;
  const hard = Tensor.empty([rows, k], logits.dtype);
  const p = Tensor.empty([rows, k], logits.dtype);
  const h = hard.data, q = p.data;
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    let best = 0;
    for (let j = 1; j < k; j++) if (src[o + j]! > src[o + best]!) best = j;
    h[o + best] = 1;
    // Softmax from the largest logit down, so no exponent overflows.
    const top = src[o + best]!;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp((src[o + j]! - top) / temperature);
      q[o + j] = e;
      total += e;
    }
    for (let j = 0; j < k; j++) q[o + j] = q[o + j]! / total;
  }
  return record(hard, fn, [logits], (g) => [mul(mul(p, sub(g, sum(mul(g, p), 1, true))), 1 / temperature)]);
}
