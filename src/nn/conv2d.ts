import { conv2d, div, reshape } from '../autograd/index.js';
import { Random } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/tensor.js';
import { checkSize } from './checks.js';
import { checkConvInt, checkImageInput } from './convChecks.js';
import { linearInit_ } from './init.js';
import { Module } from './module.js';
import { SpectralNorm } from './spectralNorm.js';

export interface Conv2dOptions {
  /** Seed of the initialization (a Random is drawn from: weight, then bias, then spectral-norm vectors). */
  seed: Seed;
  /** Default 1. */
  stride?: number;
  /** Zero padding on every side, default 0. */
  padding?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Default 'float32'. */
  dtype?: DType;
  /** Divide the weight, seen as [out, in·k·k], by its largest singular value (default false). */
  spectralNorm?: boolean;
}

/**
 * A square-kernel 2-D convolution, as torch.nn.Conv2d (no groups or dilation).
 * x: [batch, in, H, W] → [batch, out, OH, OW], OH = ⌊(H + 2·padding − k)/stride⌋ + 1.
 * weight: [out, in, k, k], bias: [out], both from U(−1/√(in·k·k), 1/√(in·k·k)) as PyTorch's reset_parameters.
 *
 * With spectralNorm the keys are PyTorch's after torch.nn.utils.spectral_norm: `bias`, `weight_orig`,
 * buffers `weight_u` [out] and `weight_v` [in·k·k] (the weight flattened to [out, in·k·k]).
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  /** The trainable weight [out, in, k, k] (key `weight`, or `weight_orig` with spectral norm). */
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly spectralNorm: SpectralNorm | null;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv2dOptions) {
    super();
    checkSize('Conv2d', 'inChannels', inChannels);
    checkSize('Conv2d', 'outChannels', outChannels);
    checkSize('Conv2d', 'kernelSize', kernelSize);
    if (options?.seed === undefined) throw new Error('Conv2d: options.seed is required (a number or a Random)');
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    checkConvInt('Conv2d', 'stride', this.stride, 1);
    checkConvInt('Conv2d', 'padding', this.padding, 0);
    const dtype = options.dtype ?? 'float32';
    const rng = typeof options.seed === 'number' ? new Random(options.seed) : options.seed;
    const weight = Tensor.empty([outChannels, inChannels, kernelSize, kernelSize], dtype);
    const bias = (options.bias ?? true) ? Tensor.empty([outChannels], dtype) : null;
    linearInit_(weight, bias, rng);
    const registered = this.registerWeightAndBias(weight, bias, options.spectralNorm ? { rows: outChannels, cols: inChannels * kernelSize * kernelSize, rng } : null);
    this.weight = registered.weight;
    this.bias = registered.bias;
    this.spectralNorm = registered.spectralNorm;
  }

  get label(): string {
    return `Conv2d(${this.inChannels}→${this.outChannels}, ${this.kernelSize}×${this.kernelSize})`;
  }

  private normalized(step: boolean): Tensor {
    if (!this.spectralNorm) return this.weight;
    const matrix = reshape(this.weight, [this.outChannels, -1]);
    if (step) this.spectralNorm.step(matrix);
    return div(this.weight, this.spectralNorm.sigma(matrix));
  }

  /** The kernel the layer applies, [out, in, k, k]: W, or W/σ with the stored vectors (no step). Differentiable. */
  effectiveWeight(): Tensor {
    return this.normalized(false);
  }

  /** x: [batch, in, H, W] → [batch, out, OH, OW]. */
  forward(x: Tensor): Tensor {
    checkImageInput(this.label, x, this.inChannels);
    return conv2d(x, this.normalized(this.training), this.bias, { stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    const sn = this.spectralNorm ? ', spectral_norm=true' : '';
    return `${this.inChannels}, ${this.outChannels}, kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, bias=${this.bias !== null}${sn}`;
  }
}
