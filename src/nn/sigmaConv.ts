import { matmul, mul, reshape } from '../autograd/index.js';
import { truncatedSvd } from '../linalg/truncatedSvd.js';
import { tensor } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { FrozenConv, type PretrainedConv } from './frozenConv.js';
import { LowRankConv2d } from './lowRankConv2d.js';
import { Module } from './module.js';

/**
 * Singular-value adaptation (Robb et al. 2020) of a pretrained convolution: the kernel as a matrix
 * W [rows, cols] (FrozenConv.matrixShape) = U·diag(s)·Vᵀ, and the layer convolves with U·diag(σ)·Vᵀ,
 * σ (init s) the only trainable part. Buffers `u` [rows, k], `vt` [k, cols], `base.weight`, `base.bias`;
 * parameter `sigma` [k], k = min(rows, cols), or the rank of a LowRankConv2d. Step 0 is the source up to
 * the SVD's rounding.
 */
export class SigmaConv extends Module {
  readonly k: number;
  readonly base: FrozenConv;
  readonly u: Tensor;
  readonly vt: Tensor;
  readonly sigma: Tensor;

  constructor(source: PretrainedConv) {
    super();
    const base = new FrozenConv(source);
    const [rows, cols] = base.matrixShape;
    const dtype = base.weight.dtype;
    const p = Math.min(rows, cols);
    const k = source instanceof LowRankConv2d ? Math.min(source.rank, p) : p;
    const { u, s, vt } = truncatedSvd(base.weight.data, rows, cols, k);
    this.k = k;
    this.base = this.registerModule('base', base);
    this.u = this.registerBuffer('u', tensor(u, [rows, k], { dtype }));
    this.vt = this.registerBuffer('vt', tensor(vt, [k, cols], { dtype }));
    this.sigma = this.registerParameter('sigma', tensor(s, [k], { dtype }));
  }

  get label(): string {
    return `SigmaConv(${this.base.label}, k ${this.k})`;
  }

  /** x: [batch, in, H, W] → [batch, out, OH, OW]. */
  forward(x: Tensor): Tensor {
    const w = matmul(mul(this.u, this.sigma), this.vt);
    return this.base.convolve(x, reshape(w, this.base.weight.shape));
  }

  override extraRepr(): string {
    return `k=${this.k}`;
  }
}
