import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  copyFraction,
  densityCoverage,
  energyDistance,
  matrixFromRows,
  mmd2,
  modeMetrics,
  nnRatio,
  oneNNAccuracy,
  precisionRecall,
  randomUnitVectors,
  slicedWasserstein,
  squaredDistanceMatrix,
  wasserstein1d,
} from '../src/eval/metrics/index.js';
import type { Matrix } from '../src/eval/metrics/index.js';
import { kthNeighborSquaredDistances } from '../src/eval/metrics/knn.js';
import { readMatrix } from '../src/eval/metrics/matrix.js';
import { Random as MetricRandom } from '../src/tensor/random.js';
import { medianInPlace, selectKth } from '../src/eval/metrics/select.js';

const close = (a: number, b: number, tol = 1e-12, what = ''): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} expected ${b}, got ${a}`);
};

/** A column of 1-D points. */
const col = (...v: number[]): Matrix => ({ data: Float64Array.from(v), rows: v.length, cols: 1 });

/** rows x cols standard normals scaled and shifted. */
function gaussian(rows: number, cols: number, seed: number, shift = 0, scale = 1): Matrix {
  const rng = new MetricRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = shift + scale * rng.normal();
  return { data, rows, cols };
}

/** The 8 unit-radius-2 ring centers used by the mode tests. */
const ring = (k = 8, radius = 2): Matrix =>
  matrixFromRows(Array.from({ length: k }, (_, i) => [radius * Math.cos((2 * Math.PI * i) / k), radius * Math.sin((2 * Math.PI * i) / k)]));

/** count copies of the rows of m whose indices are listed. */
function pick(m: Matrix, indices: number[]): Matrix {
  const data = new Float64Array(indices.length * m.cols);
  indices.forEach((r, i) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return { data, rows: indices.length, cols: m.cols };
}

// ---- validation and helpers ----

test('validation: messages name the function, the argument, the row and what is wrong', () => {
  const bad = matrixFromRows([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
  bad.data[9] = NaN;
  const ok = gaussian(5, 2, 1);
  assert.throws(() => nnRatio(bad, ok, ok), /^nnRatio: generated row 4 has NaN \(column 1\)$/);
  bad.data[9] = -Infinity;
  assert.throws(() => mmd2(ok, bad), /mmd2: y row 4 has -Infinity/);
  assert.throws(() => mmd2(gaussian(4, 3, 1), gaussian(4, 2, 2)), /mmd2: x has 3 columns but y has 2/);
  assert.throws(() => precisionRecall(gaussian(3, 2, 1), gaussian(9, 2, 2), { k: 3 }), /precisionRecall: real needs more than k=3 rows, got 3/);
  assert.throws(() => precisionRecall(gaussian(9, 2, 1), gaussian(2, 2, 2)), /precisionRecall: fake needs more than k=3 rows, got 2/);
  assert.throws(() => densityCoverage(gaussian(5, 2, 1), gaussian(9, 2, 2)), /densityCoverage: real needs more than k=5 rows, got 5/);
  assert.throws(() => readMatrix('f', 'a', { data: new Float64Array(5), rows: 2, cols: 3 }), /f: a has 5 entries but shape \[2, 3\] needs 6/);
  assert.throws(() => copyFraction(ok, gaussian(1, 2, 3)), /copyFraction: train needs at least 2 rows/);
  assert.throws(() => slicedWasserstein(ok, ok, { seed: 1.5 }), /slicedWasserstein: opts.seed must be a safe integer/);
  assert.throws(() => modeMetrics(ok, ring(), 0), /modeMetrics: sigma must be a finite number > 0, got 0/);
  assert.throws(() => precisionRecall(ok, ok, { k: 0 }), /precisionRecall: k must be a positive integer, got 0/);
});

test('squaredDistanceMatrix: hand values, float32 input, exact zeros for equal rows', () => {
  const a = matrixFromRows([[0, 0], [3, 4]]);
  const b: Matrix = { data: Float32Array.from([3, 4, 0, 0, 1, 1]), rows: 3, cols: 2 };
  assert.equal(Array.from(squaredDistanceMatrix(a, b)), [25, 0, 2, 0, 25, 13]);
  const c = gaussian(7, 5, 9);
  const d = squaredDistanceMatrix(c, c);
  for (let i = 0; i < 7; i++) assert.is(d[i * 7 + i], 0);
});

test('float32 inputs give the same results as their float64 values', () => {
  const x32: Matrix = { data: Float32Array.from(gaussian(30, 3, 1).data), rows: 30, cols: 3 };
  const y32: Matrix = { data: Float32Array.from(gaussian(30, 3, 2, 0.5).data), rows: 30, cols: 3 };
  const x64: Matrix = { data: Float64Array.from(x32.data), rows: 30, cols: 3 };
  const y64: Matrix = { data: Float64Array.from(y32.data), rows: 30, cols: 3 };
  assert.is(mmd2(x32, y32), mmd2(x64, y64));
  assert.is(energyDistance(x32, y32), energyDistance(x64, y64));
  assert.is(slicedWasserstein(x32, y32, { seed: 2 }), slicedWasserstein(x64, y64, { seed: 2 }));
  assert.equal(precisionRecall(x32, y32), precisionRecall(x64, y64));
  assert.is(nnRatio(y32, x32, y32), nnRatio(y64, x64, y64));
});

test('selectKth and medianInPlace agree with a full sort', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 60 }), fc.nat(), (vals, kRaw) => {
      const sorted = Float64Array.from(vals).sort();
      const k = kRaw % vals.length;
      assert.is(selectKth(Float64Array.from(vals), k), sorted[k]);
      const n = vals.length;
      const med = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      assert.is(medianInPlace(Float64Array.from(vals)), med);
    }),
    { seed: 42, numRuns: 300 },
  );
});

test('kthNeighborSquaredDistances matches brute force (duplicates count as neighbours)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 4, max: 25 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer(), (n, k, d, seed) => {
      const m = gaussian(n, d, seed);
      for (let i = 0; i < d; i++) m.data[i] = m.data[d + i]!; // rows 0 and 1 equal
      const got = kthNeighborSquaredDistances(readMatrix('t', 'm', m), k);
      const all = squaredDistanceMatrix(m, m);
      for (let i = 0; i < n; i++) {
        const others = Array.from(all.subarray(i * n, (i + 1) * n)).filter((_, j) => j !== i).sort((p, q) => p - q);
        assert.is(got[i], others[k - 1]);
      }
    }),
    { seed: 7, numRuns: 60 },
  );
});

// ---- mode metrics ----

test('modeMetrics: every mode hit equally -> 8/8, all high quality, KL 0', () => {
  const modes = ring();
  const idx = Array.from({ length: 80 }, (_, i) => i % 8);
  const r = modeMetrics(pick(modes, idx), modes, 0.05);
  assert.is(r.modesCovered, 8);
  assert.is(r.highQualityFraction, 1);
  close(r.reverseKL, 0);
  assert.equal(Array.from(r.modeCounts), [10, 10, 10, 10, 10, 10, 10, 10]);
});

test('modeMetrics: all samples on one mode -> 1/8, KL = log 8', () => {
  const modes = ring();
  const r = modeMetrics(pick(modes, Array(50).fill(3)), modes, 0.05);
  assert.is(r.modesCovered, 1);
  assert.is(r.highQualityFraction, 1);
  close(r.reverseKL, Math.log(8));
});

test('modeMetrics: the 3σ boundary is inclusive; far samples are low quality; none high quality gives NaN KL', () => {
  const modes = matrixFromRows([[0, 0], [10, 0]]);
  const samples = matrixFromRows([[0.3, 0], [0.3000001, 0], [5, 5], [10, -0.1]]);
  const r = modeMetrics(samples, modes, 0.1);
  assert.is(r.highQualityFraction, 0.5);
  assert.equal(Array.from(r.modeCounts), [1, 1]);
  close(r.reverseKL, 0);
  const none = modeMetrics(matrixFromRows([[5, 5]]), modes, 0.1);
  assert.is(none.modesCovered, 0);
  assert.ok(Number.isNaN(none.reverseKL));
  // q = (3/4, 1/4) over K = 2: 3/4 log(3/2) + 1/4 log(1/2).
  const uneven = modeMetrics(matrixFromRows([[0, 0], [0, 0], [0, 0], [10, 0]]), modes, 0.1);
  close(uneven.reverseKL, 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5));
});

test('modeMetrics: trainSet adds modesInTrain and modesCoveredOfTrain', () => {
  const modes = ring();
  const train = pick(modes, [0, 1, 2, 3, 4, 5, 5, 0]);
  train.data[0] += 10; // this copy of mode 0 is now far from every mode; mode 0 still has the last row
  const samples = pick(modes, [4, 5, 6, 7, 7]);
  const r = modeMetrics(samples, modes, 0.05, { trainSet: train });
  assert.is(r.modesCovered, 4);
  assert.is(r.modesInTrain, 6);
  assert.is(r.modesCoveredOfTrain, 2);
  assert.is(modeMetrics(samples, modes, 0.05).modesInTrain, undefined);
});

// ---- MMD ----

test('mmd2: hand-computed two-point case with h = 1', () => {
  // Kxx = e^{-1/2}, Kyy = e^{-2}, mean Kxy = (1 + e^{-2} + 2e^{-1/2})/4.
  const expected = Math.exp(-0.5) + Math.exp(-2) - (1 + Math.exp(-2) + 2 * Math.exp(-0.5)) / 2;
  close(mmd2(col(0, 1), col(0, 2), { bandwidth: 1 }), expected);
});

test('mmd2: default bandwidth is the median distance within y (odd and even pair counts)', () => {
  const x = col(0.5, 2, 4);
  close(mmd2(x, col(0, 1, 3)), mmd2(x, col(0, 1, 3), { bandwidth: 2 })); // distances 1, 3, 2
  close(mmd2(x, col(0, 1, 3, 7)), mmd2(x, col(0, 1, 3, 7), { bandwidth: 3.5 })); // 1 2 3 4 6 7
  assert.throws(() => mmd2(x, col(1, 1, 1, 1, 2)), /mmd2: the median distance between rows of y is 0/);
});

test('mmd2: a set against itself gives exactly 2(mean off-diagonal kernel - 1)/m <= 0', () => {
  const x = gaussian(40, 3, 5);
  const h = 1.3;
  const d = squaredDistanceMatrix(x, x);
  let off = 0;
  for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) if (i !== j) off += Math.exp(-d[i * 40 + j]! / (2 * h * h));
  const value = mmd2(x, x, { bandwidth: h });
  close(value, (2 * (off / (40 * 39) - 1)) / 40, 1e-10);
  assert.ok(value <= 0 && value > -0.05);
});

test('mmd2: far-apart sets give a large value (cross kernel 0, so the two within-set means)', () => {
  const y = gaussian(50, 2, 2, 100, 0.1);
  const value = mmd2(gaussian(50, 2, 1, 0, 0.1), y);
  const same = mmd2(gaussian(50, 2, 3, 100, 0.1), y);
  assert.ok(value > 1 && Math.abs(same) < 0.05, `got ${value} and ${same}`);
});

// ---- energy distance ----

test('energyDistance: hand values, V and U statistics, identical sets', () => {
  close(energyDistance(col(0), col(1)), 2);
  // E|X-Y| = 2, V: E|X-X'| = E|Y-Y'| = 1/2, U: = 1.
  close(energyDistance(col(0, 1), col(2, 3)), 3);
  close(energyDistance(col(0, 1), col(2, 3), { unbiased: true }), 2);
  const x = gaussian(30, 4, 3);
  close(energyDistance(x, x), 0, 1e-12);
  assert.ok(energyDistance(x, x, { unbiased: true }) < 0);
});

test('energyDistance (V) is non-negative and symmetric', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (m, n, seed) => {
      const x = gaussian(m, 3, seed);
      const y = gaussian(n, 3, seed + 1, 0.2);
      const e = energyDistance(x, y);
      assert.ok(e >= -1e-12);
      close(energyDistance(y, x), e, 1e-12);
    }),
    { seed: 11, numRuns: 50 },
  );
});

// ---- Wasserstein ----

test('wasserstein1d: known distances, equal and unequal sizes', () => {
  close(wasserstein1d([0, 1], [2, 3]), 2);
  close(wasserstein1d([3, 0, 1], [1, 4, 2]), 1);
  close(wasserstein1d([0, 2], [1]), 1);
  close(wasserstein1d([0], [0, 1]), 0.5);
  close(wasserstein1d([5], [5]), 0);
  assert.throws(() => wasserstein1d([], [1]), /wasserstein1d: both sets need values/);
});

test('wasserstein1d with unequal sizes equals the equal-size formula on replicated samples', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 9 }),
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 9 }),
      (u, v) => {
        // Repeat each u value |v| times and each v value |u| times: same distributions, equal sizes.
        const U = u.flatMap((a) => Array(v.length).fill(a) as number[]).sort((a, b) => a - b);
        const V = v.flatMap((b) => Array(u.length).fill(b) as number[]).sort((a, b) => a - b);
        let s = 0;
        for (let i = 0; i < U.length; i++) s += Math.abs(U[i]! - V[i]!);
        close(wasserstein1d(u, v), s / U.length, 1e-12);
      },
    ),
    { seed: 3, numRuns: 200 },
  );
});

test('slicedWasserstein: 1-D is exact W1; identical sets give 0; a shift v gives mean |θ·v| over the directions', () => {
  close(slicedWasserstein(col(0, 1), col(2, 3), { seed: 1 }), 2);
  close(slicedWasserstein(col(0, 2), col(1), { seed: 1, projections: 5 }), 1);
  const x = gaussian(60, 2, 4);
  assert.is(slicedWasserstein(x, x, { seed: 9 }), 0);
  const shifted = { data: x.data.map((v, i) => v + (i % 2 === 0 ? 3 : -4)), rows: 60, cols: 2 };
  const dirs = randomUnitVectors(128, 2, 9);
  let expected = 0;
  for (let p = 0; p < 128; p++) expected += Math.abs(3 * dirs[2 * p]! - 4 * dirs[2 * p + 1]!);
  close(slicedWasserstein(x, shifted, { seed: 9 }), expected / 128, 1e-10);
  // The mean of |θ·v| over uniform directions in 2-D is (2/π)‖v‖ = 10/π.
  close(expected / 128, 10 / Math.PI, 0.05);
  assert.is(slicedWasserstein(x, shifted, { seed: 9 }), slicedWasserstein(x, shifted, { seed: 9 }));
});

test('randomUnitVectors: unit norm, reproducible, seed-dependent', () => {
  const a = randomUnitVectors(20, 5, 123);
  for (let p = 0; p < 20; p++) {
    let s = 0;
    for (let k = 0; k < 5; k++) s += a[p * 5 + k]! ** 2;
    close(s, 1, 1e-14);
  }
  assert.equal(Array.from(randomUnitVectors(20, 5, 123)), Array.from(a));
  assert.not.equal(Array.from(randomUnitVectors(20, 5, 124)), Array.from(a));
});

// ---- precision / recall, density / coverage ----

test('precisionRecall: identical sets 1/1, far-apart sets 0/0, hand-computed 1-D case', () => {
  const x = gaussian(40, 3, 6);
  assert.equal(precisionRecall(x, x), { precision: 1, recall: 1 });
  assert.equal(precisionRecall(x, gaussian(40, 3, 7, 50)), { precision: 0, recall: 0 });
  // Real radii (k=1) are all 1; fake radii are both 9.5, which reach every real point.
  assert.equal(precisionRecall(col(0, 1, 2, 3, 4), col(0.5, 10), { k: 1 }), { precision: 0.5, recall: 1 });
});

test('densityCoverage: identical sets cover everything, far-apart sets nothing, hand-computed 1-D case', () => {
  const x = gaussian(40, 3, 6);
  assert.is(densityCoverage(x, x).coverage, 1);
  assert.equal(densityCoverage(x, gaussian(40, 3, 7, 50)), { density: 0, coverage: 0 });
  // 0.5 lies in the balls of 0 and 1 (radius 1): density 2/(1·2), coverage 2/5.
  assert.equal(densityCoverage(col(0, 1, 2, 3, 4), col(0.5, 10), { k: 1 }), { density: 1, coverage: 0.4 });
});

test('precisionRecall, densityCoverage and oneNNAccuracy match naive definitions (integer points, many ties)', () => {
  const naiveKth = (d: Float64Array, n: number, i: number, k: number): number =>
    Array.from(d.subarray(i * n, (i + 1) * n)).filter((_, j) => j !== i).sort((p, q) => p - q)[k - 1]!;
  const intSet = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 4, maxLength: 14 })
    .map((pts) => matrixFromRows(pts.map(([a, b]) => [a, b])));
  fc.assert(
    fc.property(intSet, intSet, fc.integer({ min: 1, max: 3 }), (real, fake, k) => {
      const n = real.rows;
      const m = fake.rows;
      const rr = squaredDistanceMatrix(real, real);
      const ff = squaredDistanceMatrix(fake, fake);
      const rf = squaredDistanceMatrix(real, fake);
      const rRad = Array.from({ length: n }, (_, i) => naiveKth(rr, n, i, k));
      const fRad = Array.from({ length: m }, (_, j) => naiveKth(ff, m, j, k));
      let prec = 0;
      for (let j = 0; j < m; j++) if (rRad.some((r, i) => rf[i * m + j]! <= r)) prec++;
      let rec = 0;
      for (let i = 0; i < n; i++) if (fRad.some((r, j) => rf[i * m + j]! <= r)) rec++;
      assert.equal(precisionRecall(real, fake, { k }), { precision: prec / m, recall: rec / n });
      let hits = 0;
      let cov = 0;
      for (let i = 0; i < n; i++) {
        let c = 0;
        for (let j = 0; j < m; j++) if (rf[i * m + j]! <= rRad[i]!) c++;
        hits += c;
        if (c > 0) cov++;
      }
      const dc = densityCoverage(real, fake, { k });
      close(dc.density, hits / (k * m));
      close(dc.coverage, cov / n);
      // 1-NN: nearest same-set vs nearest other-set distance, ties 1/2.
      const score = (same: number, other: number): number => (same < other ? 1 : same > other ? 0 : 0.5);
      let cx = 0;
      for (let i = 0; i < n; i++) {
        const same = Math.min(...Array.from(rr.subarray(i * n, (i + 1) * n)).filter((_, j) => j !== i));
        cx += score(same, Math.min(...Array.from(rf.subarray(i * m, (i + 1) * m))));
      }
      let cy = 0;
      for (let j = 0; j < m; j++) {
        const same = Math.min(...Array.from(ff.subarray(j * m, (j + 1) * m)).filter((_, i) => i !== j));
        cy += score(same, Math.min(...Array.from({ length: n }, (_, i) => rf[i * m + j]!)));
      }
      const nn = oneNNAccuracy(real, fake);
      close(nn.accuracy, (cx + cy) / (n + m));
      close(nn.xAccuracy, cx / n);
      close(nn.yAccuracy, cy / m);
    }),
    { seed: 21, numRuns: 150 },
  );
});

// ---- 1-NN two-sample test ----

test('oneNNAccuracy: far-apart sets 1, identical sets 0 (every nearest neighbour is the twin), ties score 1/2', () => {
  const x = gaussian(30, 2, 1);
  assert.equal(oneNNAccuracy(x, gaussian(20, 2, 2, 100)), { accuracy: 1, xAccuracy: 1, yAccuracy: 1 });
  assert.equal(oneNNAccuracy(x, x), { accuracy: 0, xAccuracy: 0, yAccuracy: 0 });
  // x = {0, 2}, y = {4}: 0 -> 2 (right), 2 ties 0 and 4 (1/2), 4 -> 2 (wrong).
  assert.equal(oneNNAccuracy(col(0, 2), col(4)), { accuracy: 0.5, xAccuracy: 0.75, yAccuracy: 0 });
});

test('oneNNAccuracy: two samples of one distribution score near 0.5', () => {
  const r = oneNNAccuracy(gaussian(300, 2, 1), gaussian(300, 2, 2));
  assert.ok(Math.abs(r.accuracy - 0.5) < 0.07, `got ${r.accuracy}`);
});

// ---- memorization ----

test('nnRatio: copies give 0, fresh held-out-like samples about 1, hand-computed 1-D case', () => {
  const train = gaussian(50, 2, 1);
  const heldOut = gaussian(50, 2, 2);
  assert.is(nnRatio(train, train, heldOut), 0);
  close(nnRatio(heldOut, train, heldOut), 1);
  // Held-out nearest distances 1, 2, 3 (median 2); generated 5, 0.5, 1 (median 1).
  close(nnRatio(col(5, 0.5, 9), col(0, 10), col(1, 2, 3)), 0.5);
  assert.throws(() => nnRatio(heldOut, train, pick(train, [0, 1, 2])), /nnRatio: the median distance from heldOut to train is 0/);
});

test('copyFraction: copies give 1, hand-computed ratios, duplicated training rows', () => {
  const train = gaussian(50, 2, 1);
  assert.is(copyFraction(train, train), 1);
  assert.is(copyFraction(gaussian(50, 2, 5), train) < 0.5, true);
  // 1: d1/d2 = 1/9 < 1/3 (copy); 4: 4/6 (not).
  assert.is(copyFraction(col(1, 4), col(0, 10)), 0.5);
  assert.is(copyFraction(col(4), col(0, 10), { threshold: 0.7 }), 1);
  assert.is(copyFraction(col(3), col(3, 3)), 1);
  assert.throws(() => copyFraction(col(1), col(0, 10), { threshold: 0 }), /copyFraction: threshold must be in \(0, 1\], got 0/);
});

test('copyFraction: ratios between t² and t and between t and √t, where squaring the threshold or not decides', () => {
  // Train rows 0 and 10; a sample at x has d1 = x, d2 = 10 − x.
  // 3: ratio 3/7 = 0.43, in [1/3, √(1/3) = 0.58): not a copy (d1 < t·d2 holds for t unsquared).
  assert.is(copyFraction(col(3), col(0, 10)), 0);
  // 2.4: ratio 0.32, in [1/9, 1/3): a copy (d1² < t⁴·d2², the threshold squared twice, says no).
  assert.is(copyFraction(col(2.4), col(0, 10)), 1);
  // threshold 0.5, 4: ratio 0.67, in [0.5, √0.5 = 0.71): not a copy; 3: ratio 0.43 < 0.5: a copy.
  assert.is(copyFraction(col(4, 3), col(0, 10), { threshold: 0.5 }), 0.5);
});

test.run();
