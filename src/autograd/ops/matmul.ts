import { matmulKernel } from '../../tensor/matmul.js';
import type { Tensor } from '../../tensor/tensor.js';
import { record } from '../record.js';
import { reshape } from './shape.js';

export interface MatmulOptions {
  /** Use Aᵀ: a is stored [..., k, m]. */
  transA?: boolean;
  /** Use Bᵀ: b is stored [..., n, k]. */
  transB?: boolean;
}

/**
 * C = op(A)·op(B) over the last two dims, batch dims broadcast (torch.matmul). A 1-D a is a row
 * vector and a 1-D b a column vector, and that dim is dropped from the result, as in PyTorch.
 * a: [..., m, k], b: [..., k, n] → [..., m, n].
 *
 * Backward, for C = A·B: ∂A = ∂C·Bᵀ and ∂B = Aᵀ·∂C. The transposed forms follow by transposing
 * both sides; no transpose is ever materialized, the kernel reads the operand transposed.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  if (a.ndim === 1 || b.ndim === 1) {
    const a2 = a.ndim === 1 ? reshape(a, [1, a.shape[0]!]) : a;
    const b2 = b.ndim === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
    const c = matmul(a2, b2, { transA: a.ndim === 1 ? false : transA, transB: b.ndim === 1 ? false : transB });
    const shape = c.shape.slice();
    if (b.ndim === 1) shape.splice(shape.length - 1, 1);
    if (a.ndim === 1) shape.splice(shape.length - (b.ndim === 1 ? 1 : 2), 1);
    return reshape(c, shape);
  }
  const out = matmulKernel(a, b, transA, transB);
  return record(out, 'matmul', [a, b], (g) => [
    a.requiresGrad ? gradA(g, b, transA, transB) : null,
    b.requiresGrad ? gradB(g, a, transA, transB) : null,
  ]);
}

/** ∂L/∂A (in A's stored layout). */
function gradA(g: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  if (!transA) return matmul(g, b, { transB: !transB }); // ∂A = ∂C·op(B)ᵀ
  return matmul(b, g, { transA: transB, transB: true }); // ∂(Aᵀ) = ∂C·op(B)ᵀ, so ∂A = op(B)·∂Cᵀ
}

/** ∂L/∂B (in B's stored layout). */
function gradB(g: Tensor, a: Tensor, transA: boolean, transB: boolean): Tensor {
  if (!transB) return matmul(a, g, { transA: !transA }); // ∂B = op(A)ᵀ·∂C
  return matmul(g, a, { transA: true, transB: transA }); // ∂(Bᵀ) = op(A)ᵀ·∂C, so ∂B = ∂Cᵀ·op(A)
}
