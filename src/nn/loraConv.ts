import { add, matmul, mul, reshape } from '../autograd/index.js';
import { Tensor } from '../tensor/tensor.js';
import { FrozenConv, type PretrainedConv } from './frozenConv.js';
import { uniform_ } from './init.js';
import { loraSettings, type LoraOptions } from './loraLinear.js';
import { Module } from './module.js';

/**
 * LoRA on a pretrained convolution: the kernel, seen as a matrix W [rows, cols] (FrozenConv.matrixShape),
 * becomes W + (α/r)·B·A and the source's convolution runs with it. lora_a: A [r, cols] from
 * U(−1/√cols, 1/√cols), lora_b: B [rows, r] = 0, so step 0 is the source. Trainable: r·(rows + cols).
 * For a conv, B·A is a k×k conv to r channels followed by a 1×1 conv, folded into one kernel.
 * Keys: `base.weight`, `base.bias` (buffers), `lora_a`, `lora_b`.
 */
export class LoraConv extends Module {
  readonly rank: number;
  readonly scale: number;
  readonly base: FrozenConv;
  readonly loraA: Tensor;
  readonly loraB: Tensor;

  constructor(source: PretrainedConv, options: LoraOptions) {
    super();
    const base = new FrozenConv(source);
    const [rows, cols] = base.matrixShape;
    const { rank, scale, rng } = loraSettings(`LoraConv(${base.label})`, options, Math.min(rows, cols), `min of the kernel matrix's ${rows}×${cols}`);
    this.rank = rank;
    this.scale = scale;
    this.base = this.registerModule('base', base);
    const dtype = base.weight.dtype;
    const b1 = 1 / Math.sqrt(cols);
    this.loraA = this.registerParameter('lora_a', uniform_(Tensor.empty([rank, cols], dtype), rng, -b1, b1));
    this.loraB = this.registerParameter('lora_b', Tensor.empty([rows, rank], dtype));
  }

  get label(): string {
    return `LoraConv(${this.base.label}, rank ${this.rank})`;
  }

  /** x: [batch, in, H, W] → [batch, out, OH, OW]. */
  forward(x: Tensor): Tensor {
    const delta = matmul(this.loraB, this.loraA);
    const scaled = this.scale === 1 ? delta : mul(delta, this.scale);
    return this.base.convolve(x, add(this.base.weight, reshape(scaled, this.base.weight.shape)));
  }

  override extraRepr(): string {
    return `rank=${this.rank}, scale=${this.scale}`;
  }
}
