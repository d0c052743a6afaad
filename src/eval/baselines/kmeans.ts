/**
 * k-means clustering (Lloyd's iterations) from k-means++ seeding (Arthur & Vassilvitskii 2007), float64.
 * Browser-safe.
 */
import type { Random } from '../../tensor/random.js';

export interface KMeans {
  /** [K, d] cluster centers. */
  centers: Float64Array;
  /** [n] index of each row's nearest center (the first on ties). */
  assignment: Int32Array;
  /** Lloyd iterations run. */
  iterations: number;
}

/**
 * x: [n, d], K clusters with 1 ≤ K ≤ n. Seeding: the first center is a uniform row, each next one a row
 * drawn with probability ∝ its squared distance to the nearest center so far (uniform when all those
 * distances are 0, i.e. fewer than K distinct rows). Then Lloyd's iterations until no row changes
 * cluster (at most maxIterations); an empty cluster keeps its previous center. Draws only from rng.
 */
export function kmeans(x: Float64Array, n: number, d: number, K: number, rng: Random, maxIterations = 100): KMeans {
  if (!Number.isInteger(K) || K < 1 || K > n) throw new Error(`kmeans: K must be an integer in 1..n = ${n}, got ${K}`);
  const centers = new Float64Array(K * d);
  const nearest2 = new Float64Array(n).fill(Infinity);
  let pick = rng.int(n);
  for (let c = 0; c < K; c++) {
    if (c > 0) pick = drawByWeight(nearest2, rng);
    centers.set(x.subarray(pick * d, (pick + 1) * d), c * d);
    for (let i = 0; i < n; i++) {
      const s = squaredDistance(x, i * d, centers, c * d, d);
      if (s < nearest2[i]!) nearest2[i] = s;
    }
  }
  const assignment = new Int32Array(n).fill(-1);
  const sums = new Float64Array(K * d);
  const counts = new Int32Array(K);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestS = Infinity;
      for (let c = 0; c < K; c++) {
        const s = squaredDistance(x, i * d, centers, c * d, d);
        if (s < bestS) {
          bestS = s;
          best = c;
        }
      }
      if (assignment[i] !== best) changed++;
      assignment[i] = best;
    }
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      counts[c]!++;
      for (let j = 0; j < d; j++) sums[c * d + j] += x[i * d + j]!;
    }
    for (let c = 0; c < K; c++) {
      if (counts[c] === 0) continue;
      for (let j = 0; j < d; j++) centers[c * d + j] = sums[c * d + j]! / counts[c]!;
    }
  }
  return { centers, assignment, iterations };
}

/** Index i drawn with probability w[i]/Σw (uniform over all indices when Σw = 0). */
function drawByWeight(w: Float64Array, rng: Random): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  if (!(total > 0)) return rng.int(w.length);
  let u = rng.uniform() * total;
  let last = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i]! <= 0) continue;
    last = i;
    u -= w[i]!;
    if (u < 0) return i;
  }
  return last; // rounding left u ≥ 0 after the last positive weight
}

function squaredDistance(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const e = a[ao + j]! - b[bo + j]!;
    s += e * e;
  }
  return s;
}
