import { leakyReluBackwardKernel, tanhBackwardKernel, unary } from '../../tensor/elementwise.js';
import { isGradEnabled } from '../gradMode.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkFinite, record } from '../record.js';
import { mul, sub } from './arithmetic.js';
import { where } from './compare.js';

/** tanh x. ∂/∂x = 1 − tanh²x. */
export function tanh(x: Tensor): Tensor {
  const out = unary('tanh', x);
  return record(out, 'tanh', [x], (g) => [
    // Without a graph to record (createGraph off), one fused pass with the same roundings.
    isGradEnabled() || g.shape.length !== out.shape.length || g.size !== out.size
      ? mul(g, sub(1, mul(out, out)))
      : tanhBackwardKernel(g, out),
  ]);
}

/** σ(x) = 1/(1 + e^−x). ∂/∂x = σ(x)(1 − σ(x)). */
export function sigmoid(x: Tensor): Tensor {
  const out = unary('sigmoid', x);
  return record(out, 'sigmoid', [x], (g) => [mul(g, mul(out, sub(1, out)))]);
}

/** max(x, 0). ∂/∂x = 1 where x > 0, else 0. */
export function relu(x: Tensor): Tensor {
  return record(unary('relu', x), 'relu', [x], (g) => [mul(g, unary('step', x))]);
}

/** x where x > 0, else slope·x (PyTorch's default slope 0.01). ∂/∂x = 1 or slope. */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  checkFinite(slope, 'leakyRelu', 'slope');
  return record(unary('leakyRelu', x, slope), 'leakyRelu', [x], (g) => [
    // Without a graph to record (createGraph off), one fused pass replaces the mask and the product.
    isGradEnabled() || g.shape.length !== x.shape.length || g.size !== x.size
      ? mul(g, unary('leakyReluSlope', x, slope))
      : leakyReluBackwardKernel(g, x, slope),
  ]);
}

/**
 * softplus(x) = log(1 + e^{βx})/β, linear once βx > threshold (torch.nn.functional.softplus defaults β = 1, threshold = 20).
 * ∂/∂x = σ(βx), or 1 in the linear region.
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  checkFinite(beta, 'softplus', 'beta');
  checkFinite(threshold, 'softplus', 'threshold');
  if (beta === 0) throw new Error('softplus: beta must be non-zero, got 0');
  return record(unary('softplus', x, beta, threshold), 'softplus', [x], (g) => {
    const bx = mul(x, beta);
    const linear = unary('step', unary('addScalar', bx, -threshold).detach());
    return [mul(g, where(linear, 1, sigmoid(bx)))];
  });
}
