/**
 * Rényi differential privacy of one step of the sampled Gaussian mechanism (each record joins the
 * batch independently with probability q; Gaussian noise of std σ·C is added to a sum of terms of norm
 * ≤ C), as Mironov, Talwar & Zhang (2019, "Rényi Differential Privacy of the Sampled Gaussian
 * Mechanism", §3.3) compute it and Opacus's `rdp` accountant implements: RDP(α) = log(A_α)/(α − 1) with
 * A_α = E_{z∼μ₀}[(μ(z)/μ₀(z))^α], μ₀ = N(0, σ²), μ = (1 − q)·μ₀ + q·N(1, σ²). Browser-safe.
 */
import { logAdd, logErfc, logSub } from './logSpace.js';

/**
 * RDP ε(α) of one step: q the sampling rate in [0, 1], sigma the noise multiplier (noise std over the
 * clipping norm), alpha > 1 the order (Infinity gives Infinity). Special cases as Opacus: q = 0 → 0,
 * σ = 0 → Infinity, q = 1 → α/(2σ²) (the plain Gaussian mechanism, Mironov 2017, Prop. 7).
 */
export function sampledGaussianRdp(q: number, sigma: number, alpha: number): number {
  const fn = 'sampledGaussianRdp';
  if (!(q >= 0 && q <= 1)) throw new Error(`${fn}: sampling rate q must be in [0, 1], got ${q}`);
  if (!(sigma >= 0) || sigma === Infinity) throw new Error(`${fn}: noise multiplier sigma must be finite and >= 0, got ${sigma}`);
  if (!(alpha > 1)) throw new Error(`${fn}: order alpha must be > 1, got ${alpha}`);
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (alpha === Infinity) return Infinity;
  const logA = Number.isInteger(alpha) ? logAInteger(q, sigma, alpha) : logAFractional(q, sigma, alpha);
  return logA / (alpha - 1);
}

/**
 * Integer α: the binomial expansion A_α = Σ_{i=0}^{α} C(α, i)·q^i·(1 − q)^(α−i)·exp((i² − i)/(2σ²)),
 * summed in log space.
 */
function logAInteger(q: number, sigma: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const twoS2 = 2 * sigma * sigma;
  let logA = -Infinity;
  let logBinom = 0; // log C(α, 0)
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log(alpha - i + 1) - Math.log(i);
    logA = logAdd(logA, logBinom + i * logQ + (alpha - i) * log1mQ + (i * i - i) / twoS2);
  }
  return logA;
}

/**
 * Fractional α: split the integral at z₀ = σ²·log(1/q − 1) + 1/2, where μ = μ₀'s mixture weights swap
 * dominance, and expand each half by the generalized binomial series (coefficients C(α, i) change sign);
 * each term carries the Gaussian tail ½·erfc(·/(√2σ)) of its half. Stops once both new terms fall below e^−30.
 */
function logAFractional(q: number, sigma: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const s2 = sigma * sigma;
  const z0 = s2 * Math.log(1 / q - 1) + 0.5;
  const sqrt2Sigma = Math.SQRT2 * sigma;
  const logHalf = Math.log(0.5);
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  let logAbsBinom = 0; // log |C(α, 0)|
  let positive = true;
  for (let i = 0; ; i++) {
    if (i > 0) {
      const factor = (alpha - i + 1) / i; // C(α, i) = C(α, i − 1)·(α − i + 1)/i
      logAbsBinom += Math.log(Math.abs(factor));
      if (factor < 0) positive = !positive;
    }
    const j = alpha - i;
    const logT0 = logAbsBinom + i * logQ + j * log1mQ;
    const logT1 = logAbsBinom + j * logQ + i * log1mQ;
    const logE0 = logHalf + logErfc((i - z0) / sqrt2Sigma);
    const logE1 = logHalf + logErfc((z0 - j) / sqrt2Sigma);
    const logS0 = logT0 + (i * i - i) / (2 * s2) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * s2) + logE1;
    if (positive) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) break;
    if (i > 100000) throw new Error(`sampledGaussianRdp: the series for alpha = ${alpha}, q = ${q}, sigma = ${sigma} did not converge`);
  }
  return logAdd(logA0, logA1);
}
