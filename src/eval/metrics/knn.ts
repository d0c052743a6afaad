/** Nearest-neighbour distances, all returned squared (compare them with squared radii). */
import { rowSquaredDistances } from './distance.js';
import type { Matrix64 } from './matrix.js';

/**
 * For each row of a: [n, d], the squared distance to its k-th nearest other row of a (itself excluded
 * by index, so a duplicate row counts as a neighbour at distance 0). Needs n > k. Each pair is
 * computed once and offered to both rows' sorted k-smallest buffers.
 */
export function kthNeighborSquaredDistances(a: Matrix64, k: number): Float64Array {
  const n = a.rows;
  const best = new Float64Array(n * k).fill(Infinity); // row i: its k smallest so far, ascending
  const row = new Float64Array(n);
  const last = k - 1;
  for (let i = 0; i < n; i++) {
    rowSquaredDistances(a, i, a, row, i + 1);
    const bi = i * k;
    for (let j = i + 1; j < n; j++) {
      const s = row[j]!;
      if (s < best[bi + last]!) insertSorted(best, bi, k, s);
      const bj = j * k;
      if (s < best[bj + last]!) insertSorted(best, bj, k, s);
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = best[i * k + last]!;
  return out;
}

/** Inserts s into the ascending buffer buf[off .. off+k), dropping its largest entry. */
function insertSorted(buf: Float64Array, off: number, k: number, s: number): void {
  let p = off + k - 1;
  while (p > off && buf[p - 1]! > s) {
    buf[p] = buf[p - 1]!;
    p--;
  }
  buf[p] = s;
}

/** For each row of a: [n, d], the squared distance to its nearest row of b: [m, d]. */
export function nearestSquaredDistances(a: Matrix64, b: Matrix64): Float64Array {
  const n = a.rows;
  const m = b.rows;
  const out = new Float64Array(n);
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    rowSquaredDistances(a, i, b, row);
    let best = Infinity;
    for (let j = 0; j < m; j++) if (row[j]! < best) best = row[j]!;
    out[i] = best;
  }
  return out;
}

/** For each row of a, the squared distances to its nearest and second-nearest rows of b (b needs >= 2 rows). */
export function nearestTwoSquaredDistances(a: Matrix64, b: Matrix64): { first: Float64Array; second: Float64Array } {
  const n = a.rows;
  const m = b.rows;
  const first = new Float64Array(n);
  const second = new Float64Array(n);
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    rowSquaredDistances(a, i, b, row);
    let d1 = Infinity;
    let d2 = Infinity;
    for (let j = 0; j < m; j++) {
      const s = row[j]!;
      if (s < d2) {
        if (s < d1) {
          d2 = d1;
          d1 = s;
        } else d2 = s;
      }
    }
    first[i] = d1;
    second[i] = d2;
  }
  return { first, second };
}
