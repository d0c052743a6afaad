import { div, linear, matmul, noGrad } from '../autograd/index.js';
import { Random } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/tensor.js';
import { checkFeatures, checkSize } from './checks.js';
import { uniform_ } from './init.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { SpectralNorm, startAtTopSingularPairs } from './spectralNorm.js';
import { balancedFactors, truncatedSvd } from '../linalg/truncatedSvd.js';

/**
 * Spectral normalization of a low-rank layer:
 * - 'factors' (or true): U/σ(U) and V/σ(V), each with its own power iteration, so ‖UV‖₂ ≤ 1.
 *   Keys as PyTorch's spectral_norm applied to `u` then `v`: `bias`, `u_orig`, `v_orig`, buffers
 *   `u_u` [out], `u_v` [rank], `v_u` [rank], `v_v` [in].
 * - 'product': UV/σ(UV), the power iteration running through the factors (W is never formed), so
 *   ‖UV‖₂ = 1 as for a spectral-normed Linear. Keys `u`, `v`, `bias`, buffers `weight_u` [out], `weight_v` [in].
 */
export type LowRankSpectralNorm = boolean | 'factors' | 'product';

export interface LowRankLinearOptions {
  /** Seed of the initialization (a Random is drawn from: u, v, bias, then spectral-norm vectors). */
  seed: Seed;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Default 'float32'. */
  dtype?: DType;
  /** Default false. */
  spectralNorm?: LowRankSpectralNorm;
}

export interface FromLinearOptions {
  /** Seed of the spectral-norm vectors when spectralNorm is set (default 0); nothing else is random. */
  seed?: Seed;
  spectralNorm?: LowRankSpectralNorm;
}

/**
 * A linear layer whose weight is a product of two thin factors: y = x·(U·V)ᵀ + b, computed as
 * (x·Vᵀ)·Uᵀ + b, so a row costs rank·(in + out) multiply-adds and W = U·V is never formed.
 * x: [..., in] → y: [..., out]; u: U [out, rank], v: V [rank, in], bias b: [out].
 * Parameters: rank·(in + out) + out, against in·out + out for a Linear.
 *
 * Initialization matches PyTorch Linear's weight variance, Var(W_ij) = 1/(3·in) (from U(−1/√in, 1/√in)),
 * with balanced factors: every entry of U and V is drawn from U(−√3·s, √3·s), std s, where
 * rank·s⁴ = 1/(3·in), i.e. s = (3·in·rank)^(−1/4). Since W_ij = Σ_r U_ir·V_rj is a sum of rank
 * independent zero-mean products of variance s⁴, Var(W_ij) = rank·s⁴; the entries of W are
 * uncorrelated, so E[y_i²] for a fixed x equals Linear's. The bias is Linear's: U(−1/√in, 1/√in).
 */
export class LowRankLinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly rank: number;
  /** Trainable U [out, rank] (key `u`, or `u_orig` with 'factors'). */
  readonly u: Tensor;
  /** Trainable V [rank, in] (key `v`, or `v_orig` with 'factors'). */
  readonly v: Tensor;
  readonly bias: Tensor | null;
  readonly spectralNorm: 'none' | 'factors' | 'product';
  private readonly snU: SpectralNorm | null = null;
  private readonly snV: SpectralNorm | null = null;
  private readonly snW: SpectralNorm | null = null;

  constructor(inFeatures: number, outFeatures: number, rank: number, options: LowRankLinearOptions) {
    super();
    checkSize('LowRankLinear', 'inFeatures', inFeatures);
    checkSize('LowRankLinear', 'outFeatures', outFeatures);
    const bound = Math.min(inFeatures, outFeatures);
    if (!Number.isInteger(rank) || rank < 1 || rank > bound) {
      throw new Error(`LowRankLinear(${inFeatures}→${outFeatures}): rank must be an integer in 1..${bound} (min(in, out)), got ${rank}`);
    }
    if (options?.seed === undefined) throw new Error('LowRankLinear: options.seed is required (a number or a Random)');
    const sn = options.spectralNorm ?? false;
    if (sn !== true && sn !== false && sn !== 'factors' && sn !== 'product') {
      throw new Error(`LowRankLinear: spectralNorm must be true, false, 'factors' or 'product', got ${JSON.stringify(sn)}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.rank = rank;
    this.spectralNorm = sn === true ? 'factors' : sn === false ? 'none' : sn;

    const dtype = options.dtype ?? 'float32';
    const rng = typeof options.seed === 'number' ? new Random(options.seed) : options.seed;
    const u = Tensor.empty([outFeatures, rank], dtype);
    const v = Tensor.empty([rank, inFeatures], dtype);
    const b = Math.sqrt(3) * LowRankLinear.initStd(inFeatures, rank);
    uniform_(u, rng, -b, b);
    uniform_(v, rng, -b, b);
    let bias: Tensor | null = null;
    if (options.bias ?? true) {
      const bb = 1 / Math.sqrt(inFeatures);
      bias = uniform_(Tensor.empty([outFeatures], dtype), rng, -bb, bb);
    }

    const f = this.registerLowRankFactors(u, v, bias, this.spectralNorm, rng);
    this.u = f.u;
    this.v = f.v;
    this.bias = f.bias;
    this.snU = f.snU;
    this.snV = f.snV;
    this.snW = f.snW;
  }

  /** Std of each factor entry at initialization: s = (3·in·rank)^(−1/4), so rank·s⁴ = 1/(3·in). */
  static initStd(inFeatures: number, rank: number): number {
    return Math.pow(3 * inFeatures * rank, -0.25);
  }

  get label(): string {
    return `LowRankLinear(${this.inFeatures}→${this.outFeatures}, rank ${this.rank})`;
  }

  /** The factors the layer applies, spectral-normalized if configured; `step` runs the power iteration first. */
  private factors(step: boolean): [Tensor, Tensor] {
    if (this.snU && this.snV) {
      if (step) {
        this.snU.step(this.u);
        this.snV.step(this.v);
      }
      return [div(this.u, this.snU.sigma(this.u)), div(this.v, this.snV.sigma(this.v))];
    }
    if (this.snW) {
      if (step) this.snW.stepProduct(this.u, this.v);
      return [div(this.u, this.snW.sigmaProduct(this.u, this.v)), this.v];
    }
    return [this.u, this.v];
  }

  /** U·V [out, in] (normalized as forward would, with the stored vectors and no step). Differentiable. */
  effectiveWeight(): Tensor {
    const [u, v] = this.factors(false);
    return matmul(u, v);
  }

  /** x: [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    checkFeatures(this.label, x, this.inFeatures);
    const [u, v] = this.factors(this.training);
    return linear(matmul(x, v, { transB: true }), u, this.bias);
  }

  /**
   * The best rank-r approximation of a Linear's (effective) weight, by truncated SVD (Eckart–Young):
   * with W = U_p·diag(s)·V_pᵀ, U = U_r·diag(√s_r) and V = diag(√s_r)·V_rᵀ, a balanced split
   * (UᵀU = VVᵀ = diag(s_r)), so ½(‖U‖²_F + ‖V‖²_F) equals the nuclear norm Σ s_r. The bias is copied.
   * ‖W − UV‖²_F = Σ_{i>r} s_i². Spectral-norm vectors, if requested, start at the exact top singular vectors.
   */
  static fromLinear(linear: Linear, rank: number, options: FromLinearOptions = {}): LowRankLinear {
    const out = linear.outFeatures;
    const inp = linear.inFeatures;
    const w = noGrad(() => linear.effectiveWeight());
    const layer = new LowRankLinear(inp, out, rank, {
      seed: options.seed ?? 0,
      bias: linear.bias !== null,
      dtype: linear.weight.dtype,
      spectralNorm: options.spectralNorm ?? false,
    });
    const top = truncatedSvd(w.data, out, inp, rank);
    const { u, v } = balancedFactors(top);
    layer.u.data.set(u);
    layer.v.data.set(v);
    if (linear.bias && layer.bias) layer.bias.data.set(linear.bias.data);
    startAtTopSingularPairs(top, { snU: layer.snU, snV: layer.snV, snW: layer.snW });
    return layer;
  }

  /** A Linear computing the same function: weight = effectiveWeight(), bias copied; no spectral norm. */
  toLinear(): Linear {
    const linear = new Linear(this.inFeatures, this.outFeatures, { seed: 0, bias: this.bias !== null, dtype: this.u.dtype });
    linear.weight.data.set(noGrad(() => this.effectiveWeight()).data);
    if (this.bias && linear.bias) linear.bias.data.set(this.bias.data);
    return linear;
  }

  override extraRepr(): string {
    const sn = this.spectralNorm === 'none' ? '' : `, spectral_norm=${this.spectralNorm}`;
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, rank=${this.rank}, bias=${this.bias !== null}${sn}`;
  }
}
