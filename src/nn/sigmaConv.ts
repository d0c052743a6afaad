import { matmul, mul, reshape } from '../autograd/index.js';
import { svd } from '../linalg/svd.js';
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
    const { u, s, vt } = svd(Float64Array.from(base.weight.data), rows, cols);
    const p = s.length;
    const k = source instanceof LowRankConv2d ? Math.min(source.rank, p) : p;
    this.k = k;
    const uk = Tensor.empty([rows, k], dtype);
    for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) uk.data[i * k + j] = u[i * p + j]!;
    const vk = Tensor.empty([k, cols], dtype);
    vk.data.set(vt.subarray(0, k * cols));
    const sk = Tensor.empty([k], dtype);
    sk.data.set(s.subarray(0, k));
    this.base = this.registerModule('base', base);
    this.u = this.registerBuffer('u', uk);
    this.vt = this.registerBuffer('vt', vk);
    this.sigma = this.registerParameter('sigma', sk);
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
