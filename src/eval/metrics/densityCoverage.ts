/**
 * Density and coverage (Naeem et al. 2020), both built on balls around the REAL points only, radius =
 * distance to the k-th nearest real neighbour:
 *   density  = 1/(k·m) Σ_j Σ_i 1[fake_j ∈ B(real_i)]   (≈ 1 when fake matches real; can exceed 1)
 *   coverage = 1/n Σ_i 1[∃ j: fake_j ∈ B(real_i)]       (fraction of real balls hit by some fake point)
 * Balls are closed (distance <= radius); the prdc package uses a strict <.
 */
import { rowSquaredDistances } from './distance.js';
import { kthNeighborSquaredDistances } from './knn.js';
import type { Matrix } from './matrix.js';
import { checkK, checkKnnRows, checkSameCols, readMatrix } from './matrix.js';

export interface DensityCoverageOptions {
  /** Neighbour index for the ball radii, default 5 (the paper's choice). */
  k?: number;
}

export interface DensityCoverage {
  density: number;
  coverage: number;
}

/** real: [n, d] with n > k, fake: [m, d]. */
export function densityCoverage(real: Matrix, fake: Matrix, opts: DensityCoverageOptions = {}): DensityCoverage {
  const fn = 'densityCoverage';
  const k = opts.k ?? 5;
  checkK(fn, k);
  const r = readMatrix(fn, 'real', real);
  const f = readMatrix(fn, 'fake', fake);
  checkSameCols(fn, 'real', real, 'fake', fake);
  checkKnnRows(fn, 'real', real, k);
  const radius2 = kthNeighborSquaredDistances(r, k);
  const n = r.rows;
  const m = f.rows;
  const row = new Float64Array(m);
  let hits = 0;
  let covered = 0;
  for (let i = 0; i < n; i++) {
    rowSquaredDistances(r, i, f, row);
    const ri = radius2[i]!;
    let count = 0;
    for (let j = 0; j < m; j++) if (row[j]! <= ri) count++;
    hits += count;
    if (count > 0) covered++;
  }
  return { density: hits / (k * m), coverage: covered / n };
}
