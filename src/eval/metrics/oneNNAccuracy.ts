/**
 * Leave-one-out 1-nearest-neighbour two-sample test (Lopez-Paz & Oquab 2017; Xu et al. 2018):
 * pool x (label 0) and y (label 1), classify each point by the label of its nearest other point.
 * 0.5 means indistinguishable sets, 1 means fully separable. Well below 0.5 signals memorization:
 * for y an exact copy of x (distinct rows) every point's nearest neighbour is its twin in the other set,
 * so the accuracy is 0.
 */
import { rowSquaredDistances } from './distance.js';
import type { Matrix, Matrix64 } from './matrix.js';
import { checkSameCols, readMatrix } from './matrix.js';

export interface OneNNAccuracy {
  /** Fraction of all m + n points classified correctly. */
  accuracy: number;
  /** Fraction of x points whose nearest neighbour is in x. */
  xAccuracy: number;
  /** Fraction of y points whose nearest neighbour is in y. */
  yAccuracy: number;
}

/**
 * x: [m, d], y: [n, d]. A point whose nearest same-set and nearest other-set distances tie scores 1/2
 * (the classifier's coin flip in expectation), so the result does not depend on row order.
 */
export function oneNNAccuracy(x: Matrix, y: Matrix): OneNNAccuracy {
  const fn = 'oneNNAccuracy';
  const x64 = readMatrix(fn, 'x', x);
  const y64 = readMatrix(fn, 'y', y);
  checkSameCols(fn, 'x', x, 'y', y);
  const m = x64.rows;
  const n = y64.rows;
  const sameX = nearestWithin(x64);
  const sameY = nearestWithin(y64);
  const otherX = new Float64Array(m).fill(Infinity);
  const otherY = new Float64Array(n).fill(Infinity);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    rowSquaredDistances(x64, i, y64, row);
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      const s = row[j]!;
      if (s < best) best = s;
      if (s < otherY[j]!) otherY[j] = s;
    }
    otherX[i] = best;
  }
  const cx = correct(sameX, otherX);
  const cy = correct(sameY, otherY);
  return { accuracy: (cx + cy) / (m + n), xAccuracy: cx / m, yAccuracy: cy / n };
}

/** Squared distance from each row to its nearest other row of the same set (Infinity for a lone row). */
function nearestWithin(a: Matrix64): Float64Array {
  const n = a.rows;
  const best = new Float64Array(n).fill(Infinity);
  const row = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    rowSquaredDistances(a, i, a, row, i + 1);
    let bi = best[i]!;
    for (let j = i + 1; j < n; j++) {
      const s = row[j]!;
      if (s < bi) bi = s;
      if (s < best[j]!) best[j] = s;
    }
    best[i] = bi;
  }
  return best;
}

/** Σ_i score_i, score 1 when the nearest neighbour is same-set, 0 when other-set, 1/2 on a tie. */
function correct(same: Float64Array, other: Float64Array): number {
  let c = 0;
  for (let i = 0; i < same.length; i++) c += same[i]! < other[i]! ? 1 : same[i]! > other[i]! ? 0 : 0.5;
  return c;
}
