/**
 * Principal component analysis by the thin SVD of the centered data (src/linalg/svd.ts), float64.
 * Browser-safe.
 */
import { svd } from '../../linalg/svd.js';

export interface Pca {
  /** Input dimension. */
  d: number;
  /** Components kept (≤ the requested number: directions of zero variance are dropped). */
  k: number;
  /** [d] column means. */
  mean: Float64Array;
  /** [k, d] principal directions as orthonormal rows, by decreasing variance. */
  components: Float64Array;
  /** [k] variance along each component, s²/(n − 1). */
  variances: Float64Array;
  /** Total variance tr(Σ) of the data (divisor n − 1). */
  totalVariance: number;
  /**
   * Variance per discarded dimension, (tr(Σ) − Σ variances)/(d − k), 0 when k = d: the isotropic noise
   * level of probabilistic PCA (Tipping & Bishop 1999), which gives back the discarded variance in total.
   */
  residualVariance: number;
  /**
   * [d] variance per input coordinate of what the k components leave out, Σ_i (x_i − μ − WᵀW(x_i − μ))²_j/(n − 1);
   * sums to the discarded variance, but is 0 on coordinates that never vary (blank pixels).
   */
  residualDiagonal: Float64Array;
}

/**
 * x: [n, d] with n ≥ 2, keep: components wanted (1 ≤ keep ≤ min(n, d)). Singular values at or below
 * 1e-12 × the largest are treated as zero variance and their directions are not kept.
 */
export function fitPca(x: Float64Array, n: number, d: number, keep: number): Pca {
  const fn = 'fitPca';
  if (!Number.isInteger(keep) || keep < 1 || keep > Math.min(n, d)) {
    throw new Error(`${fn}: keep must be an integer in 1..min(n, d) = ${Math.min(n, d)}, got ${keep}`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] /= n;
  const centered = new Float64Array(n * d);
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const c = x[o + j]! - mean[j]!;
      centered[o + j] = c;
      sumSquares += c * c;
    }
  }
  const { s, vt } = svd(centered, n, d);
  let k = 0;
  while (k < keep && s[k]! > 1e-12 * s[0]!) k++;
  const totalVariance = sumSquares / (n - 1);
  const variances = new Float64Array(k);
  let kept = 0;
  for (let c = 0; c < k; c++) {
    variances[c] = (s[c]! * s[c]!) / (n - 1);
    kept += variances[c]!;
  }
  const residualVariance = k < d ? Math.max(0, totalVariance - kept) / (d - k) : 0;
  const components = vt.slice(0, k * d);
  const residualDiagonal = new Float64Array(d);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let q = 0; q < k; q++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += components[q * d + j]! * centered[o + j]!;
      z[q] = acc;
    }
    for (let j = 0; j < d; j++) {
      let r = centered[o + j]!;
      for (let q = 0; q < k; q++) r -= z[q]! * components[q * d + j]!;
      residualDiagonal[j] += (r * r) / (n - 1);
    }
  }
  return { d, k, mean, components, variances, totalVariance, residualVariance, residualDiagonal };
}

/** z = (x − mean)·componentsᵀ: x [n, d] → z [n, k]. */
export function pcaProject(pca: Pca, x: Float64Array, n: number): Float64Array {
  const { d, k, mean, components } = pca;
  const z = new Float64Array(n * k);
  const c = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) c[j] = x[i * d + j]! - mean[j]!;
    for (let q = 0; q < k; q++) {
      const qo = q * d;
      let acc = 0;
      for (let j = 0; j < d; j++) acc += components[qo + j]! * c[j]!;
      z[i * k + q] = acc;
    }
  }
  return z;
}
