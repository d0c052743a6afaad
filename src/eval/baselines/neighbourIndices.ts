/** Indices of nearest neighbours within one row matrix, float64. Browser-safe. */

/**
 * x: [n, d], 1 ≤ k < n → [n, k] row-major: for each row the indices of its k nearest other rows, nearest
 * first (ties by lower index). O(n²·d); meant for the few hundred rows of a few-shot set.
 */
export function kthNeighborIndices(x: Float64Array, n: number, d: number, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || k >= n) throw new Error(`kthNeighborIndices: k must be an integer in 1..${n - 1} (n − 1), got ${k}`);
  const out = new Int32Array(n * k);
  const bestD = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    bestD.fill(Infinity);
    const o = i * k;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const e = x[i * d + c]! - x[j * d + c]!;
        s += e * e;
      }
      if (s >= bestD[k - 1]!) continue;
      let p = k - 1;
      while (p > 0 && bestD[p - 1]! > s) {
        bestD[p] = bestD[p - 1]!;
        out[o + p] = out[o + p - 1]!;
        p--;
      }
      bestD[p] = s;
      out[o + p] = j;
    }
  }
  return out;
}
