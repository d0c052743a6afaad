/**
 * Improved precision and recall (Kynkäänniemi et al. 2019). Each set's manifold is the union of balls
 * around its points, each ball's radius the distance to that point's k-th nearest neighbour in its own set.
 * precision = fraction of fake points inside the real manifold; recall = fraction of real points inside
 * the fake manifold. Balls are closed (distance <= radius, as in the paper), so duplicated points
 * (radius 0) still count as inside; the prdc package uses a strict < instead.
 */
import { rowSquaredDistances } from './distance.js';
import { kthNeighborSquaredDistances } from './knn.js';
import type { Matrix } from './matrix.js';
import { checkK, checkKnnRows, checkSameCols, readMatrix } from './matrix.js';

export interface PrecisionRecallOptions {
  /** Neighbour index for the ball radii, default 3 (the paper's choice). */
  k?: number;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
}

/** real: [n, d], fake: [m, d], both with more than k rows. */
export function precisionRecall(real: Matrix, fake: Matrix, opts: PrecisionRecallOptions = {}): PrecisionRecall {
  const fn = 'precisionRecall';
  const k = opts.k ?? 3;
  checkK(fn, k);
  const r = readMatrix(fn, 'real', real);
  const f = readMatrix(fn, 'fake', fake);
  checkSameCols(fn, 'real', real, 'fake', fake);
  checkKnnRows(fn, 'real', real, k);
  checkKnnRows(fn, 'fake', fake, k);
  const realRadius2 = kthNeighborSquaredDistances(r, k);
  const fakeRadius2 = kthNeighborSquaredDistances(f, k);
  const n = r.rows;
  const m = f.rows;
  const fakeInReal = new Uint8Array(m);
  let realInFake = 0;
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    rowSquaredDistances(r, i, f, row);
    const ri = realRadius2[i]!;
    let inside = 0;
    for (let j = 0; j < m; j++) {
      const s = row[j]!;
      if (s <= ri) fakeInReal[j] = 1;
      if (s <= fakeRadius2[j]!) inside = 1;
    }
    realInFake += inside;
  }
  let fakeInside = 0;
  for (let j = 0; j < m; j++) fakeInside += fakeInReal[j]!;
  return { precision: fakeInside / m, recall: realInFake / n };
}
