import { add, mul, takeRows } from '../autograd/index.js';
import { Random } from '../tensor/random.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { full } from '../tensor/create.js';
import { Module } from '../nn/module.js';
import { checkFeatures, checkSize } from '../nn/checks.js';

/**
 * A learned Gaussian-mixture latent (DeLiGAN, Gurumurthy et al. 2017, "for diverse and limited data"):
 *   z = μ_k + σ_k ⊙ ε,  k uniform over K components,  ε ~ N(0, I).
 * A plain N(0, I) latent is connected, so a continuous generator must spend some of its mass on bridges
 * between separated modes; K separate learned components leave gaps in latent space instead.
 *
 * The component is read from the input itself, so the generator still maps z ~ N(0, I) [batch, dim] and
 * every caller (sampling, EMA, checkpoints) stays unchanged: k = ⌊Φ(ε₀)·K⌋, with Φ the standard normal
 * CDF, which is uniform over 0..K−1 for ε₀ ~ N(0, 1). Parameters: `mean` [K, dim] from U(−2, 2) and
 * `std` [K, dim] = 1. DeLiGAN starts from U(−1, 1) and 0.2; on ring8 (N = 100, K = 32, rank 4) that start
 * let σ shrink toward 0 and the samples collapse to a few points on 3 of 5 seeds (and on all 4 runs at
 * K = 16 and 64); this start, with GanConfig.latentStdPenalty holding σ near 1, trains (see README).
 */
export class MixtureLatent extends Module {
  readonly components: number;
  readonly dim: number;
  readonly mean: Tensor;
  readonly std: Tensor;

  constructor(components: number, dim: number, rng: Random, dtype: DType = 'float32') {
    super();
    checkSize('MixtureLatent', 'components', components);
    checkSize('MixtureLatent', 'dim', dim);
    this.components = components;
    this.dim = dim;
    const mean = Tensor.empty([components, dim], dtype);
    for (let i = 0; i < mean.size; i++) mean.data[i] = 4 * rng.uniform() - 2;
    this.mean = this.registerParameter('mean', mean);
    this.std = this.registerParameter('std', full([components, dim], 1, { dtype }));
  }

  get label(): string {
    return `MixtureLatent(${this.components}×${this.dim})`;
  }

  /** The component of each row of ε: [batch] in 0..K−1. */
  componentsOf(eps: Tensor): Int32Array {
    const batch = eps.shape[0]!;
    const k = new Int32Array(batch);
    for (let b = 0; b < batch; b++) {
      const u = standardNormalCdf(eps.data[b * this.dim]!);
      k[b] = Math.min(this.components - 1, Math.floor(u * this.components));
    }
    return k;
  }

  /** ε: [batch, dim] → z: [batch, dim]. */
  forward(eps: Tensor): Tensor {
    checkFeatures(this.label, eps, this.dim);
    if (eps.ndim !== 2) throw new Error(`${this.label}: input must be [batch, ${this.dim}], got ${eps.ndim} dimensions`);
    const k = this.componentsOf(eps);
    return add(takeRows(this.mean, k), mul(takeRows(this.std, k), eps));
  }
}

/** Φ(x) = ½·erfc(−x/√2), with erfc from Numerical Recipes' Chebyshev fit (relative error < 1.2e-7). */
export function standardNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}
