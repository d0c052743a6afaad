import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { classHistogram, frechetDistance, klToUniform, matrixFromRows, meanCovariance } from '../src/eval/metrics/index.js';
import { symmetricEigen } from '../src/linalg/index.js';
import { Random as MetricRandom } from '../src/tensor/random.js';

const close = (a: number, b: number, tol = 1e-12, what = ''): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} expected ${b}, got ${a}`);
};

/** A random n x n matrix G Gᵀ + shift·I (symmetric positive definite for shift > 0). */
function randomSpd(n: number, seed: number, shift = 0.1): Float64Array {
  const rng = new MetricRandom(seed);
  const g = Float64Array.from({ length: n * n }, () => rng.normal());
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? shift : 0;
    for (let k = 0; k < n; k++) s += g[i * n + k]! * g[j * n + k]!;
    out[i * n + j] = s;
  }
  return out;
}

/** max |V diag(λ) Vᵀ − a| and max |VᵀV − I|. */
function residuals(a: ArrayLike<number>, n: number): { recon: number; ortho: number } {
  const { values, vectors: v } = symmetricEigen(a, n);
  let recon = 0;
  let ortho = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let r = 0;
    let o = 0;
    for (let k = 0; k < n; k++) {
      r += v[i * n + k]! * values[k]! * v[j * n + k]!;
      o += v[k * n + i]! * v[k * n + j]!;
    }
    recon = Math.max(recon, Math.abs(r - a[i * n + j]!));
    ortho = Math.max(ortho, Math.abs(o - (i === j ? 1 : 0)));
  }
  return { recon, ortho };
}

test('symmetricEigen: 2x2 by hand, ascending values, eigenvector directions', () => {
  const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
  close(values[0]!, 1);
  close(values[1]!, 3);
  // Column 0 ∝ (1, −1), column 1 ∝ (1, 1).
  close(Math.abs(vectors[0]! + vectors[2]!), 0, 1e-15);
  close(Math.abs(vectors[1]! - vectors[3]!), 0, 1e-15);
});

test('symmetricEigen: identity, zero, diagonal and 1x1 inputs', () => {
  assert.equal(Array.from(symmetricEigen([1, 0, 0, 0, 1, 0, 0, 0, 1], 3).values), [1, 1, 1]);
  assert.equal(Array.from(symmetricEigen(new Float64Array(4), 2).values), [0, 0]);
  assert.equal(Array.from(symmetricEigen([5, 0, 0, -2], 2).values), [-2, 5]);
  assert.equal(Array.from(symmetricEigen([7], 1).values), [7]);
});

test('symmetricEigen: reconstruction and orthonormality on random symmetric matrices (incl. indefinite)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 16 }), fc.integer(), (n, seed) => {
      const rng = new MetricRandom(seed);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal() * 10;
      const { recon, ortho } = residuals(a, n);
      assert.ok(recon < 1e-11 && ortho < 1e-12, `n=${n}: recon ${recon}, ortho ${ortho}`);
    }),
    { seed: 42, numRuns: 80 },
  );
  const big = randomSpd(64, 1);
  const { recon, ortho } = residuals(big, 64);
  assert.ok(recon < 1e-10 && ortho < 1e-12, `64x64: recon ${recon}, ortho ${ortho}`);
});

test('symmetricEigen: rejects asymmetric, non-finite and mis-sized input', () => {
  assert.throws(() => symmetricEigen([1, 2, 3, 4], 2), /symmetricEigen: a is not symmetric: \[0,1\] = 2 but \[1,0\] = 3/);
  assert.throws(() => symmetricEigen([1, NaN, NaN, 1], 2), /symmetricEigen: a\[0,1\] is NaN/);
  assert.throws(() => symmetricEigen([1, 2, 3], 2), /symmetricEigen: a must hold 2x2 = 4 entries, got 3/);
});

test('meanCovariance: hand-computed unbiased covariance', () => {
  const { mean, cov } = meanCovariance(matrixFromRows([[1, 2], [3, 6]]));
  assert.equal(Array.from(mean), [2, 4]);
  assert.equal(Array.from(cov), [2, 4, 4, 8]);
  assert.throws(() => meanCovariance(matrixFromRows([[1, 2]])), /meanCovariance: m needs at least 2 rows/);
});

test('frechetDistance: diagonal covariances match ‖μ1−μ2‖² + Σ(√a−√b)²', () => {
  const a = [1, 4, 0.25, 9];
  const b = [4, 1, 1, 0];
  const cov = (v: number[]): Float64Array => {
    const c = new Float64Array(16);
    v.forEach((x, i) => (c[i * 4 + i] = x));
    return c;
  };
  const mu1 = [0, 1, 2, 3];
  const mu2 = [1, 1, 0, 3];
  let expected = 1 + 4;
  for (let i = 0; i < 4; i++) expected += (Math.sqrt(a[i]!) - Math.sqrt(b[i]!)) ** 2;
  close(frechetDistance(mu1, cov(a), mu2, cov(b), 4), expected, 1e-12);
});

test('frechetDistance: general 2x2 covariances match tr √M = √(tr(C1C2) + 2√(det C1 det C2))', () => {
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const c1 = randomSpd(2, seed, 0.01);
      const c2 = randomSpd(2, seed + 1, 0.01);
      const tr12 = c1[0]! * c2[0]! + c1[1]! * c2[2]! + c1[2]! * c2[1]! + c1[3]! * c2[3]!;
      const det = (c: Float64Array): number => c[0]! * c[3]! - c[1]! * c[2]!;
      const traceSqrt = Math.sqrt(tr12 + 2 * Math.sqrt(det(c1) * det(c2)));
      const expected = 0.5 * 0.5 + 2 * 2 + c1[0]! + c1[3]! + c2[0]! + c2[3]! - 2 * traceSqrt;
      close(frechetDistance([0.5, 0], c1, [0, 2], c2, 2), expected, 1e-9);
    }),
    { seed: 5, numRuns: 100 },
  );
});

test('frechetDistance: zero for identical Gaussians, symmetric in its arguments, 1-D closed form', () => {
  const c1 = randomSpd(12, 3);
  const c2 = randomSpd(12, 4);
  const mu = new Float64Array(12).fill(0.3);
  close(frechetDistance(mu, c1, mu, c1, 12), 0, 1e-9);
  close(frechetDistance(mu, c1, new Float64Array(12), c2, 12), frechetDistance(new Float64Array(12), c2, mu, c1, 12), 1e-9);
  close(frechetDistance([1], [4], [3], [9], 1), 4 + 1);
  // Rank-deficient covariances are fine.
  close(frechetDistance([0, 0], [1, 1, 1, 1], [0, 0], [1, 1, 1, 1], 2), 0, 1e-12);
});

test('frechetDistance: rejects bad shapes and non-PSD covariances', () => {
  assert.throws(() => frechetDistance([0], [1], [0, 0], [1], 1), /frechetDistance: mu2 must have d = 1 entries, got 2/);
  assert.throws(() => frechetDistance([0, 0], [1, 0, 0, -1], [0, 0], [1, 0, 0, 1], 2), /frechetDistance: cov1 has eigenvalue -1 < 0/);
  assert.throws(() => frechetDistance([0, 0], [1, 0, 0, 1], [0, 0], [1, 2, 0, 1], 2), /frechetDistance: cov2 is not symmetric/);
  assert.throws(() => frechetDistance([Infinity], [1], [0], [1], 1), /frechetDistance: mu1\[0\] is Infinity/);
});

test('classHistogram and klToUniform', () => {
  assert.equal(Array.from(classHistogram(Int32Array.from([0, 2, 2, 1, 2]), 4)), [1, 1, 3, 0]);
  close(klToUniform([5, 5, 5, 5]), 0);
  close(klToUniform([10, 0, 0, 0]), Math.log(4));
  close(klToUniform([0.75, 0.25]), 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5));
  assert.throws(() => classHistogram(Int32Array.from([0, 5]), 4), /classHistogram: labels\[1\] = 5 is outside \[0, 4\)/);
  assert.throws(() => klToUniform([0, 0]), /klToUniform: histogram is empty/);
  assert.throws(() => klToUniform([1, -1]), /klToUniform: bin 1 is -1/);
});

test.run();
