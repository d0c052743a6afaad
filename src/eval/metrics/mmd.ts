/**
 * Squared maximum mean discrepancy with an RBF kernel (Gretton et al. 2012, unbiased estimator):
 *   MMD²_u = 1/(m(m−1)) Σ_{i≠j} k(x_i,x_j) + 1/(n(n−1)) Σ_{i≠j} k(y_i,y_j) − 2/(mn) Σ_{i,j} k(x_i,y_j),
 *   k(a, b) = exp(−‖a − b‖² / (2h²)).
 */
import { rowSquaredDistances, withinSquaredDistances } from './distance.js';
import type { Matrix, Matrix64 } from './matrix.js';
import { checkMinRows, checkSameCols, readMatrix } from './matrix.js';
import { middlePair } from './select.js';

export interface Mmd2Options {
  /** RBF bandwidth h > 0. Default: the median distance between distinct rows of y (the reference set). */
  bandwidth?: number;
}

/**
 * x: [m, d] (e.g. generated), y: [n, d] (reference), m, n >= 2. The estimator is unbiased, so it can be
 * slightly negative when the distributions match. For y = x it equals 2(mean off-diagonal kernel − 1)/m <= 0.
 */
export function mmd2(x: Matrix, y: Matrix, opts: Mmd2Options = {}): number {
  const fn = 'mmd2';
  const x64 = readMatrix(fn, 'x', x);
  const y64 = readMatrix(fn, 'y', y);
  checkSameCols(fn, 'x', x, 'y', y);
  checkMinRows(fn, 'x', x, 2, 'the unbiased estimator drops the diagonal');
  checkMinRows(fn, 'y', y, 2, 'the unbiased estimator drops the diagonal');
  const m = x64.rows;
  const n = y64.rows;
  let yPairs: Float64Array | null = null;
  let h: number;
  if (opts.bandwidth !== undefined) {
    h = opts.bandwidth;
    if (!(h > 0) || h === Infinity) throw new Error(`${fn}: bandwidth must be a finite number > 0, got ${h}`);
  } else {
    yPairs = withinSquaredDistances(y64);
    // Median of distances, not of squared ones (they differ when two middle values are averaged).
    // Reordering yPairs is harmless: only its sum is used below.
    const { lower, upper } = middlePair(yPairs);
    h = (Math.sqrt(lower) + Math.sqrt(upper)) / 2;
    if (h === 0) throw new Error(`${fn}: the median distance between rows of y is 0 (mostly duplicate rows); pass opts.bandwidth`);
  }
  const g = -1 / (2 * h * h);
  const kxx = sumKernelWithin(x64, g);
  const kyy = yPairs !== null ? sumKernel(yPairs, g) : sumKernelWithin(y64, g);
  const kxy = sumKernelCross(x64, y64, g);
  return (2 * kxx) / (m * (m - 1)) + (2 * kyy) / (n * (n - 1)) - (2 * kxy) / (m * n);
}

function sumKernel(sq: Float64Array, g: number): number {
  let s = 0;
  for (let p = 0; p < sq.length; p++) s += Math.exp(g * sq[p]!);
  return s;
}

/** Σ_{i<j} exp(g‖a_i − a_j‖²). */
function sumKernelWithin(a: Matrix64, g: number): number {
  const n = a.rows;
  const row = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    rowSquaredDistances(a, i, a, row, i + 1);
    for (let j = i + 1; j < n; j++) s += Math.exp(g * row[j]!);
  }
  return s;
}

/** Σ_{i,j} exp(g‖a_i − b_j‖²). */
function sumKernelCross(a: Matrix64, b: Matrix64, g: number): number {
  const m = b.rows;
  const row = new Float64Array(m);
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    rowSquaredDistances(a, i, b, row);
    for (let j = 0; j < m; j++) s += Math.exp(g * row[j]!);
  }
  return s;
}
