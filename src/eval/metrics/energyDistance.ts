/**
 * Energy distance (Székely & Rizzo): 2E‖X−Y‖ − E‖X−X'‖ − E‖Y−Y'‖ with Euclidean norms.
 */
import { rowSquaredDistances } from './distance.js';
import type { Matrix, Matrix64 } from './matrix.js';
import { checkMinRows, checkSameCols, readMatrix } from './matrix.js';

export interface EnergyDistanceOptions {
  /**
   * false (default): V-statistic, every mean over all pairs including i = j, i.e. the energy distance
   * between the two empirical distributions (as dcor.energy_distance; in 1-D the square of
   * scipy.stats.energy_distance): always >= 0 and exactly 0 for identical sets.
   * true: within-set means over i ≠ j (unbiased U-statistics, needs >= 2 rows per set); removes the
   * O(1/n) upward bias but can go negative.
   */
  unbiased?: boolean;
}

/** x: [m, d], y: [n, d]. */
export function energyDistance(x: Matrix, y: Matrix, opts: EnergyDistanceOptions = {}): number {
  const fn = 'energyDistance';
  const x64 = readMatrix(fn, 'x', x);
  const y64 = readMatrix(fn, 'y', y);
  checkSameCols(fn, 'x', x, 'y', y);
  const unbiased = opts.unbiased === true;
  if (unbiased) {
    checkMinRows(fn, 'x', x, 2, 'unbiased within-set means need pairs i != j');
    checkMinRows(fn, 'y', y, 2, 'unbiased within-set means need pairs i != j');
  }
  const m = x64.rows;
  const n = y64.rows;
  const exy = sumDistancesCross(x64, y64) / (m * n);
  const exx = (2 * sumDistancesWithin(x64)) / (unbiased ? m * (m - 1) : m * m);
  const eyy = (2 * sumDistancesWithin(y64)) / (unbiased ? n * (n - 1) : n * n);
  return 2 * exy - exx - eyy;
}

/** Σ_{i<j} ‖a_i − a_j‖. */
function sumDistancesWithin(a: Matrix64): number {
  const n = a.rows;
  const row = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    rowSquaredDistances(a, i, a, row, i + 1);
    for (let j = i + 1; j < n; j++) s += Math.sqrt(row[j]!);
  }
  return s;
}

/** Σ_{i,j} ‖a_i − b_j‖. */
function sumDistancesCross(a: Matrix64, b: Matrix64): number {
  const m = b.rows;
  const row = new Float64Array(m);
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    rowSquaredDistances(a, i, b, row);
    for (let j = 0; j < m; j++) s += Math.sqrt(row[j]!);
  }
  return s;
}
