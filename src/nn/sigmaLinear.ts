import { linear, matmul, mul } from '../autograd/index.js';
import { truncatedSvd } from '../linalg/truncatedSvd.js';
import { tensor } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { checkFeatures } from './checks.js';
import { FrozenLinear, type PretrainedLinear } from './frozenLinear.js';
import { LowRankLinear } from './lowRankLinear.js';
import { Module } from './module.js';

/**
 * Singular-value adaptation (Robb et al. 2020, "Few-shot adaptation of generative adversarial networks"):
 * the source weight is decomposed W = U·diag(s)·Vᵀ and only σ (initialized to s) is trained:
 * y = ((x·V) ⊙ σ)·Uᵀ + b.
 * x: [..., in] → [..., out]. Buffers `u` [out, k] (orthonormal columns), `vt` [k, in] (orthonormal rows),
 * `bias` [out] (frozen); parameter `sigma` [k]. k = min(in, out) for a Linear (thin SVD of W), and the
 * factor rank r for a LowRankLinear, whose U·V is re-orthogonalized by the SVD of the product (its
 * singular values beyond r are zero). Step 0 reproduces the source up to the SVD's rounding.
 */
export class SigmaLinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly k: number;
  readonly u: Tensor;
  readonly vt: Tensor;
  readonly sigma: Tensor;
  readonly bias: Tensor | null;

  constructor(source: PretrainedLinear) {
    super();
    const base = new FrozenLinear(source);
    const out = base.outFeatures;
    const inp = base.inFeatures;
    this.inFeatures = inp;
    this.outFeatures = out;
    const w = base.denseWeight();
    const dtype = w.dtype;
    const p = Math.min(out, inp);
    const k = source instanceof LowRankLinear ? Math.min(source.rank, p) : p;
    const { u, s, vt } = truncatedSvd(w.data, out, inp, k);
    this.k = k;
    this.u = this.registerBuffer('u', tensor(u, [out, k], { dtype }));
    this.vt = this.registerBuffer('vt', tensor(vt, [k, inp], { dtype }));
    this.sigma = this.registerParameter('sigma', tensor(s, [k], { dtype }));
    this.bias = base.bias && this.registerBuffer('bias', base.bias);
  }

  get label(): string {
    return `SigmaLinear(${this.inFeatures}→${this.outFeatures}, k ${this.k})`;
  }

  /** x: [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    checkFeatures(this.label, x, this.inFeatures);
    const coords = mul(matmul(x, this.vt, { transB: true }), this.sigma);
    return linear(coords, this.u, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, k=${this.k}, bias=${this.bias !== null}`;
  }
}
