// The WebAssembly gemm against a float64 reference, its determinism, and its fixed memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { gemmWasm } from '../src/tensor/wasm/gemmWasm.js';
import { getArena, CM, KC, NC, STAGE } from '../src/tensor/wasm/arena.js';
import { gemm } from '../src/tensor/gemm.js';
import { setKernels, activeKernels } from '../src/tensor/index.js';
import { Random } from '../src/tensor/random.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { ringData, tinyConfig } from './helpers/tinyGan.js';

interface Case {
  m: number; n: number; k: number;
  transA: boolean; transB: boolean; accumulate: boolean;
  aOffset: number; bOffset: number; cOffset: number; seed: number;
}

function filled(size: number, r: Random): Float32Array {
  const x = new Float32Array(size);
  for (let i = 0; i < size; i++) x[i] = r.uniform() * 2 - 1;
  return x;
}

/** Operands of a case, with a few spare elements around the used ranges. */
function operands(t: Case): { a: Float32Array; b: Float32Array; c: Float32Array } {
  const r = new Random(t.seed);
  return { a: filled(t.aOffset + t.m * t.k + 3, r), b: filled(t.bOffset + t.k * t.n + 2, r), c: filled(t.cOffset + t.m * t.n + 5, r) };
}

/**
 * Runs gemmWasm and checks each C entry against float64 sums within float32 rounding of a k-term
 * sum, 2⁻²⁴·(k + 2)·(Σ_p |op(A)·op(B)| + |C_before|), and that C outside its window is untouched.
 */
function check(t: Case): void {
  const { m, n, k, transA, transB, accumulate, aOffset, bOffset, cOffset } = t;
  const { a, b, c } = operands(t);
  const before = Float64Array.from(c);
  gemmWasm(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  const eps = 2 ** -24 * (k + 2);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0, scale = 0;
      for (let p = 0; p < k; p++) {
        const x = a[aOffset + (transA ? p * m + i : i * k + p)]!, y = b[bOffset + (transB ? j * k + p : p * n + j)]!;
        sum += x * y;
        scale += Math.abs(x * y);
      }
      const old = before[cOffset + i * n + j]!;
      const want = accumulate ? old + sum : sum, got = c[cOffset + i * n + j]!;
      const bound = eps * (scale + Math.abs(old));
      if (!(Math.abs(got - want) <= bound)) {
        assert.unreachable(`C[${i},${j}] = ${got}, want ${want} (|diff| ${Math.abs(got - want)} > ${bound}) in ${JSON.stringify(t)}`);
      }
    }
  }
  for (let i = 0; i < cOffset; i++) assert.is(c[i], before[i], `c[${i}] before the window changed`);
  for (let i = cOffset + m * n; i < c.length; i++) assert.is(c[i], before[i], `c[${i}] after the window changed`);
}

const caseArb = (dim: fc.Arbitrary<number>): fc.Arbitrary<Case> => fc.record({
  m: dim, n: dim, k: dim,
  transA: fc.boolean(), transB: fc.boolean(), accumulate: fc.boolean(),
  aOffset: fc.integer({ min: 0, max: 7 }), bOffset: fc.integer({ min: 0, max: 7 }), cOffset: fc.integer({ min: 0, max: 7 }),
  seed: fc.integer({ min: 0, max: 1e9 }),
});

test('wasm gemm matches float64 sums for random shapes 1..40 (tile remainders), transposes, offsets, accumulate', () => {
  fc.assert(fc.property(caseArb(fc.integer({ min: 1, max: 40 })), check), { seed: 14, numRuns: 300 });
});

test('wasm gemm matches on thin shapes: one side or the depth 1..3 or 16, the other up to 300', () => {
  const side = fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(16), fc.integer({ min: 4, max: 300 }));
  fc.assert(fc.property(caseArb(side), check), { seed: 16, numRuns: 120 });
});

test('wasm gemm matches on shapes larger than its arena blocks (m > CM, n > NC, k > KC) in every form', () => {
  const shapes: [number, number, number][] = [[CM + 13, 37, KC + 45], [9, NC + 21, 2 * KC + 3], [CM + 2, NC + 9, 5]];
  let seed = 1;
  for (const [m, n, k] of shapes) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      check({ m, n, k, transA, transB, accumulate: seed % 2 === 0, aOffset: 3, bOffset: 1, cOffset: 2, seed: seed++ });
    }
  }
});

test('wasm gemm stages blocks line by line where one memcpy span would overflow its staging region', () => {
  // Spans (floats): B 255·1500, A stored [k, m] 255·1600, C 199·1500, B stored [n, k] 511·600, all > STAGE.
  const cases: [number, number, number, boolean, boolean, boolean][] = [
    [40, 1500, 256, false, false, false], [1600, 5, 256, true, false, false], [200, 1500, 3, false, false, true], [8, 600, 600, false, true, true],
  ];
  for (const [m, n, k] of cases) assert.ok(Math.max((k - 1) * n, (k - 1) * m, (m - 1) * n, (n - 1) * k) > STAGE);
  cases.forEach(([m, n, k, transA, transB, accumulate], seed) => check({ m, n, k, transA, transB, accumulate, aOffset: 1, bOffset: 2, cOffset: 3, seed }));
});

test('wasm gemm is deterministic: the same inputs give the same bytes, whatever ran in between', () => {
  const t: Case = { m: 70, n: 45, k: 300, transA: true, transB: false, accumulate: true, aOffset: 1, bOffset: 0, cOffset: 2, seed: 3 };
  const run = (): Uint8Array => {
    const { a, b, c } = operands(t);
    gemmWasm(t.transA, t.transB, t.m, t.n, t.k, a, 1, b, 0, c, 2, true);
    const other = operands({ ...t, seed: 4 });
    gemmWasm(false, true, 33, 60, 21, other.a, 0, other.b, 0, other.c, 0, false);
    return new Uint8Array(c.buffer);
  };
  const first = run();
  for (let i = 0; i < 4; i++) assert.equal(run(), first);
});

test('the WebAssembly memory is never replaced or grown: big products, then GAN training steps', () => {
  const was = activeKernels().requested;
  setKernels('wasm');
  const { memory, f32 } = getArena();
  const buffer = memory.buffer, bytes = buffer.byteLength;
  const r = new Random(9);
  for (const [m, n, k] of [[600, 40, 700], [40, 1100, 64], [300, 530, 300], [5, 5, 5]] as const) {
    const a = filled(m * k, r), b = filled(k * n, r), c = new Float32Array(m * n);
    gemm(false, false, m, n, k, a, 0, b, 0, c, 0, false);
    gemm(true, true, m, n, k, filled(m * k, r), 0, filled(k * n, r), 0, c, 0, true);
  }
  const trainer = new GanTrainer(ringData(128, 2), tinyConfig({ batchSize: 64, generator: { hidden: [64, 64], rank: 'full', output: 'linear' } }));
  trainer.train(3);
  assert.is(activeKernels().kernels, 'wasm');
  assert.ok(memory.buffer === buffer, 'memory.buffer was replaced (the memory grew, detaching the old buffer)');
  assert.is(memory.buffer.byteLength, bytes);
  assert.is(buffer.byteLength, bytes, 'the original buffer was detached');
  assert.ok(f32.buffer === buffer);
  setKernels(was);
});

test.run();
