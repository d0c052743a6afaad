import { add, mul, reshape } from '../autograd/index.js';
import { Tensor } from '../tensor/tensor.js';
import { FrozenConv, type PretrainedConv } from './frozenConv.js';
import { Module } from './module.js';

/**
 * Per-channel scale and shift on a frozen pretrained convolution (Noguchi & Harada 2019):
 * y[:, c] = γ_c·base(x)[:, c] + β_c. Parameters `scale` γ [out] (init 1) and `shift` β [out] (init 0),
 * so step 0 is the source; `base.weight`, `base.bias` are buffers. Trainable: 2·out.
 */
export class ScaleShiftConv extends Module {
  readonly base: FrozenConv;
  readonly scale: Tensor;
  readonly shift: Tensor;

  constructor(source: PretrainedConv) {
    super();
    const base = new FrozenConv(source);
    this.base = this.registerModule('base', base);
    const dtype = base.weight.dtype, out = base.outChannels;
    const g = Tensor.empty([out], dtype);
    g.data.fill(1);
    this.scale = this.registerParameter('scale', g);
    this.shift = this.registerParameter('shift', Tensor.empty([out], dtype));
  }

  get label(): string {
    return `ScaleShiftConv(${this.base.label})`;
  }

  /** x: [batch, in, H, W] → [batch, out, OH, OW]. */
  forward(x: Tensor): Tensor {
    const perChannel = [1, this.base.outChannels, 1, 1];
    return add(mul(this.base.forward(x), reshape(this.scale, perChannel)), reshape(this.shift, perChannel));
  }
}
