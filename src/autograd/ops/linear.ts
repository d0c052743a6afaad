import { addRowVectorInPlace } from '../../tensor/elementwise.js';
import { matmulKernel } from '../../tensor/matmul.js';
import type { Tensor } from '../../tensor/tensor.js';
import { record } from '../record.js';
import { add } from './arithmetic.js';
import { matmul } from './matmul.js';
import { sumToShape } from './shape.js';

/**
 * y = x·Wᵀ + b (torch.nn.functional.linear). x: [..., in], w: [out, in], bias: [out] or null → [..., out].
 * For a 2-D x whose dtype matches the weight and bias, the bias is added in place into the product's fresh
 * buffer: one graph node and no broadcast temporary, with the same values as add(matmul(x, w, {transB}), b).
 * Backward: ∂x = ∂y·W, ∂W = ∂yᵀ·x, ∂b = Σ_rows ∂y, all differentiable (second order works).
 */
export function linear(x: Tensor, w: Tensor, bias: Tensor | null): Tensor {
  const fast = x.ndim === 2 && w.ndim === 2 && x.dtype === w.dtype
    && (bias === null || (bias.ndim === 1 && bias.dtype === w.dtype && bias.shape[0] === w.shape[0]));
  if (!fast) {
    const y = matmul(x, w, { transB: true });
    return bias ? add(y, bias) : y;
  }
  const out = matmulKernel(x, w, false, true);
  if (bias) addRowVectorInPlace(out.data, bias.data, out.shape[0]!, out.shape[1]!);
  const inputs = bias ? [x, w, bias] : [x, w];
  return record(out, 'linear', inputs, (g) => [
    x.requiresGrad ? matmul(g, w) : null,
    w.requiresGrad ? matmul(g, x, { transA: true }) : null,
    bias && bias.requiresGrad ? sumToShape(g, bias.shape) : null,
  ]);
}
