/**
 * A strong classical baseline: PCA to k components, then a K-component Gaussian mixture with diagonal
 * covariances fitted by EM in the PCA space. A sample is z from the mixture mapped back as x = μ + Wᵀz,
 * plus residual noise that gives back the variance PCA discarded:
 *   'isotropic' (default): ε ~ N(0, σ²_r I) projected onto the d − k discarded directions (ε − Wᵀ(Wε)),
 *       σ²_r = the mean discarded variance per dimension (probabilistic PCA, Tipping & Bishop 1999);
 *   'diagonal': ε_j ~ N(0, ψ_j) with ψ_j the training residual's variance in coordinate j (as factor
 *       analysis), so coordinates that never vary (blank pixels) get no noise;
 *   'none': samples stay on the k-dimensional PCA subspace.
 * Both noise modes add the discarded variance tr(Σ) − Σ_q λ_q in total.
 * Browser-safe, float64.
 */
import { Random } from '../../tensor/random.js';
import type { DiagonalGmm } from './diagonalGmm.js';
import { fitDiagonalGmm } from './diagonalGmm.js';
import type { Pca } from './pca.js';
import { fitPca, pcaProject } from './pca.js';
import type { FittedGenerator, ReferenceGenerator } from './referenceGenerator.js';
import { checkSampleArgs, checkTrain } from './referenceGenerator.js';

export type ResidualNoise = 'isotropic' | 'diagonal' | 'none';

export interface PcaGaussianMixtureOptions {
  /** PCA components k; default min(d, n − 1, 16). At most min(n − 1, d). */
  pcaComponents?: number;
  /**
   * Mixture components K, at most n; default max(1, min(10, ⌊n/5⌋)) (about five rows per component).
   * 'bic': the K in 1..min(30, ⌊n/2⌋) with the lowest Bayesian information criterion
   * −2·log L + p·log n, p = K·2k + K − 1 free parameters (each K fitted from the same seed).
   */
  mixtureComponents?: number | 'bic';
  /**
   * Variance floor of every mixture component in PCA coordinate j, as a fraction of the training
   * variance along that coordinate; default 1e-6 (only guards against a component collapsing onto one
   * point; a larger floor such as 1e-3 blurs tight clusters: on ring8, σ² is 2·10⁻⁴ of the variance).
   */
  varianceFloor?: number;
  /** EM iterations at most; default 500. */
  maxIterations?: number;
  /** EM stops when the mean log-likelihood per row improves by less than this (nats); default 1e-4. */
  tolerance?: number;
  /** How the discarded variance comes back; default 'isotropic' (see the file comment). */
  residualNoise?: ResidualNoise;
}

export interface FittedPcaGaussianMixture extends FittedGenerator {
  pca: Pca;
  /** The mixture in PCA coordinates; null when the training rows are all equal (k = 0). */
  gmm: DiagonalGmm | null;
}

/** Upper end of the K range searched with mixtureComponents 'bic'. */
const BIC_MAX_COMPONENTS = 30;

/**
 * train: [n, d] with n ≥ 2. seed drives the k-means++ initialization (same seed, same model).
 * When the data have fewer than k directions of non-zero variance, only those are kept.
 */
export function fitPcaGaussianMixture(
  train: Float64Array, d: number, seed: number, opts: PcaGaussianMixtureOptions = {},
): FittedPcaGaussianMixture {
  const fn = 'fitPcaGaussianMixture';
  const n = checkTrain(fn, train, d, 2, 'PCA needs a variance');
  if (!Number.isSafeInteger(seed)) throw new Error(`${fn}: seed must be a safe integer, got ${seed}`);
  const maxK = Math.min(d, n - 1);
  const k = opts.pcaComponents ?? Math.min(maxK, 16);
  if (!Number.isInteger(k) || k < 1 || k > maxK) throw new Error(`${fn}: pcaComponents must be an integer in 1..min(d, n - 1) = ${maxK}, got ${k}`);
  const K = opts.mixtureComponents ?? Math.max(1, Math.min(10, Math.floor(n / 5)));
  if (K !== 'bic' && (!Number.isInteger(K) || K < 1 || K > n)) {
    throw new Error(`${fn}: mixtureComponents must be 'bic' or an integer in 1..n = ${n}, got ${K}`);
  }
  const floorFraction = opts.varianceFloor ?? 1e-6;
  if (!(floorFraction > 0) || floorFraction === Infinity) throw new Error(`${fn}: varianceFloor must be a finite number > 0, got ${floorFraction}`);
  const noise = opts.residualNoise ?? 'isotropic';
  if (noise !== 'isotropic' && noise !== 'diagonal' && noise !== 'none') {
    throw new Error(`${fn}: residualNoise must be 'isotropic', 'diagonal' or 'none', got ${JSON.stringify(noise)}`);
  }

  const pca = fitPca(train, n, d, k);
  let gmm: DiagonalGmm | null = null;
  if (pca.k > 0) {
    const z = pcaProject(pca, train, n);
    const floor = new Float64Array(pca.k);
    for (let j = 0; j < pca.k; j++) floor[j] = floorFraction * pca.variances[j]!;
    const gmmOpts: { varianceFloor: Float64Array; maxIterations?: number; tolerance?: number } = { varianceFloor: floor };
    if (opts.maxIterations !== undefined) gmmOpts.maxIterations = opts.maxIterations;
    if (opts.tolerance !== undefined) gmmOpts.tolerance = opts.tolerance;
    const fit = (components: number): DiagonalGmm => fitDiagonalGmm(z, n, pca.k, components, new Random(seed), gmmOpts);
    if (K === 'bic') {
      let bestBic = Infinity;
      for (let c = 1; c <= Math.max(1, Math.min(BIC_MAX_COMPONENTS, Math.floor(n / 2))); c++) {
        const g = fit(c);
        const bic = -2 * n * g.logLikelihood + (c * 2 * pca.k + c - 1) * Math.log(n);
        if (bic < bestBic) {
          bestBic = bic;
          gmm = g;
        }
      }
    } else {
      gmm = fit(K);
    }
  }
  const addResidual = residualSampler(pca, noise);

  return {
    pca,
    gmm,
    sample(count: number, sampleSeed: number): Float64Array {
      checkSampleArgs('pcaGaussianMixture', count, sampleSeed);
      const rng = new Random(sampleSeed);
      const { mean, components: w, k: kk } = pca;
      const out = new Float64Array(count * d);
      const z = new Float64Array(kk);
      for (let i = 0; i < count; i++) {
        const o = i * d;
        out.set(mean, o);
        if (gmm !== null) {
          const c = pickComponent(gmm.weights, rng.uniform());
          for (let q = 0; q < kk; q++) z[q] = gmm.means[c * kk + q]! + Math.sqrt(gmm.variances[c * kk + q]!) * rng.normal();
          for (let q = 0; q < kk; q++) {
            const zq = z[q]!;
            const qo = q * d;
            for (let j = 0; j < d; j++) out[o + j] += zq * w[qo + j]!;
          }
        }
        addResidual(out, o, rng);
      }
      return out;
    },
  };
}

/** Adds one draw of the residual noise to out[o .. o + d). */
type ResidualSampler = (out: Float64Array, o: number, rng: Random) => void;

function residualSampler(pca: Pca, noise: ResidualNoise): ResidualSampler {
  const { d, k, components: w } = pca;
  // With k = d nothing was discarded; what the formulas would give is rounding noise.
  if (noise === 'none' || k === d) return () => {};
  if (noise === 'diagonal') {
    // Coordinates whose residual variance is rounding-level (blank pixels) get none.
    const tiny = (1e-12 * pca.totalVariance) / d;
    const std = pca.residualDiagonal.map((v) => (v > tiny ? Math.sqrt(v) : 0));
    return (out, o, rng) => {
      for (let j = 0; j < d; j++) if (std[j]! > 0) out[o + j] += std[j]! * rng.normal();
    };
  }
  const sigma = Math.sqrt(pca.residualVariance);
  if (sigma === 0) return () => {};
  const e = new Float64Array(d);
  const we = new Float64Array(k);
  return (out, o, rng) => {
    for (let j = 0; j < d; j++) e[j] = sigma * rng.normal();
    // Remove the part along the kept directions: ε − Wᵀ(Wε).
    for (let q = 0; q < k; q++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += w[q * d + j]! * e[j]!;
      we[q] = acc;
    }
    for (let q = 0; q < k; q++) for (let j = 0; j < d; j++) e[j] -= we[q]! * w[q * d + j]!;
    for (let j = 0; j < d; j++) out[o + j] += e[j]!;
  };
}

/** The component whose cumulative weight first exceeds u ∈ [0, 1) (the last one if rounding leaves none). */
function pickComponent(weights: Float64Array, u: number): number {
  let acc = 0;
  for (let c = 0; c < weights.length; c++) {
    acc += weights[c]!;
    if (u < acc) return c;
  }
  return weights.length - 1;
}

export const pcaGaussianMixture: ReferenceGenerator = {
  name: 'PCA + Gaussian mixture',
  fit: (train, d, seed) => fitPcaGaussianMixture(train, d, seed),
};
