/**
 * One multivariate Gaussian fitted to the training set: N(μ, Σ + λI) with the sample mean μ, the unbiased
 * sample covariance Σ (divisor n − 1, as torch.cov) and a ridge λ = ridge·tr(Σ)/d (default ridge 1e-6,
 * i.e. a millionth of the average variance). The ridge makes Σ + λI positive definite when Σ is singular
 * (n ≤ d, or constant columns such as the always-blank corner pixels of the digits), which Cholesky
 * needs; it adds only λ·d = 1e-6·tr(Σ) to the total variance. Samples are μ + L·z, L = chol(Σ + λI),
 * z ~ N(0, I): the best a single second-order model can do, with no mode structure at all.
 * Browser-safe.
 */
import { Random } from '../../tensor/random.js';
import { meanCovariance } from '../metrics/covariance.js';
import { cholesky } from '../../linalg/cholesky.js';
import type { FittedGenerator, ReferenceGenerator } from './referenceGenerator.js';
import { checkSampleArgs, checkTrain } from './referenceGenerator.js';

export interface GaussianFitOptions {
  /** λ = ridge · tr(Σ)/d is added to the diagonal of Σ; default 1e-6, must be ≥ 0. */
  ridge?: number;
}

export interface FittedGaussian extends FittedGenerator {
  /** [d] sample mean. */
  mean: Float64Array;
  /** [d, d] Σ + λI, the covariance samples are drawn with. */
  cov: Float64Array;
  /** The λ that was added to the diagonal. */
  ridge: number;
}

/**
 * train: [n, d] with n ≥ 2 (a covariance needs two rows). The fit has no randomness; seed is unused.
 * With tr(Σ) = 0 (all rows equal) every sample is the mean.
 */
export function fitGaussian(train: Float64Array, d: number, _seed = 0, opts: GaussianFitOptions = {}): FittedGaussian {
  const fn = 'fitGaussian';
  const ridgeFactor = opts.ridge ?? 1e-6;
  if (!(ridgeFactor >= 0) || ridgeFactor === Infinity) throw new Error(`${fn}: ridge must be a finite number >= 0, got ${ridgeFactor}`);
  const n = checkTrain(fn, train, d, 2, 'a covariance needs two rows');
  const { mean, cov } = meanCovariance({ data: train, rows: n, cols: d });
  let trace = 0;
  for (let k = 0; k < d; k++) trace += cov[k * d + k]!;
  const ridge = (ridgeFactor * trace) / d;
  for (let k = 0; k < d; k++) cov[k * d + k] += ridge;
  const l = trace > 0 ? cholesky(cov, d) : new Float64Array(d * d);
  return {
    mean,
    cov,
    ridge,
    sample(count: number, seed: number): Float64Array {
      checkSampleArgs('gaussianFit', count, seed);
      const rng = new Random(seed);
      const out = new Float64Array(count * d);
      const z = new Float64Array(d);
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < d; k++) z[k] = rng.normal();
        const o = i * d;
        for (let r = 0; r < d; r++) {
          const ro = r * d;
          let acc = mean[r]!;
          for (let k = 0; k <= r; k++) acc += l[ro + k]! * z[k]!;
          out[o + r] = acc;
        }
      }
      return out;
    },
  };
}

export const gaussianFit: ReferenceGenerator = { name: 'Gaussian fit', fit: (train, d, seed) => fitGaussian(train, d, seed) };
