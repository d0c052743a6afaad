/**
 * Squared Euclidean distances between rows, computed directly as Σ_k (a_k − b_k)².
 * Direct differences (rather than ‖a‖² + ‖b‖² − 2a·b) cost the same in plain JS loops, are never
 * negative, and give exactly 0 for identical rows, which the memorization metrics rely on.
 */
import type { Matrix, Matrix64 } from './matrix.js';
import { checkSameCols, readMatrix } from './matrix.js';

/**
 * out[j] = ‖a_i − b_j‖² for j in [from, b.rows); out[0..from) is left untouched.
 * a: [*, d], b: [m, d], out: length >= m.
 */
export function rowSquaredDistances(a: Matrix64, i: number, b: Matrix64, out: Float64Array, from = 0): void {
  const d = a.cols;
  const ad = a.data;
  const bd = b.data;
  const m = b.rows;
  const ai = i * d;
  if (d === 2) {
    const x0 = ad[ai]!;
    const x1 = ad[ai + 1]!;
    for (let j = from, bj = from * 2; j < m; j++, bj += 2) {
      const e0 = x0 - bd[bj]!;
      const e1 = x1 - bd[bj + 1]!;
      out[j] = e0 * e0 + e1 * e1;
    }
    return;
  }
  // Four independent accumulators let the CPU overlap the multiply-adds of consecutive columns.
  const d4 = d - (d % 4);
  for (let j = from, bj = from * d; j < m; j++, bj += d) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k < d4; k += 4) {
      const e0 = ad[ai + k]! - bd[bj + k]!;
      const e1 = ad[ai + k + 1]! - bd[bj + k + 1]!;
      const e2 = ad[ai + k + 2]! - bd[bj + k + 2]!;
      const e3 = ad[ai + k + 3]! - bd[bj + k + 3]!;
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    for (; k < d; k++) {
      const e = ad[ai + k]! - bd[bj + k]!;
      s0 += e * e;
    }
    out[j] = s0 + s1 + (s2 + s3);
  }
}

/** Squared distances between every row of a: [n, d] and every row of b: [m, d], as [n, m] row-major. */
export function squaredDistanceMatrix(a: Matrix, b: Matrix): Float64Array {
  const a64 = readMatrix('squaredDistanceMatrix', 'a', a);
  const b64 = readMatrix('squaredDistanceMatrix', 'b', b);
  checkSameCols('squaredDistanceMatrix', 'a', a, 'b', b);
  const n = a64.rows;
  const m = b64.rows;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) rowSquaredDistances(a64, i, b64, out.subarray(i * m, (i + 1) * m));
  return out;
}

/** The n(n−1)/2 squared distances between distinct rows of a: [n, d], pairs (i < j) in row order. */
export function withinSquaredDistances(a: Matrix64): Float64Array {
  const n = a.rows;
  const out = new Float64Array((n * (n - 1)) / 2);
  const row = new Float64Array(n);
  let p = 0;
  for (let i = 0; i < n - 1; i++) {
    rowSquaredDistances(a, i, a, row, i + 1);
    for (let j = i + 1; j < n; j++) out[p++] = row[j]!;
  }
  return out;
}
