/**
 * Sliced 1-Wasserstein distance: the mean over random unit directions θ of W1(θ·X, θ·Y),
 * each projected W1 computed exactly (sizes may differ).
 */
import type { Matrix } from './matrix.js';
import { checkSameCols, readMatrix } from './matrix.js';
import { randomUnitVectors } from './random.js';
import { wasserstein1dSorted } from './wasserstein1d.js';

export interface SlicedWassersteinOptions {
  /** Number of random directions, default 128. */
  projections?: number;
  /** Seed of the directions (uniform on the unit sphere); same seed, same value. */
  seed: number;
}

/** x: [m, d], y: [n, d]. In d = 1 every direction is ±1, so this is exactly W1. */
export function slicedWasserstein(x: Matrix, y: Matrix, opts: SlicedWassersteinOptions): number {
  const fn = 'slicedWasserstein';
  const x64 = readMatrix(fn, 'x', x);
  const y64 = readMatrix(fn, 'y', y);
  checkSameCols(fn, 'x', x, 'y', y);
  if (opts === undefined || !Number.isSafeInteger(opts.seed)) {
    throw new Error(`${fn}: opts.seed must be a safe integer, got ${opts === undefined ? 'no options' : opts.seed}`);
  }
  const P = opts.projections ?? 128;
  if (!Number.isInteger(P) || P < 1) throw new Error(`${fn}: projections must be a positive integer, got ${P}`);
  const d = x64.cols;
  const dirs = randomUnitVectors(P, d, opts.seed);
  const px = new Float64Array(x64.rows);
  const py = new Float64Array(y64.rows);
  let total = 0;
  for (let p = 0; p < P; p++) {
    project(x64.data, x64.rows, d, dirs, p * d, px);
    project(y64.data, y64.rows, d, dirs, p * d, py);
    total += wasserstein1dSorted(px.sort(), py.sort());
  }
  return total / P;
}

/** out[i] = Σ_k a[i, k] · dirs[off + k]. */
function project(a: Float64Array, rows: number, d: number, dirs: Float64Array, off: number, out: Float64Array): void {
  for (let i = 0, ai = 0; i < rows; i++, ai += d) {
    let s = 0;
    for (let k = 0; k < d; k++) s += a[ai + k]! * dirs[off + k]!;
    out[i] = s;
  }
}
