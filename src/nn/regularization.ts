// Differentiable penalties to add to a loss.
import { abs, add, mul, square, sum } from '../autograd/index.js';
import { scalar } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { LowRankLinear } from './lowRankLinear.js';
import type { Module } from './module.js';

function total(params: readonly Tensor[], term: (p: Tensor) => Tensor): Tensor {
  let out: Tensor | null = null;
  for (const p of params) {
    const t = term(p);
    out = out === null ? t : add(out, t);
  }
  return out ?? scalar(0);
}

/** Σ|θ| over all entries of all params (0 for an empty list). ∂ = sign(θ), 0 at 0. → []. */
export function l1Penalty(params: readonly Tensor[]): Tensor {
  return total(params, (p) => sum(abs(p)));
}

/**
 * Σθ² over all entries of all params (0 for an empty list). → [].
 * PyTorch's weight_decay = λ adds λ·θ to the gradient, which is the gradient of (λ/2)·Σθ²: for SGD,
 * weight_decay λ equals adding (λ/2)·l2Penalty(params) to the loss. (For Adam this is the coupled
 * L2 of torch.optim.Adam, not AdamW's decoupled decay.)
 */
export function l2Penalty(params: readonly Tensor[]): Tensor {
  return total(params, (p) => sum(square(p)));
}

/**
 * ½(‖U‖²_F + ‖V‖²_F) of a low-rank layer's trainable factors (the raw ones under spectral norm). → [].
 * It bounds the nuclear norm from above, ‖UV‖_* ≤ ½(‖U‖²_F + ‖V‖²_F), with equality for the balanced
 * factorization U = P·diag(√s), V = diag(√s)·Qᵀ; minimizing it over factorizations of a fixed product
 * gives the nuclear norm (Srebro, Rennie & Jaakkola, "Maximum-Margin Matrix Factorization", NIPS 2005).
 */
export function factorPenalty(layer: LowRankLinear): Tensor {
  return mul(add(sum(square(layer.u)), sum(square(layer.v))), 0.5);
}

/**
 * Σ factorPenalty over every LowRankLinear in the module tree(s), each layer counted once (0 if there
 * is none). → [].
 */
export function nuclearNormBound(modules: Module | readonly Module[]): Tensor {
  const seen = new Set<LowRankLinear>();
  let out: Tensor | null = null;
  for (const root of Array.isArray(modules) ? modules : [modules]) {
    for (const m of (root as Module).modules()) {
      if (!(m instanceof LowRankLinear) || seen.has(m)) continue;
      seen.add(m);
      const t = factorPenalty(m);
      out = out === null ? t : add(out, t);
    }
  }
  return out ?? scalar(0);
}
