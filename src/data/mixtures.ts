/**
 * The 2-D Gaussian-mixture benchmarks for mode collapse, as in PacGAN (Lin et al., NeurIPS 2018,
 * "2D-ring" and "2D-grid", following VEEGAN): isotropic components of equal weight.
 * Checked against the authors' code (github.com/fjxmlzn/PacGAN, synthetic_data_experiments/*_GAN&PacGAN/config.py):
 *   ring: means (cos 2πk/8, sin 2πk/8), k = 0..7, covariance 0.01²·I;
 *   grid: means (i, j) for i, j in {−4, −2, 0, 2, 4} (i outer, j inner), covariance 0.05²·I;
 *   priors None (uniform): the component is drawn independently for every sample.
 * Differences: PacGAN trains on 100,000 points; here n is the caller's (few-shot) choice, and the
 * random stream is this engine's seeded xoshiro128**, not NumPy's, so the points themselves differ.
 * Browser-safe.
 */
import { Random } from '../tensor/random.js';
import type { Dataset } from './dataset.js';

/**
 * n points from the equal-weight mixture of N(centers[k], sigma²·I): the component k is uniform per
 * sample and becomes the label. centers: [K, 2]. Same seed gives the same bytes.
 * Returns a Dataset with x: [n, 2], labels: [n], numClasses K and modes set.
 */
export function gaussianMixture2d(name: string, centers: Float64Array, sigma: number, n: number, seed: number): Dataset {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: n must be a positive integer, got ${n}`);
  if (centers.length === 0 || centers.length % 2 !== 0) throw new Error(`${name}: centers must be [K, 2], got ${centers.length} entries`);
  if (!(sigma > 0) || sigma === Infinity) throw new Error(`${name}: sigma must be a finite number > 0, got ${sigma}`);
  const k = centers.length / 2;
  const rng = new Random(seed);
  const x = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    labels[i] = c;
    x[2 * i] = centers[2 * c]! + sigma * rng.normal();
    x[2 * i + 1] = centers[2 * c + 1]! + sigma * rng.normal();
  }
  return { name, x, n, dim: 2, labels, numClasses: k, modes: { centers, sigma } };
}

/** Centers of 2D-ring: 8 points evenly on the unit circle, k-th at angle 2πk/8. [8, 2]. */
export function ring8Centers(): Float64Array {
  const c = new Float64Array(16);
  for (let k = 0; k < 8; k++) {
    c[2 * k] = Math.cos((2 * Math.PI * k) / 8);
    c[2 * k + 1] = Math.sin((2 * Math.PI * k) / 8);
  }
  return c;
}

/** Centers of 2D-grid: {−4, −2, 0, 2, 4}², mode 5i + j at (−4 + 2i, −4 + 2j). [25, 2]. */
export function grid25Centers(): Float64Array {
  const c = new Float64Array(50);
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      c[2 * (5 * i + j)] = -4 + 2 * i;
      c[2 * (5 * i + j) + 1] = -4 + 2 * j;
    }
  }
  return c;
}

/** 2D-ring: n points from 8 Gaussians (σ = 0.01) on the unit circle; label = mode index. x: [n, 2]. */
export function ring8(n: number, seed: number): Dataset {
  return gaussianMixture2d('ring8', ring8Centers(), 0.01, n, seed);
}

/** 2D-grid: n points from 25 Gaussians (σ = 0.05) at {−4, −2, 0, 2, 4}²; label = mode index. x: [n, 2]. */
export function grid25(n: number, seed: number): Dataset {
  return gaussianMixture2d('grid25', grid25Centers(), 0.05, n, seed);
}
