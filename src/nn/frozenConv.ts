import { conv2d, convTranspose2d, noGrad } from '../autograd/index.js';
import { Tensor } from '../tensor/tensor.js';
import { checkImageInput } from './convChecks.js';
import { Conv2d } from './conv2d.js';
import { ConvTranspose2d } from './convTranspose2d.js';
import { LowRankConv2d } from './lowRankConv2d.js';
import { Module } from './module.js';

/** A pretrained convolution an adapter starts from. */
export type PretrainedConv = Conv2d | LowRankConv2d | ConvTranspose2d;

export function isPretrainedConv(m: Module): m is PretrainedConv {
  return m instanceof Conv2d || m instanceof LowRankConv2d || m instanceof ConvTranspose2d;
}

/** The kernel as a matrix, its first axis by the rest: [out, in·k·k] for a conv, [in, out·k·k] for a transposed conv. */
export function kernelMatrixShape(layer: PretrainedConv | FrozenConv): [number, number] {
  const k2 = layer.kernelSize * layer.kernelSize;
  const transposed = layer instanceof FrozenConv ? layer.transposed : layer instanceof ConvTranspose2d;
  return transposed ? [layer.inChannels, layer.outChannels * k2] : [layer.outChannels, layer.inChannels * k2];
}

/**
 * A pretrained Conv2d, LowRankConv2d or ConvTranspose2d held fixed, every tensor a buffer: `weight` (the
 * effective kernel: U·V of a factorized layer, W/σ of a spectral-normed one; [out, in, k, k], or
 * [in, out, k, k] for a transposed conv as PyTorch stores it) and `bias` [out] when the source has one.
 * x: [batch, in, H, W] → [batch, out, OH, OW], with the source's stride, padding and output padding.
 * Adapters see the weight as a matrix: its first axis by the rest (matrixShape), [out, in·k·k] for a conv.
 */
export class FrozenConv extends Module {
  readonly transposed: boolean;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly outputPadding: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(source: PretrainedConv) {
    super();
    if (!isPretrainedConv(source)) {
      throw new Error(`FrozenConv: source must be a Conv2d, LowRankConv2d or ConvTranspose2d, got ${(source as object)?.constructor?.name ?? String(source)}`);
    }
    this.transposed = source instanceof ConvTranspose2d;
    this.inChannels = source.inChannels;
    this.outChannels = source.outChannels;
    this.kernelSize = source.kernelSize;
    this.stride = source.stride;
    this.padding = source.padding;
    this.outputPadding = source instanceof ConvTranspose2d ? source.outputPadding : 0;
    const w = noGrad(() => source.effectiveWeight());
    this.weight = this.registerBuffer('weight', new Tensor(w.data.slice(), w.shape));
    this.bias = source.bias && this.registerBuffer('bias', new Tensor(source.bias.data.slice(), source.bias.shape));
  }

  get label(): string {
    return `Frozen${this.transposed ? 'ConvTranspose2d' : 'Conv2d'}(${this.inChannels}→${this.outChannels}, ${this.kernelSize}×${this.kernelSize})`;
  }

  /** [rows, cols] of the weight as a matrix: [out, in·k·k] for a conv, [in, out·k·k] for a transposed conv. */
  get matrixShape(): [number, number] {
    return kernelMatrixShape(this);
  }

  /** The source's convolution of x with kernel `weight` (the shape of this.weight) and the frozen bias. */
  convolve(x: Tensor, weight: Tensor): Tensor {
    checkImageInput(this.label, x, this.inChannels);
    if (this.transposed) return convTranspose2d(x, weight, this.bias, { stride: this.stride, padding: this.padding, outputPadding: this.outputPadding });
    return conv2d(x, weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  /** x: [batch, in, H, W] → [batch, out, OH, OW]. */
  forward(x: Tensor): Tensor {
    return this.convolve(x, this.weight);
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, transposed=${this.transposed}, bias=${this.bias !== null}, frozen`;
  }
}
