import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { svd } from '../src/linalg/svd.js';
import { balancedFactors, truncatedSvd } from '../src/linalg/truncatedSvd.js';

/** u·diag(s)·vt keeping the first r singular triplets: [m, n]. */
function reconstruct(u: Float64Array, s: Float64Array, vt: Float64Array, m: number, n: number, r = s.length): Float64Array {
  const p = s.length;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < r; k++) {
      const c = u[i * p + k]! * s[k]!;
      for (let j = 0; j < n; j++) out[i * n + j] += c * vt[k * n + j]!;
    }
  }
  return out;
}

function frob2(a: ArrayLike<number>, b?: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += (a[i]! - (b ? b[i]! : 0)) ** 2;
  return acc;
}

/** max |Xᵀ·X − I| for X: [rows, cols] row-major (orthonormal columns). */
function columnOrthoError(x: Float64Array, rows: number, cols: number): number {
  let worst = 0;
  for (let a = 0; a < cols; a++) {
    for (let b = a; b < cols; b++) {
      let d = 0;
      for (let k = 0; k < rows; k++) d += x[k * cols + a]! * x[k * cols + b]!;
      worst = Math.max(worst, Math.abs(d - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * k + l]! * b[l * n + j]!;
  return c;
}

/** Orthogonal [n, n] as a product of Householder reflections I − 2vvᵀ/vᵀv (each v nonzero). */
function householderProduct(n: number, vs: number[][]): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (const v of vs) {
    const vv = v.reduce((acc, x) => acc + x * x, 0);
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let k = 0; k < n; k++) d += q[i * n + k]! * v[k]!;
      for (let k = 0; k < n; k++) q[i * n + k] -= (2 * d * v[k]!) / vv;
    }
  }
  return q;
}

/** Checks every property of a thin SVD of a: [m, n]; tolerances relative to ‖a‖_F. */
function checkSvd(a: Float64Array, m: number, n: number, label = ''): ReturnType<typeof svd> {
  const res = svd(a, m, n);
  const { u, s, vt } = res;
  const p = Math.min(m, n);
  assert.is(u.length, m * p, label);
  assert.is(s.length, p, label);
  assert.is(vt.length, p * n, label);
  for (let k = 0; k < p; k++) {
    assert.ok(s[k]! >= 0, `${label} s[${k}] = ${s[k]} negative`);
    if (k > 0) assert.ok(s[k]! <= s[k - 1]!, `${label} s not descending at ${k}: ${s[k - 1]} then ${s[k]}`);
  }
  // Compare at unit scale (a / max |a|) so that tiny inputs do not underflow in the checks themselves.
  const big = a.reduce((acc, x) => Math.max(acc, Math.abs(x)), 0) || 1;
  const unit = a.map((x) => x / big);
  const sUnit = s.map((x) => x / big);
  const scale = Math.sqrt(frob2(unit)) || 1;
  const err = Math.sqrt(frob2(reconstruct(u, sUnit, vt, m, n), unit)) / scale;
  assert.ok(err < 1e-13, `${label} reconstruction error ${err}`);
  assert.ok(columnOrthoError(u, m, p) < 1e-12, `${label} u columns not orthonormal: ${columnOrthoError(u, m, p)}`);
  const v = transpose(vt, p, n);
  assert.ok(columnOrthoError(v, n, p) < 1e-12, `${label} vt rows not orthonormal: ${columnOrthoError(v, n, p)}`);
  // ‖a‖_F² = Σ s².
  assert.ok(Math.abs(frob2(sUnit) - frob2(unit)) <= 1e-12 * scale * scale, label);
  return res;
}

/** Finite doubles of every magnitude down to 1e-290 (smaller ones become 0: their singular values would be
 * subnormal, where no float64 result can be accurate; a separate test covers subnormal input). */
const entryArb = (max: number): fc.Arbitrary<number> =>
  fc.double({ min: -max, max, noNaN: true }).map((x) => (Math.abs(x) < 1e-290 ? 0 : x));

const matrixArb = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }))
  .chain(([m, n]) =>
    fc.tuple(fc.constant(m), fc.constant(n), fc.array(entryArb(100), { minLength: m * n, maxLength: m * n })),
  );

test('random matrices of every shape (m > n, m = n, m < n): reconstruction, orthonormality, descending s', () => {
  fc.assert(
    fc.property(matrixArb, ([m, n, values]) => {
      checkSvd(Float64Array.from(values), m, n, `[${m},${n}]`);
    }),
    { seed: 42, numRuns: 300 },
  );
});

test('larger random matrices, tall and wide', () => {
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  for (const [m, n] of [[40, 40], [60, 17], [17, 60], [64, 1], [1, 64]] as const) {
    checkSvd(Float64Array.from({ length: m * n }, next), m, n, `[${m},${n}]`);
  }
});

test('singular values of a and aᵀ agree, and vectors swap roles', () => {
  fc.assert(
    fc.property(matrixArb, ([m, n, values]) => {
      const a = Float64Array.from(values);
      const x = svd(a, m, n);
      const y = svd(transpose(a, m, n), n, m);
      const scale = Math.sqrt(frob2(a)) || 1;
      for (let k = 0; k < x.s.length; k++) assert.ok(Math.abs(x.s[k]! - y.s[k]!) <= 1e-13 * scale, `s[${k}]`);
    }),
    { seed: 7, numRuns: 100 },
  );
});

test('diagonal matrix: s is |diagonal| sorted, vectors are signed unit axes', () => {
  const a = Float64Array.from([3, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0]); // [5, 4] with diag 3, -1, 0, 2
  const { u, s, vt } = checkSvd(a, 5, 4);
  assert.equal([...s], [3, 2, 1, 0]);
  // s = 2 belongs to axis 3 of both sides; s = 1 to axis 1, with the sign of -1 shared between u and vt.
  assert.is(Math.abs(u[3 * 4 + 1]!), 1);
  assert.is(Math.abs(vt[1 * 4 + 3]!), 1);
  assert.is(u[1 * 4 + 2]! * vt[2 * 4 + 1]!, -1);
});

test('rank-1 outer product x·yᵀ: s = [‖x‖‖y‖, 0, ...], u₀ = ±x/‖x‖, vt₀ = ±y/‖y‖, still orthonormal', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 8 }),
      fc.integer({ min: 2, max: 8 }),
      fc.array(fc.double({ min: 0.5, max: 4, noNaN: true }), { minLength: 16, maxLength: 16 }),
      fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      (m, n, mags, signs) => {
        const x = Array.from({ length: m }, (_, i) => (signs[i] ? -1 : 1) * mags[i]!);
        const y = Array.from({ length: n }, (_, j) => (signs[8 + j] ? -1 : 1) * mags[8 + j]!);
        const a = new Float64Array(m * n);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = x[i]! * y[j]!;
        const { u, s, vt } = checkSvd(a, m, n, `rank1 [${m},${n}]`);
        const nx = Math.sqrt(frob2(x));
        const ny = Math.sqrt(frob2(y));
        assert.ok(Math.abs(s[0]! - nx * ny) <= 1e-13 * nx * ny);
        for (let k = 1; k < s.length; k++) assert.ok(s[k]! <= 1e-14 * nx * ny, `s[${k}] = ${s[k]}`);
        const p = s.length;
        const sign = Math.sign(u[0]!) * Math.sign(x[0]!);
        for (let i = 0; i < m; i++) assert.ok(Math.abs(u[i * p]! - (sign * x[i]!) / nx) < 1e-13);
        for (let j = 0; j < n; j++) assert.ok(Math.abs(vt[j]! - (sign * y[j]!) / ny) < 1e-13);
      },
    ),
    { seed: 3, numRuns: 100 },
  );
});

test('Q₁·diag(σ)·Q₂ᵀ built from Householder reflections recovers σ (including repeated and zero σ)', () => {
  const vec = (n: number): fc.Arbitrary<number[]> =>
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }).filter((v) => frob2(v) > 0.1);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }).chain((m) =>
        fc.tuple(
          fc.constant(m),
          fc.integer({ min: 1, max: 8 }),
        ).chain(([mm, n]) =>
          fc.tuple(
            fc.constant(mm),
            fc.constant(n),
            fc.array(vec(mm), { minLength: 1, maxLength: 4 }),
            fc.array(vec(n), { minLength: 1, maxLength: 4 }),
            fc.array(fc.oneof(entryArb(10).map(Math.abs), fc.constantFrom(0, 1, 1e-9)), { minLength: 8, maxLength: 8 }),
          ),
        ),
      ),
      ([m, n, v1, v2, sigmaPool]) => {
        const p = Math.min(m, n);
        const q1 = householderProduct(m, v1);
        const q2 = householderProduct(n, v2);
        const sigma = sigmaPool.slice(0, p);
        // a = Q₁[:, :p]·diag(σ)·Q₂[:, :p]ᵀ
        const left = new Float64Array(m * p);
        for (let i = 0; i < m; i++) for (let k = 0; k < p; k++) left[i * p + k] = q1[i * m + k]! * sigma[k]!;
        const right = new Float64Array(p * n);
        for (let k = 0; k < p; k++) for (let j = 0; j < n; j++) right[k * n + j] = q2[j * n + k]!;
        const a = matmul(left, right, m, p, n);
        const { s } = checkSvd(a, m, n, `[${m},${n}] σ=${sigma}`);
        const want = [...sigma].sort((x, y) => y - x);
        const scale = Math.max(1, ...want);
        for (let k = 0; k < p; k++) assert.ok(Math.abs(s[k]! - want[k]!) <= 1e-13 * scale, `s[${k}] = ${s[k]}, want ${want[k]}`);
      },
    ),
    { seed: 11, numRuns: 200 },
  );
});

test('Eckart–Young: the rank-r truncation leaves Frobenius error² = Σ of the dropped s²', () => {
  fc.assert(
    fc.property(matrixArb, fc.nat(), ([m, n, values], rSeed) => {
      const a = Float64Array.from(values);
      const { u, s, vt } = svd(a, m, n);
      const r = rSeed % (s.length + 1);
      const err2 = frob2(reconstruct(u, s, vt, m, n, r), a);
      const dropped = frob2(s.subarray(r));
      assert.ok(Math.abs(err2 - dropped) <= 1e-12 * (frob2(a) + 1e-300), `r=${r}: ${err2} vs ${dropped}`);
    }),
    { seed: 5, numRuns: 200 },
  );
});

test('truncatedSvd keeps the leading k triplets; balancedFactors splits them evenly (UᵀU = VVᵀ = diag(s))', () => {
  fc.assert(
    fc.property(matrixArb, fc.nat(), ([m, n, values], kSeed) => {
      const a = Float64Array.from(values);
      const full = svd(a, m, n);
      const k = kSeed % (full.s.length + 1);
      const top = truncatedSvd(values, m, n, k);
      assert.equal(top.u.length, m * k);
      assert.equal(top.vt.length, k * n);
      assert.equal([...top.s], [...full.s.subarray(0, k)]);
      assert.equal(frob2(reconstruct(top.u, top.s, top.vt, m, n), reconstruct(full.u, full.s, full.vt, m, n, k)), 0);
      const { u, v } = balancedFactors(top);
      const product = matmul(u, v, m, k, n);
      const scale = frob2(a) + 1e-300;
      assert.ok(frob2(product, reconstruct(top.u, top.s, top.vt, m, n)) <= 1e-24 * scale);
      const utu = matmul(transpose(u, m, k), u, k, m, k);
      const vvt = matmul(v, transpose(v, k, n), k, n, k);
      const diag = new Float64Array(k * k);
      for (let i = 0; i < k; i++) diag[i * k + i] = top.s[i]!;
      assert.ok(frob2(utu, diag) <= 1e-24 * scale && frob2(vvt, diag) <= 1e-24 * scale, `k=${k}`);
    }),
    { seed: 6, numRuns: 100 },
  );
  assert.throws(() => truncatedSvd(new Float64Array(6), 2, 3, 3), (e: Error) => e.message === 'truncatedSvd: k must be an integer in 0..2 (min(m, n) of 2×3), got 3');
});

test('zero, identity-like and badly scaled matrices', () => {
  const zero = checkSvd(new Float64Array(12), 4, 3, 'zero');
  assert.equal([...zero.s], [0, 0, 0]);
  const eye = new Float64Array(16);
  for (let i = 0; i < 4; i++) eye[i * 4 + i] = 1;
  assert.equal([...checkSvd(eye, 4, 4, 'identity').s], [1, 1, 1, 1]);
  for (const scale of [1e300, 1e-300, 1e-310]) {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6], (x) => x * scale);
    const { u, s, vt } = svd(a, 2, 3);
    const ref = svd(Float64Array.from([1, 2, 3, 4, 5, 6]), 2, 3);
    const tolerance = scale < 1e-300 ? 1e-5 : 1e-14; // subnormal inputs carry few digits
    for (let k = 0; k < 2; k++) assert.ok(Math.abs(s[k]! / scale - ref.s[k]!) <= tolerance * ref.s[0]!, `scale ${scale}: s[${k}] = ${s[k]}`);
    assert.ok(columnOrthoError(u, 2, 2) < 1e-12 && columnOrthoError(transpose(vt, 2, 3), 3, 2) < 1e-12);
  }
  // Duplicate columns: rank 1 in a [3, 3] matrix; the two zero singular values still get orthonormal vectors.
  checkSvd(Float64Array.from([1, 1, 1, 2, 2, 2, -1, -1, -1]), 3, 3, 'duplicate columns');
});

test('empty matrices and deterministic output', () => {
  const e = svd(new Float64Array(0), 0, 5);
  assert.equal([e.u.length, e.s.length, e.vt.length], [0, 0, 0]);
  assert.is(svd(new Float64Array(0), 3, 0).u.length, 0);
  const a = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i * 1.7));
  const x = svd(a, 5, 6);
  const y = svd(a, 5, 6);
  assert.equal([...x.u, ...x.s, ...x.vt], [...y.u, ...y.s, ...y.vt]);
});

test('bad input is rejected with clear messages', () => {
  const throws = (f: () => unknown, pattern: RegExp): void => assert.throws(f, (e: Error) => pattern.test(e.message));
  throws(() => svd(new Float64Array(5), 2, 3), /svd: a must be a Float64Array of m·n = 2·3 = 6 entries, got 5/);
  throws(() => svd([1, 2] as unknown as Float64Array, 1, 2), /svd: a must be a Float64Array/);
  throws(() => svd(new Float64Array(6), 2.5, 3), /svd: m must be a non-negative integer, got 2.5/);
  throws(() => svd(new Float64Array(6), 2, -3), /svd: n must be a non-negative integer, got -3/);
  throws(() => svd(Float64Array.from([1, NaN, 0, 1]), 2, 2), /svd: a\[0,1\] is NaN; entries must be finite/);
  throws(() => svd(Float64Array.from([1, 0, Infinity, 1]), 2, 2), /svd: a\[1,0\] is Infinity/);
  throws(() => svd(new Float64Array(4), 2, 2, { tolerance: -1 }), /svd: tolerance must be a finite number >= 0, got -1/);
  throws(() => svd(new Float64Array(4), 2, 2, { maxSweeps: 1.5 }), /svd: maxSweeps must be a non-negative integer, got 1.5/);
  throws(() => svd(Float64Array.from([1, 2, 3, 4]), 2, 2, { maxSweeps: 0 }), /svd: no convergence to tolerance .* within 0 sweeps for a \[2,2\] matrix/);
});

test.run();
