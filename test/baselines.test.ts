import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  REFERENCE_GENERATORS, copyTraining, fitCopyTraining, fitDiagonalGmm, fitGaussian, fitPca,
  fitPcaGaussianMixture, heldOutRows, kmeans,
} from '../src/eval/baselines/index.js';
import { cholesky } from '../src/linalg/index.js';
import { ring8 } from '../src/data/mixtures.js';
import { fewShotSplit } from '../src/data/split.js';
import { copyFraction, meanCovariance, nnRatio } from '../src/eval/metrics/index.js';
import { Random } from '../src/tensor/random.js';
import { throwsWith } from './helpers/throwsWith.js';

const sameBytes = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** n rows of N(mean, L·Lᵀ) in d dims. */
function gaussianRows(n: number, mean: number[], l: number[][], seed: number): Float64Array {
  const d = mean.length;
  const rng = new Random(seed);
  const out = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) z[k] = rng.normal();
    for (let r = 0; r < d; r++) {
      let acc = mean[r]!;
      for (let k = 0; k <= r; k++) acc += l[r]![k]! * z[k]!;
      out[i * d + r] = acc;
    }
  }
  return out;
}

const CENTERS = [[0, 0], [5, 5], [-5, 5]] as const;

/** 300 points, 100 around each center with σ = 0.5. */
function threeClusters(seed: number): Float64Array {
  const rng = new Random(seed);
  const x = new Float64Array(600);
  for (let i = 0; i < 300; i++) {
    const c = CENTERS[i % 3]!;
    x[2 * i] = c[0] + 0.5 * rng.normal();
    x[2 * i + 1] = c[1] + 0.5 * rng.normal();
  }
  return x;
}

/** Per center: fraction of samples nearest to it and their mean. */
function clusterStats(x: Float64Array): { fraction: number; mean: [number, number] }[] {
  const sums = CENTERS.map(() => ({ count: 0, sx: 0, sy: 0 }));
  const n = x.length / 2;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    CENTERS.forEach((c, k) => {
      const dd = (x[2 * i]! - c[0]) ** 2 + (x[2 * i + 1]! - c[1]) ** 2;
      if (dd < bestD) {
        bestD = dd;
        best = k;
      }
    });
    sums[best]!.count++;
    sums[best]!.sx += x[2 * i]!;
    sums[best]!.sy += x[2 * i + 1]!;
  }
  return sums.map((s) => ({ fraction: s.count / n, mean: [s.sx / s.count, s.sy / s.count] }));
}

// ---------------------------------------------------------------- copyTraining

test('copyTraining: NN ratio 0, copy fraction 1, rows are training rows, seeded', () => {
  const pool = ring8(100 + 600, 3);
  const { train, heldOut } = fewShotSplit(pool, { n: 100, seed: 3, heldOut: 500 });
  const g = copyTraining.fit(train.x, 2, 0);
  const x = g.sample(400, 9);
  const m = { data: x, rows: 400, cols: 2 };
  const t = { data: train.x, rows: 100, cols: 2 };
  assert.is(nnRatio(m, t, { data: heldOut.x, rows: heldOut.n, cols: 2 }), 0);
  assert.is(copyFraction(m, t), 1);
  const rows = new Set<string>();
  for (let i = 0; i < 100; i++) rows.add(`${train.x[2 * i]},${train.x[2 * i + 1]}`);
  for (let i = 0; i < 400; i++) assert.ok(rows.has(`${x[2 * i]},${x[2 * i + 1]}`), `sample ${i} is not a training row`);
  assert.ok(sameBytes(x, g.sample(400, 9)));
  assert.not.ok(sameBytes(x, g.sample(400, 10)));
  // The fit copies train: changing it afterwards does not change the samples.
  const own = train.x.slice();
  const g2 = fitCopyTraining(own, 2);
  own.fill(7);
  assert.ok(sameBytes(g2.sample(400, 9), x));
});

// ---------------------------------------------------------------- gaussianFit

test('gaussianFit: recovers the mean and covariance of a known Gaussian; ridge as documented', () => {
  const mean = [1, -2, 0.5];
  const l = [[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.2, 0.5]];
  const trueCov = l.map((ri) => l.map((rj) => ri.reduce((s, v, k) => s + v * rj[k]!, 0)));
  const x = gaussianRows(20000, mean, l, 1);
  const g = fitGaussian(x, 3, 0);
  const sample = meanCovariance({ data: x, rows: 20000, cols: 3 });
  const trace = sample.cov[0]! + sample.cov[4]! + sample.cov[8]!;
  assert.ok(Math.abs(g.ridge - 1e-6 * trace / 3) < 1e-18);
  for (let r = 0; r < 3; r++) {
    assert.ok(Math.abs(g.mean[r]! - sample.mean[r]!) < 1e-12);
    for (let c = 0; c < 3; c++) {
      const want = sample.cov[r * 3 + c]! + (r === c ? g.ridge : 0);
      assert.ok(Math.abs(g.cov[r * 3 + c]! - want) < 1e-12, `cov[${r},${c}]`);
    }
  }
  // Samples of the fit have the true moments (20,000 draws: standard errors about 0.01).
  const s = meanCovariance({ data: g.sample(20000, 2), rows: 20000, cols: 3 });
  for (let r = 0; r < 3; r++) {
    assert.ok(Math.abs(s.mean[r]! - mean[r]!) < 0.04, `mean[${r}] = ${s.mean[r]}`);
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(s.cov[r * 3 + c]! - trueCov[r]![c]!) < 0.05, `cov[${r},${c}] = ${s.cov[r * 3 + c]}`);
  }
  assert.ok(sameBytes(g.sample(50, 4), g.sample(50, 4)));
});

test('gaussianFit: singular covariances (n ≤ d, constant columns, equal rows) still sample', () => {
  const x = Float64Array.from([0, 1, 2, 0, 0, 3, 1, 0, 0, 4, 0, 0]); // 3 rows of 4; column 3 constant
  const g = fitGaussian(x, 4, 0);
  const s = g.sample(10, 1);
  assert.ok(s.every(Number.isFinite));
  const equal = fitGaussian(Float64Array.from([2, 3, 2, 3]), 2, 0);
  assert.equal(Array.from(equal.sample(2, 1)), [2, 3, 2, 3]);
  throwsWith(() => fitGaussian(Float64Array.from([1, 2]), 2, 0), /fitGaussian: train needs at least 2 rows \(a covariance needs two rows\), got 1/);
  throwsWith(() => fitGaussian(Float64Array.from([1, 2, 3]), 2, 0), /fitGaussian: train has 3 entries, not a multiple of d = 2/);
  throwsWith(() => fitGaussian(Float64Array.from([1, NaN, 3, 4]), 2, 0), /fitGaussian: train row 0 has NaN \(column 1\)/);
  throwsWith(() => fitGaussian(x, 4, 0, { ridge: -1 }), /fitGaussian: ridge must be a finite number >= 0, got -1/);
  throwsWith(() => g.sample(0, 1), /gaussianFit.sample: count must be a positive integer, got 0/);
});

test('cholesky: L·Lᵀ = A for random SPD matrices; refuses indefinite ones', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1000 }), (d, seed) => {
      const rng = new Random(seed);
      const g = Float64Array.from({ length: d * d }, () => rng.normal());
      const a = new Float64Array(d * d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        let s = i === j ? 0.1 : 0;
        for (let k = 0; k < d; k++) s += g[i * d + k]! * g[j * d + k]!;
        a[i * d + j] = s;
      }
      const l = cholesky(a, d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        if (j > i) assert.is(l[i * d + j], 0);
        let s = 0;
        for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!;
        assert.ok(Math.abs(s - a[i * d + j]!) < 1e-10 * Math.max(1, Math.abs(a[i * d + j]!)));
      }
    }),
    { seed: 42, numRuns: 50 },
  );
  throwsWith(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2), /cholesky: matrix is not positive definite \(pivot 1 is -3\)/);
});

// ---------------------------------------------------------------- PCA + Gaussian mixture

test('pcaGaussianMixture: finds the three clusters of a 2-D set (K = 3, default K, BIC)', () => {
  const x = threeClusters(5);
  const g3 = fitPcaGaussianMixture(x, 2, 1, { mixtureComponents: 3 });
  assert.is(g3.pca.k, 2);
  // The components' means, mapped back to the plane, sit on the centers.
  const found = [0, 1, 2].map((c) => {
    const z = [g3.gmm!.means[2 * c]!, g3.gmm!.means[2 * c + 1]!];
    const w = g3.pca.components;
    return [g3.pca.mean[0]! + z[0]! * w[0]! + z[1]! * w[2]!, g3.pca.mean[1]! + z[0]! * w[1]! + z[1]! * w[3]!];
  });
  for (const c of CENTERS) assert.ok(found.some((f) => Math.hypot(f[0]! - c[0], f[1]! - c[1]) < 0.15), `no component at (${c})`);
  for (const opts of [{ mixtureComponents: 3 }, {}, { mixtureComponents: 'bic' as const }]) {
    const stats = clusterStats(fitPcaGaussianMixture(x, 2, 1, opts).sample(3000, 2));
    stats.forEach((s, k) => {
      assert.ok(Math.abs(s.fraction - 1 / 3) < 0.04, `${JSON.stringify(opts)}: cluster ${k} has fraction ${s.fraction}`);
      assert.ok(Math.hypot(s.mean[0] - CENTERS[k]![0], s.mean[1] - CENTERS[k]![1]) < 0.1, `${JSON.stringify(opts)}: cluster ${k} mean ${s.mean}`);
    });
  }
  assert.is(fitPcaGaussianMixture(x, 2, 1, { mixtureComponents: 'bic' }).gmm!.K, 3);
});

test('pcaGaussianMixture: deterministic by seed', () => {
  const x = threeClusters(6);
  const a = fitPcaGaussianMixture(x, 2, 11);
  const b = fitPcaGaussianMixture(x, 2, 11);
  assert.ok(sameBytes(a.gmm!.means, b.gmm!.means) && sameBytes(a.gmm!.variances, b.gmm!.variances));
  assert.ok(sameBytes(a.sample(500, 3), b.sample(500, 3)));
  assert.not.ok(sameBytes(a.sample(500, 3), a.sample(500, 4)));
  // Another fit seed starts k-means++ elsewhere: with 10 components for 3 clusters the fit differs.
  assert.not.ok(sameBytes(a.gmm!.means, fitPcaGaussianMixture(x, 2, 12).gmm!.means));
});

test('pcaGaussianMixture: residual noise gives back the discarded variance', () => {
  // 400 rows in 10 dims: variances 9, 4, 1 on three axes and 0.1 on the other seven; keep 3 components.
  const d = 10;
  const rng = new Random(8);
  const std = [3, 2, 1, ...Array<number>(7).fill(Math.sqrt(0.1))];
  const x = Float64Array.from({ length: 400 * d }, (_, i) => std[i % d]! * rng.normal());
  const total = (m: Float64Array): number => {
    const { cov } = meanCovariance({ data: m, rows: m.length / d, cols: d });
    let t = 0;
    for (let j = 0; j < d; j++) t += cov[j * d + j]!;
    return t;
  };
  const trainTotal = total(x);
  for (const residualNoise of ['isotropic', 'diagonal'] as const) {
    const g = fitPcaGaussianMixture(x, d, 1, { pcaComponents: 3, mixtureComponents: 1, residualNoise });
    assert.ok(Math.abs(g.pca.residualVariance * 7 - g.pca.residualDiagonal.reduce((s, v) => s + v, 0)) < 1e-9);
    const got = total(g.sample(8000, 2));
    assert.ok(Math.abs(got / trainTotal - 1) < 0.04, `${residualNoise}: sample total variance ${got} vs train ${trainTotal}`);
  }
  // Without noise the samples lie in the 3-dimensional PCA subspace.
  const g = fitPcaGaussianMixture(x, d, 1, { pcaComponents: 3, residualNoise: 'none' });
  const s = g.sample(50, 3);
  const pca = fitPca(s, 50, d, Math.min(10, 50));
  assert.is(pca.k, 3);
});

test('pcaGaussianMixture: option and input errors', () => {
  const x = threeClusters(1);
  throwsWith(() => fitPcaGaussianMixture(x, 2, 0, { pcaComponents: 3 }), /fitPcaGaussianMixture: pcaComponents must be an integer in 1..min\(d, n - 1\) = 2, got 3/);
  throwsWith(() => fitPcaGaussianMixture(x, 2, 0, { mixtureComponents: 301 }), /mixtureComponents must be 'bic' or an integer in 1..n = 300, got 301/);
  throwsWith(() => fitPcaGaussianMixture(x, 2, 0, { varianceFloor: 0 }), /varianceFloor must be a finite number > 0, got 0/);
  throwsWith(() => fitPcaGaussianMixture(x, 2, 0, { residualNoise: 'pink' as 'none' }), /residualNoise must be 'isotropic', 'diagonal' or 'none', got "pink"/);
  throwsWith(() => fitPcaGaussianMixture(x.subarray(0, 2), 2, 0), /train needs at least 2 rows \(PCA needs a variance\), got 1/);
  // All rows equal: no direction of variance; every sample is that row.
  const same = fitPcaGaussianMixture(Float64Array.from([1, 2, 1, 2, 1, 2]), 2, 0);
  assert.is(same.gmm, null);
  assert.equal(Array.from(same.sample(2, 0)), [1, 2, 1, 2]);
});

test('diagonal GMM: EM never lowers the log-likelihood; k-means assigns to the nearest center', () => {
  const x = threeClusters(2);
  const floor = Float64Array.from([1e-6, 1e-6]);
  let previous = -Infinity;
  for (let it = 0; it <= 12; it++) {
    const g = fitDiagonalGmm(x, 300, 2, 5, new Random(4), { varianceFloor: floor, maxIterations: it, tolerance: 0 });
    assert.ok(g.logLikelihood >= previous - 1e-12, `iteration ${it}: ${g.logLikelihood} < ${previous}`);
    assert.ok(Math.abs(g.weights.reduce((s, w) => s + w, 0) - 1) < 1e-12);
    previous = g.logLikelihood;
  }
  const km = kmeans(x, 300, 2, 3, new Random(1));
  for (let i = 0; i < 300; i++) {
    const dist = [0, 1, 2].map((c) => (x[2 * i]! - km.centers[2 * c]!) ** 2 + (x[2 * i + 1]! - km.centers[2 * c + 1]!) ** 2);
    assert.is(km.assignment[i], dist.indexOf(Math.min(...dist)));
  }
  throwsWith(() => kmeans(x, 300, 2, 0, new Random(1)), /kmeans: K must be an integer in 1..n = 300, got 0/);
});

// ---------------------------------------------------------------- held-out rows and the list

test('heldOutRows: distinct real rows, seeded; refuses more than it has', () => {
  const rows = Float64Array.from({ length: 20 }, (_, i) => i);
  const g = heldOutRows(rows, 2);
  const s = g.sample(10, 1);
  assert.equal(Array.from(s).sort((a, b) => a - b), Array.from(rows));
  assert.ok(sameBytes(g.sample(4, 5), g.sample(4, 5)));
  throwsWith(() => g.sample(11, 1), /heldOutRows.sample: count 11 is more than the 10 real rows available/);
  assert.equal(REFERENCE_GENERATORS.map((r) => r.name), ['copy training', 'Gaussian fit', 'PCA + Gaussian mixture']);
});

test.run();
