// gemm against a naive float64 triple loop: every transpose combination, accumulate, offsets, both dtypes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { gemm } from '../src/tensor/gemm.js';
import type { FloatArray } from '../src/tensor/tensor.js';
import { Random } from '../src/tensor/random.js';

type DType = 'float32' | 'float64';

interface Case {
  m: number; n: number; k: number;
  transA: boolean; transB: boolean; accumulate: boolean;
  aOffset: number; bOffset: number; cOffset: number;
  dtype: DType; seed: number;
}

/** Values uniform in [-1, 1), with `pad` extra elements after the used range. */
function filled(dtype: DType, size: number, r: Random): FloatArray {
  const x = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) x[i] = r.uniform() * 2 - 1;
  return x;
}

/**
 * Runs gemm on a case and checks every C entry against the float64 reference within
 * tol·(Σ_p |op(A)[i,p]|·|op(B)[p,j]| + |C_before[i,j]|), and that C outside the window is untouched.
 */
function check(t: Case): void {
  const { m, n, k, transA, transB, accumulate, aOffset, bOffset, cOffset, dtype } = t;
  const r = new Random(t.seed);
  const a = filled(dtype, aOffset + m * k + 3, r);
  const b = filled(dtype, bOffset + k * n + 2, r);
  const c = filled(dtype, cOffset + m * n + 5, r);
  const before = Float64Array.from(c);
  gemm(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  const tol = dtype === 'float32' ? 1e-5 : 1e-12;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0, scale = 0;
      for (let p = 0; p < k; p++) {
        const x = a[aOffset + (transA ? p * m + i : i * k + p)]!;
        const y = b[bOffset + (transB ? j * k + p : p * n + j)]!;
        sum += x * y;
        scale += Math.abs(x * y);
      }
      const old = before[cOffset + i * n + j]!;
      const want = accumulate ? old + sum : sum;
      const got = c[cOffset + i * n + j]!;
      const bound = tol * (scale + Math.abs(old)) + (dtype === 'float32' ? 1e-7 * Math.abs(want) : 0);
      if (!(Math.abs(got - want) <= bound)) {
        assert.unreachable(`C[${i},${j}] = ${got}, want ${want} (|diff| ${Math.abs(got - want)} > ${bound}) in ${JSON.stringify(t)}`);
      }
    }
  }
  for (let i = 0; i < cOffset; i++) assert.is(c[i], before[i], `c[${i}] before the window changed`);
  for (let i = cOffset + m * n; i < c.length; i++) assert.is(c[i], before[i], `c[${i}] after the window changed`);
}

const caseArb = (maxDim: number): fc.Arbitrary<Case> => fc.record({
  m: fc.integer({ min: 0, max: maxDim }),
  n: fc.integer({ min: 0, max: maxDim }),
  k: fc.integer({ min: 0, max: maxDim }),
  transA: fc.boolean(),
  transB: fc.boolean(),
  accumulate: fc.boolean(),
  aOffset: fc.integer({ min: 0, max: 7 }),
  bOffset: fc.integer({ min: 0, max: 7 }),
  cOffset: fc.integer({ min: 0, max: 7 }),
  dtype: fc.constantFrom<DType>('float32', 'float64'),
  seed: fc.integer({ min: 0, max: 1e9 }),
});

test('gemm matches the naive product for random shapes 0..40, all transposes, offsets, both dtypes', () => {
  fc.assert(fc.property(caseArb(40), (t) => { check(t); }), { seed: 42, numRuns: 400 });
});

test('gemm matches on thin and tiny shapes (matrix·vector, outer products, 1×1)', () => {
  const thin = fc.record({
    long: fc.integer({ min: 1, max: 300 }), short: fc.integer({ min: 0, max: 3 }), k: fc.integer({ min: 0, max: 300 }),
    rowsLong: fc.boolean(), base: caseArb(1),
  });
  fc.assert(fc.property(thin, ({ long, short, k, rowsLong, base }) => {
    check({ ...base, m: rowsLong ? long : short, n: rowsLong ? short : long, k });
  }), { seed: 7, numRuns: 150 });
});

test('a vector·matrix product gives the bytes of the same product with B stored transposed (two kernels, one sum order)', () => {
  const shapes = fc.record({ n: fc.integer({ min: 2, max: 40 }), k: fc.integer({ min: 1, max: 60 }), accumulate: fc.boolean(), seed: fc.integer() });
  fc.assert(fc.property(shapes, ({ n, k, accumulate, seed }) => {
    for (const dtype of ['float32', 'float64'] as const) {
      const r = new Random(seed);
      const a = filled(dtype, k, r), b = filled(dtype, k * n, r), c0 = filled(dtype, n, r);
      const bt = dtype === 'float32' ? new Float32Array(k * n) : new Float64Array(k * n);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j]!;
      const rowMajor = c0.slice(), transposed = c0.slice();
      gemm(false, false, 1, n, k, a, 0, b, 0, rowMajor, 0, accumulate);
      gemm(false, true, 1, n, k, a, 0, bt, 0, transposed, 0, accumulate);
      for (let j = 0; j < n; j++) if (!Object.is(rowMajor[j], transposed[j])) assert.unreachable(`${dtype} 1×${n}×${k} [${j}]: ${rowMajor[j]} vs ${transposed[j]}`);
    }
  }), { seed: 3, numRuns: 100 });
});

test('gemm matches on shapes that cross tile edges and cache blocks (k > 256, n > 192, m > 64)', () => {
  const shapes: [number, number, number][] = [[67, 129, 33], [70, 200, 260], [5, 385, 513]];
  let seed = 1;
  for (const [m, n, k] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const dtype of ['float32', 'float64'] as const) {
          const accumulate = transA !== transB;
          check({ m, n, k, transA, transB, accumulate, aOffset: 3, bOffset: 1, cOffset: 2, dtype, seed: seed++ });
        }
      }
    }
  }
});

test('gemm with k = 0 writes zeros, or leaves C as is when accumulating; m or n = 0 is a no-op', () => {
  const a = new Float32Array(8), b = new Float32Array(8);
  const c = Float32Array.from([1, 2, 3, 4, 5, 6, 7]);
  gemm(false, false, 2, 3, 0, a, 0, b, 0, c, 1, true);
  assert.equal(Array.from(c), [1, 2, 3, 4, 5, 6, 7]);
  gemm(false, false, 2, 3, 0, a, 0, b, 0, c, 1, false);
  assert.equal(Array.from(c), [1, 0, 0, 0, 0, 0, 0]);
  gemm(true, true, 0, 3, 2, a, 0, b, 0, c, 0, false);
  gemm(false, false, 3, 0, 2, a, 0, b, 0, c, 0, false);
  assert.equal(Array.from(c), [1, 0, 0, 0, 0, 0, 0]);
});

test('gemm rejects bad arguments with messages naming what is wrong', () => {
  const x = new Float32Array(12);
  assert.throws(() => gemm(false, false, -1, 2, 2, x, 0, x, 0, new Float32Array(4), 0, false), /gemm: m must be a non-negative integer, got -1/);
  assert.throws(() => gemm(false, false, 2, 2.5, 2, x, 0, x, 0, new Float32Array(4), 0, false), /gemm: n must be/);
  assert.throws(() => gemm(false, false, 3, 2, 5, x, 0, x, 0, new Float32Array(6), 0, false), /gemm: a stored \[3,5\] needs 15 elements from offset 0, but has length 12/);
  assert.throws(() => gemm(false, true, 2, 3, 4, x, 0, x, 1, new Float32Array(6), 0, false), /gemm: b stored \[3,4\] needs 12 elements from offset 1/);
  assert.throws(() => gemm(false, false, 2, 2, 2, x, 0, x, 0, new Float32Array(4), 1, false), /gemm: c stored \[2,2\] needs 4 elements from offset 1/);
  assert.throws(() => gemm(false, false, 2, 2, 2, x, -1, x, 0, new Float32Array(4), 0, false), /gemm: aOffset must be a non-negative integer/);
  assert.throws(() => gemm(false, false, 2, 2, 2, x, 0, new Float64Array(4), 0, new Float32Array(4), 0, false),
    /gemm: a, b and c must share one storage type, got Float32Array, Float64Array, Float32Array/);
  assert.throws(() => gemm(false, false, 2, 2, 2, x, 0, x, 4, x, 6, false), /gemm: output c overlaps input b/);
  assert.throws(() => gemm(false, false, 2, 2, 2, x, 0, x, 8, x.subarray(2), 0, false), /gemm: output c overlaps input a/);
});

test.run();
