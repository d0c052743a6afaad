import { convGeometry, div, im2col, linear, matmul, noGrad, reshape, rowsToImage } from '../autograd/index.js';
import { balancedFactors, truncatedSvd } from '../linalg/truncatedSvd.js';
import { Random } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/tensor.js';
import { checkSize } from './checks.js';
import { Conv2d } from './conv2d.js';
import { checkConvInt, checkImageInput } from './convChecks.js';
import { uniform_ } from './init.js';
import type { LowRankSpectralNorm } from './lowRankLinear.js';
import { Module } from './module.js';
import { SpectralNorm, startAtTopSingularPairs } from './spectralNorm.js';

export interface LowRankConv2dOptions {
  /** Seed of the initialization (a Random is drawn from: u, v, bias, then spectral-norm vectors). */
  seed: Seed;
  /** Default 1. */
  stride?: number;
  /** Default 0. */
  padding?: number;
  /** Default true. */
  bias?: boolean;
  /** Default 'float32'. */
  dtype?: DType;
  /** As LowRankLinear's: 'factors' (or true) normalizes U and V, 'product' normalizes U·V. Default false. */
  spectralNorm?: LowRankSpectralNorm;
}

export interface FromConvOptions {
  /** Seed of the spectral-norm vectors when spectralNorm is set (default 0); nothing else is random. */
  seed?: Seed;
  spectralNorm?: LowRankSpectralNorm;
}

/**
 * A convolution whose kernel, seen as a matrix [out, in·k·k], is a product U·V of rank r:
 * a k×k convolution to r channels (v: [r, in, k, k]) followed by a 1×1 convolution (u: [out, r]) and the bias.
 * x: [batch, in, H, W] → [batch, out, OH, OW]; parameters r·(in·k·k + out) + out against in·k·k·out + out.
 * Initialized as LowRankLinear with fan-in in·k·k, so Var(W_ij) = 1/(3·in·k·k), Conv2d's.
 * Keys `u` [out, r], `v` [r, in, k, k], `bias` (spectral norm adds LowRankLinear's keys, with v seen as [r, in·k·k]).
 */
export class LowRankConv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly rank: number;
  readonly stride: number;
  readonly padding: number;
  /** Trainable U [out, rank] (the 1×1 conv). */
  readonly u: Tensor;
  /** Trainable V [rank, in, k, k] (the k×k conv to rank channels). */
  readonly v: Tensor;
  readonly bias: Tensor | null;
  readonly spectralNorm: 'none' | 'factors' | 'product';
  private readonly snU: SpectralNorm | null = null;
  private readonly snV: SpectralNorm | null = null;
  private readonly snW: SpectralNorm | null = null;

  constructor(inChannels: number, outChannels: number, kernelSize: number, rank: number, options: LowRankConv2dOptions) {
    super();
    checkSize('LowRankConv2d', 'inChannels', inChannels);
    checkSize('LowRankConv2d', 'outChannels', outChannels);
    checkSize('LowRankConv2d', 'kernelSize', kernelSize);
    const fanIn = inChannels * kernelSize * kernelSize;
    const bound = Math.min(outChannels, fanIn);
    if (!Number.isInteger(rank) || rank < 1 || rank > bound) {
      throw new Error(`LowRankConv2d(${inChannels}→${outChannels}, ${kernelSize}×${kernelSize}): rank must be an integer in 1..${bound} (min(out, in·k·k)), got ${rank}`);
    }
    if (options?.seed === undefined) throw new Error('LowRankConv2d: options.seed is required (a number or a Random)');
    const sn = options.spectralNorm ?? false;
    if (sn !== true && sn !== false && sn !== 'factors' && sn !== 'product') {
      throw new Error(`LowRankConv2d: spectralNorm must be true, false, 'factors' or 'product', got ${JSON.stringify(sn)}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.rank = rank;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    checkConvInt('LowRankConv2d', 'stride', this.stride, 1);
    checkConvInt('LowRankConv2d', 'padding', this.padding, 0);
    this.spectralNorm = sn === true ? 'factors' : sn === false ? 'none' : sn;

    const dtype = options.dtype ?? 'float32';
    const rng = typeof options.seed === 'number' ? new Random(options.seed) : options.seed;
    const u = Tensor.empty([outChannels, rank], dtype);
    const v = Tensor.empty([rank, inChannels, kernelSize, kernelSize], dtype);
    const b = Math.sqrt(3) * Math.pow(3 * fanIn * rank, -0.25); // rank·s⁴ = 1/(3·fanIn), as LowRankLinear.initStd
    uniform_(u, rng, -b, b);
    uniform_(v, rng, -b, b);
    let bias: Tensor | null = null;
    if (options.bias ?? true) bias = uniform_(Tensor.empty([outChannels], dtype), rng, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));

    const f = this.registerLowRankFactors(u, v, bias, this.spectralNorm, rng);
    this.u = f.u;
    this.v = f.v;
    this.bias = f.bias;
    this.snU = f.snU;
    this.snV = f.snV;
    this.snW = f.snW;
  }

  get label(): string {
    return `LowRankConv2d(${this.inChannels}→${this.outChannels}, ${this.kernelSize}×${this.kernelSize}, rank ${this.rank})`;
  }

  /** U [out, r] and V as [r, in·k·k], spectral-normalized if configured; `step` runs the power iteration first. */
  private factors(step: boolean): [Tensor, Tensor] {
    const v = reshape(this.v, [this.rank, -1]);
    if (this.snU && this.snV) {
      if (step) {
        this.snU.step(this.u);
        this.snV.step(v);
      }
      return [div(this.u, this.snU.sigma(this.u)), div(v, this.snV.sigma(v))];
    }
    if (this.snW) {
      if (step) this.snW.stepProduct(this.u, v);
      return [div(this.u, this.snW.sigmaProduct(this.u, v)), v];
    }
    return [this.u, v];
  }

  /** The kernel U·V as [out, in, k, k] (normalized with the stored vectors, no step). Differentiable. */
  effectiveWeight(): Tensor {
    const [u, v] = this.factors(false);
    return reshape(matmul(u, v), [this.outChannels, this.inChannels, this.kernelSize, this.kernelSize]);
  }

  /** x: [batch, in, H, W] → [batch, out, OH, OW]: patches·Vᵀ (r channels), then ·Uᵀ + b. */
  forward(x: Tensor): Tensor {
    checkImageInput(this.label, x, this.inChannels);
    const g = convGeometry(this.label, x.shape, this.kernelSize, this.stride, this.padding);
    const [u, v] = this.factors(this.training);
    return rowsToImage(linear(linear(im2col(x, g), v, null), u, this.bias), g);
  }

  /**
   * The best rank-r approximation of a Conv2d's (effective) kernel as [out, in·k·k], by truncated SVD
   * (Eckart–Young), split in balance as LowRankLinear.fromLinear: U = U_r·diag(√s_r), V = diag(√s_r)·V_rᵀ.
   * Stride, padding and bias are copied; ‖W − UV‖²_F = Σ_{i>r} s_i².
   */
  static fromConv(conv: Conv2d, rank: number, options: FromConvOptions = {}): LowRankConv2d {
    const out = conv.outChannels;
    const fanIn = conv.inChannels * conv.kernelSize * conv.kernelSize;
    const w = noGrad(() => conv.effectiveWeight());
    const layer = new LowRankConv2d(conv.inChannels, out, conv.kernelSize, rank, {
      seed: options.seed ?? 0, stride: conv.stride, padding: conv.padding,
      bias: conv.bias !== null, dtype: conv.weight.dtype, spectralNorm: options.spectralNorm ?? false,
    });
    const top = truncatedSvd(w.data, out, fanIn, rank);
    const { u, v } = balancedFactors(top);
    layer.u.data.set(u);
    layer.v.data.set(v);
    if (conv.bias && layer.bias) layer.bias.data.set(conv.bias.data);
    startAtTopSingularPairs(top, { snU: layer.snU, snV: layer.snV, snW: layer.snW });
    return layer;
  }

  /** A Conv2d computing the same function: weight = effectiveWeight(), bias, stride and padding copied; no spectral norm. */
  toConv(): Conv2d {
    const conv = new Conv2d(this.inChannels, this.outChannels, this.kernelSize, {
      seed: 0, stride: this.stride, padding: this.padding, bias: this.bias !== null, dtype: this.u.dtype,
    });
    conv.weight.data.set(noGrad(() => this.effectiveWeight()).data);
    if (this.bias && conv.bias) conv.bias.data.set(this.bias.data);
    return conv;
  }

  override extraRepr(): string {
    const sn = this.spectralNorm === 'none' ? '' : `, spectral_norm=${this.spectralNorm}`;
    return `${this.inChannels}, ${this.outChannels}, kernel_size=${this.kernelSize}, rank=${this.rank}, stride=${this.stride}, padding=${this.padding}, bias=${this.bias !== null}${sn}`;
  }
}
