import { linear, matmul, noGrad } from '../autograd/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkFeatures } from './checks.js';
import { Linear } from './linear.js';
import { LowRankLinear } from './lowRankLinear.js';
import { Module } from './module.js';

/** A pretrained layer an adapter starts from. */
export type PretrainedLinear = Linear | LowRankLinear;

function frozenCopy(t: Tensor): Tensor {
  return new Tensor(t.data.slice(), t.shape);
}

/**
 * A pretrained Linear or LowRankLinear held fixed: y = x·Wᵀ + b, or (x·Vᵀ)·Uᵀ + b for a factorized
 * layer, with every tensor a buffer, so parameters() is empty and an optimizer never moves it.
 * x: [..., in] → [..., out]. Buffers: `weight` [out, in] (a Linear, or any spectral-normed layer,
 * at its effective weight W/σ) or `u` [out, rank] and `v` [rank, in]; `bias` [out] when the source has one.
 * The tensors are copies: training the source afterwards does not change this layer.
 */
export class FrozenLinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Tensor | null;
  readonly u: Tensor | null;
  readonly v: Tensor | null;
  readonly bias: Tensor | null;

  constructor(source: PretrainedLinear) {
    super();
    if (!(source instanceof Linear) && !(source instanceof LowRankLinear)) {
      throw new Error(`FrozenLinear: source must be a Linear or LowRankLinear, got ${(source as object)?.constructor?.name ?? String(source)}`);
    }
    this.inFeatures = source.inFeatures;
    this.outFeatures = source.outFeatures;
    const factorized = source instanceof LowRankLinear && source.spectralNorm === 'none';
    if (factorized) {
      this.weight = null;
      this.u = this.registerBuffer('u', frozenCopy(source.u));
      this.v = this.registerBuffer('v', frozenCopy(source.v));
    } else {
      this.weight = this.registerBuffer('weight', frozenCopy(noGrad(() => source.effectiveWeight())));
      this.u = null;
      this.v = null;
    }
    this.bias = source.bias && this.registerBuffer('bias', frozenCopy(source.bias));
  }

  get label(): string {
    return `FrozenLinear(${this.inFeatures}→${this.outFeatures})`;
  }

  /** W [out, in] (U·V for a factorized source). */
  denseWeight(): Tensor {
    return this.weight ?? noGrad(() => matmul(this.u!, this.v!));
  }

  /** x: [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    checkFeatures(this.label, x, this.inFeatures);
    if (this.weight !== null) return linear(x, this.weight, this.bias);
    return linear(matmul(x, this.v!, { transB: true }), this.u!, this.bias);
  }

  override extraRepr(): string {
    const form = this.weight !== null ? 'dense' : `rank=${this.u!.shape[1]}`;
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, ${form}, bias=${this.bias !== null}, frozen`;
  }
}
