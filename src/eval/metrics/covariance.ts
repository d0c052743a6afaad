/** Sample mean and unbiased covariance of a set of feature vectors. */
import type { Matrix } from './matrix.js';
import { checkMinRows, readMatrix } from './matrix.js';

export interface MeanCovariance {
  /** [d]. */
  mean: Float64Array;
  /** [d, d] row-major, Σ_i (x_i − μ)(x_i − μ)ᵀ / (n − 1) (torch.cov's default correction). */
  cov: Float64Array;
}

/** m: [n, d] with n >= 2. Two passes (mean first, then centered products) for accuracy. */
export function meanCovariance(m: Matrix): MeanCovariance {
  const fn = 'meanCovariance';
  const a = readMatrix(fn, 'm', m);
  checkMinRows(fn, 'm', m, 2, 'the unbiased covariance divides by n - 1');
  const { rows: n, cols: d, data } = a;
  const mean = new Float64Array(d);
  for (let i = 0, off = 0; i < n; i++, off += d) for (let k = 0; k < d; k++) mean[k] += data[off + k]!;
  for (let k = 0; k < d; k++) mean[k] /= n;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0, off = 0; i < n; i++, off += d) {
    for (let k = 0; k < d; k++) c[k] = data[off + k]! - mean[k]!;
    // Upper triangle only; mirrored below.
    for (let r = 0; r < d; r++) {
      const cr = c[r]!;
      const rowOff = r * d;
      for (let s = r; s < d; s++) cov[rowOff + s] += cr * c[s]!;
    }
  }
  const inv = 1 / (n - 1);
  for (let r = 0; r < d; r++) {
    for (let s = r; s < d; s++) {
      const v = cov[r * d + s]! * inv;
      cov[r * d + s] = v;
      cov[s * d + r] = v;
    }
  }
  return { mean, cov };
}
