/**
 * Gaussian mixture with diagonal covariances fitted by expectation–maximization (Dempster et al. 1977),
 * initialized from k-means on k-means++ seeds (as scikit-learn's GaussianMixture with init_params
 * 'kmeans'). Variances are floored, which keeps the likelihood bounded when a component shrinks onto a
 * few points. Browser-safe, float64.
 */
import type { Random } from '../../tensor/random.js';
import { kmeans } from './kmeans.js';

export interface DiagonalGmmOptions {
  /** Per-dimension lower bound of every component variance: [d], entries > 0. */
  varianceFloor: Float64Array;
  /** EM iterations at most; default 500. */
  maxIterations?: number;
  /** Stop when the mean log-likelihood per row improves by less than this (nats); default 1e-4 (scikit-learn: 1e-3). */
  tolerance?: number;
}

export interface DiagonalGmm {
  /** Components K. */
  K: number;
  /** Dimension d. */
  d: number;
  /** [K] mixing weights, summing to 1. */
  weights: Float64Array;
  /** [K, d] component means. */
  means: Float64Array;
  /** [K, d] component variances (each ≥ its floor). */
  variances: Float64Array;
  /** Mean log-likelihood per training row at the returned parameters (nats). */
  logLikelihood: number;
  /** EM iterations run. */
  iterations: number;
  /** Whether the tolerance was reached before maxIterations. */
  converged: boolean;
}

const LOG_2PI = Math.log(2 * Math.PI);
/** Added to each component's responsibility mass (scikit-learn's 10·ε) so an emptied component divides by > 0. */
const MASS_EPS = 10 * Number.EPSILON;

/**
 * x: [n, d], K components (1 ≤ K ≤ n). Maximizes the likelihood subject to the variance floor: the
 * M-step sets each variance to max(weighted sample variance, floor), the constrained optimum per
 * coordinate, so every iteration keeps the log-likelihood from decreasing. Draws only from rng (k-means++).
 */
export function fitDiagonalGmm(x: Float64Array, n: number, d: number, K: number, rng: Random, opts: DiagonalGmmOptions): DiagonalGmm {
  const fn = 'fitDiagonalGmm';
  const floor = opts.varianceFloor;
  const maxIterations = opts.maxIterations ?? 500;
  const tolerance = opts.tolerance ?? 1e-4;
  if (floor.length !== d || !floor.every((v) => v > 0 && v < Infinity)) throw new Error(`${fn}: varianceFloor must hold ${d} finite numbers > 0`);
  if (!Number.isInteger(maxIterations) || maxIterations < 0) throw new Error(`${fn}: maxIterations must be a non-negative integer, got ${maxIterations}`);
  if (!(tolerance >= 0)) throw new Error(`${fn}: tolerance must be >= 0, got ${tolerance}`);

  // Initial parameters: the M-step on the k-means clusters as hard responsibilities.
  const { assignment } = kmeans(x, n, d, K, rng);
  const resp = new Float64Array(n * K);
  for (let i = 0; i < n; i++) resp[i * K + assignment[i]!] = 1;
  const weights = new Float64Array(K);
  const means = new Float64Array(K * d);
  const variances = new Float64Array(K * d);
  mStep(x, n, d, K, resp, floor, weights, means, variances);

  let logLikelihood = eStep(x, n, d, K, weights, means, variances, resp);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    mStep(x, n, d, K, resp, floor, weights, means, variances);
    const next = eStep(x, n, d, K, weights, means, variances, resp);
    iterations++;
    const gain = next - logLikelihood;
    logLikelihood = next;
    if (gain < tolerance) {
      converged = true;
      break;
    }
  }
  return { K, d, weights, means, variances, logLikelihood, iterations, converged };
}

/** Responsibilities resp: [n, K] from the parameters; returns the mean log-likelihood per row. */
function eStep(
  x: Float64Array, n: number, d: number, K: number,
  weights: Float64Array, means: Float64Array, variances: Float64Array, resp: Float64Array,
): number {
  // log w_c − ½ Σ_j log(2π σ²_cj): the part of each component's log density that does not depend on x.
  const constant = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    let s = d * LOG_2PI;
    for (let j = 0; j < d; j++) s += Math.log(variances[c * d + j]!);
    constant[c] = Math.log(weights[c]!) - 0.5 * s;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    const ro = i * K;
    let top = -Infinity;
    for (let c = 0; c < K; c++) {
      const co = c * d;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const e = x[xo + j]! - means[co + j]!;
        q += (e * e) / variances[co + j]!;
      }
      const l = constant[c]! - 0.5 * q;
      resp[ro + c] = l;
      if (l > top) top = l;
    }
    // log Σ_c exp(l_c) = top + log Σ_c exp(l_c − top): no overflow, and the largest term is exactly 1.
    let s = 0;
    for (let c = 0; c < K; c++) {
      const e = Math.exp(resp[ro + c]! - top);
      resp[ro + c] = e;
      s += e;
    }
    for (let c = 0; c < K; c++) resp[ro + c] /= s;
    total += top + Math.log(s);
  }
  return total / n;
}

/** Weights, means and floored variances from the responsibilities resp: [n, K]. */
function mStep(
  x: Float64Array, n: number, d: number, K: number, resp: Float64Array, floor: Float64Array,
  weights: Float64Array, means: Float64Array, variances: Float64Array,
): void {
  const mass = new Float64Array(K).fill(MASS_EPS);
  means.fill(0);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      const r = resp[i * K + c]!;
      if (r === 0) continue;
      mass[c] += r;
      for (let j = 0; j < d; j++) means[c * d + j] += r * x[i * d + j]!;
    }
  }
  let totalMass = 0;
  for (let c = 0; c < K; c++) totalMass += mass[c]!;
  for (let c = 0; c < K; c++) {
    weights[c] = mass[c]! / totalMass;
    for (let j = 0; j < d; j++) means[c * d + j] /= mass[c]!;
  }
  // Second pass about the new means (not E[x²] − μ²), to avoid cancellation.
  variances.fill(0);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      const r = resp[i * K + c]!;
      if (r === 0) continue;
      for (let j = 0; j < d; j++) {
        const e = x[i * d + j]! - means[c * d + j]!;
        variances[c * d + j] += r * e * e;
      }
    }
  }
  for (let c = 0; c < K; c++) {
    for (let j = 0; j < d; j++) {
      const v = variances[c * d + j]! / mass[c]!;
      variances[c * d + j] = v > floor[j]! ? v : floor[j]!;
    }
  }
}
