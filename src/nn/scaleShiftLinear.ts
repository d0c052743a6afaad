import { add, mul } from '../autograd/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkFeatures } from './checks.js';
import { FrozenLinear, type PretrainedLinear } from './frozenLinear.js';
import { Module } from './module.js';

/**
 * Per-unit scale and shift on a frozen pretrained layer (Noguchi & Harada 2019, who adapt only
 * batch-norm's γ and β): y = γ ⊙ base(x) + β, with base(x) = x·Wᵀ + b frozen (child `base`).
 * x: [..., in] → [..., out]; parameters `scale` γ [out] (init 1) and `shift` β [out] (init 0), so step
 * 0 equals the source. Trainable: 2·out scalars.
 */
export class ScaleShiftLinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly base: FrozenLinear;
  readonly scale: Tensor;
  readonly shift: Tensor;

  constructor(source: PretrainedLinear) {
    super();
    const base = new FrozenLinear(source);
    this.inFeatures = base.inFeatures;
    this.outFeatures = base.outFeatures;
    this.base = this.registerModule('base', base);
    const dtype = base.denseWeight().dtype;
    const g = Tensor.empty([this.outFeatures], dtype);
    g.data.fill(1);
    this.scale = this.registerParameter('scale', g);
    this.shift = this.registerParameter('shift', Tensor.empty([this.outFeatures], dtype));
  }

  get label(): string {
    return `ScaleShiftLinear(${this.inFeatures}→${this.outFeatures})`;
  }

  /** x: [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    checkFeatures(this.label, x, this.inFeatures);
    return add(mul(this.base.forward(x), this.scale), this.shift);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}`;
  }
}
