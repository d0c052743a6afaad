import { convTranspose2d, div, permute, reshape } from '../autograd/index.js';
import { Random } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/tensor.js';
import { checkSize } from './checks.js';
import { checkConvInt, checkImageInput } from './convChecks.js';
import { linearInit_ } from './init.js';
import { Module } from './module.js';
import { SpectralNorm } from './spectralNorm.js';

export interface ConvTranspose2dOptions {
  /** Seed of the initialization (a Random is drawn from: weight, then bias, then spectral-norm vectors). */
  seed: Seed;
  /** Default 1. */
  stride?: number;
  /** Default 0. */
  padding?: number;
  /** Extra output rows/columns on one side, below the stride (default 0). */
  outputPadding?: number;
  /** Default true. */
  bias?: boolean;
  /** Default 'float32'. */
  dtype?: DType;
  /** Divide the weight, seen as [out, in·k·k] (PyTorch's dim = 1 for transposed convs), by its largest singular value. */
  spectralNorm?: boolean;
}

/**
 * A square-kernel transposed convolution, as torch.nn.ConvTranspose2d (no groups or dilation).
 * x: [batch, in, H, W] → [batch, out, OH, OW], OH = (H − 1)·stride − 2·padding + k + outputPadding.
 * weight: [in, out, k, k] and bias [out], initialized as PyTorch does: its fan-in is read from the weight's
 * shape, so both come from U(−1/√(out·k·k), 1/√(out·k·k)).
 * With spectralNorm: keys `bias`, `weight_orig`, buffers `weight_u` [out], `weight_v` [in·k·k].
 */
export class ConvTranspose2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly outputPadding: number;
  /** The trainable weight [in, out, k, k] (key `weight`, or `weight_orig` with spectral norm). */
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly spectralNorm: SpectralNorm | null;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: ConvTranspose2dOptions) {
    super();
    checkSize('ConvTranspose2d', 'inChannels', inChannels);
    checkSize('ConvTranspose2d', 'outChannels', outChannels);
    checkSize('ConvTranspose2d', 'kernelSize', kernelSize);
    if (options?.seed === undefined) throw new Error('ConvTranspose2d: options.seed is required (a number or a Random)');
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.outputPadding = options.outputPadding ?? 0;
    checkConvInt('ConvTranspose2d', 'stride', this.stride, 1);
    checkConvInt('ConvTranspose2d', 'padding', this.padding, 0);
    checkConvInt('ConvTranspose2d', 'outputPadding', this.outputPadding, 0);
    if (this.outputPadding >= this.stride) {
      throw new Error(`ConvTranspose2d: outputPadding must be below the stride ${this.stride}, got ${this.outputPadding}`);
    }
    const dtype = options.dtype ?? 'float32';
    const rng = typeof options.seed === 'number' ? new Random(options.seed) : options.seed;
    const weight = Tensor.empty([inChannels, outChannels, kernelSize, kernelSize], dtype);
    const bias = (options.bias ?? true) ? Tensor.empty([outChannels], dtype) : null;
    linearInit_(weight, bias, rng);
    const registered = this.registerWeightAndBias(weight, bias, options.spectralNorm ? { rows: outChannels, cols: inChannels * kernelSize * kernelSize, rng } : null);
    this.weight = registered.weight;
    this.bias = registered.bias;
    this.spectralNorm = registered.spectralNorm;
  }

  get label(): string {
    return `ConvTranspose2d(${this.inChannels}→${this.outChannels}, ${this.kernelSize}×${this.kernelSize})`;
  }

  private normalized(step: boolean): Tensor {
    if (!this.spectralNorm) return this.weight;
    // PyTorch's weight matrix for a transposed conv: out channels first, [out, in·k·k].
    const matrix = reshape(permute(this.weight, [1, 0, 2, 3]), [this.outChannels, -1]);
    if (step) this.spectralNorm.step(matrix);
    return div(this.weight, this.spectralNorm.sigma(matrix));
  }

  /** The kernel the layer applies, [in, out, k, k] (normalized with the stored vectors, no step). Differentiable. */
  effectiveWeight(): Tensor {
    return this.normalized(false);
  }

  /** x: [batch, in, H, W] → [batch, out, OH, OW]. */
  forward(x: Tensor): Tensor {
    checkImageInput(this.label, x, this.inChannels);
    return convTranspose2d(x, this.normalized(this.training), this.bias,
      { stride: this.stride, padding: this.padding, outputPadding: this.outputPadding });
  }

  override extraRepr(): string {
    const sn = this.spectralNorm ? ', spectral_norm=true' : '';
    return `${this.inChannels}, ${this.outChannels}, kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, output_padding=${this.outputPadding}, bias=${this.bias !== null}${sn}`;
  }
}
