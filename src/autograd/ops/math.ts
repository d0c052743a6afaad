import { unary } from '../../tensor/elementwise.js';
import type { Tensor } from '../../tensor/tensor.js';
import { record } from '../record.js';
import { add, div, mul } from './arithmetic.js';

export { log } from './arithmetic.js';

/** eˣ. ∂/∂x = eˣ, the output itself. */
export function exp(x: Tensor): Tensor {
  const out = unary('exp', x);
  return record(out, 'exp', [x], (g) => [mul(g, out)]);
}

/** log(1 + x), accurate near 0. ∂/∂x = 1/(1 + x). */
export function log1p(x: Tensor): Tensor {
  return record(unary('log1p', x), 'log1p', [x], (g) => [div(g, add(x, 1))]);
}

/** √x. ∂/∂x = 1/(2√x). */
export function sqrt(x: Tensor): Tensor {
  const out = unary('sqrt', x);
  return record(out, 'sqrt', [x], (g) => [div(g, mul(out, 2))]);
}

/** |x|. ∂/∂x = sign(x) (0 at 0, as PyTorch). */
export function abs(x: Tensor): Tensor {
  return record(unary('abs', x), 'abs', [x], (g) => [mul(g, unary('sign', x))]);
}

/** sign(x) ∈ {−1, 0, 1}; not differentiable (gradient 0). */
export function sign(x: Tensor): Tensor {
  return unary('sign', x);
}
