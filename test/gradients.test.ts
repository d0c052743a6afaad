// Every differentiable op: autograd against central finite differences in float64, over random
// shapes (broadcasting and size-1 dims included) and values drawn by fast-check.
import { test } from 'uvu';
import fc from 'fast-check';
import * as T from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { FC, broadcastPairArb, checkGradients, distinctTensorArb, param, shapeArb, tensorArb, valuesArb } from './helpers/gradcheck.js';

type Unary = { name: string; f: (x: Tensor) => Tensor; lo?: number; hi?: number; kinks?: number[] };

const unaries: Unary[] = [
  { name: 'neg', f: T.neg },
  { name: 'exp', f: T.exp },
  { name: 'log', f: T.log, lo: 0.1, hi: 3 },
  { name: 'log1p', f: T.log1p, lo: -0.6, hi: 3 },
  { name: 'sqrt', f: T.sqrt, lo: 0.1, hi: 3 },
  { name: 'abs', f: T.abs, kinks: [0] },
  { name: 'square', f: T.square },
  { name: 'tanh', f: T.tanh },
  { name: 'sigmoid', f: T.sigmoid, lo: -6, hi: 6 },
  { name: 'relu', f: T.relu, kinks: [0] },
  { name: 'leakyRelu(0.2)', f: (x) => T.leakyRelu(x, 0.2), kinks: [0] },
  { name: 'softplus', f: (x) => T.softplus(x), lo: -5, hi: 5 },
  { name: 'softplus(β=2, threshold=3)', f: (x) => T.softplus(x, 2, 3), lo: -3, hi: 3, kinks: [1.5] },
  { name: 'clamp(-0.5, 0.7)', f: (x) => T.clamp(x, -0.5, 0.7), kinks: [-0.5, 0.7] },
  { name: 'pow(x, 1.7)', f: (x) => T.pow(x, 1.7), lo: 0.2, hi: 2 },
  { name: 'pow(x, 3)', f: (x) => T.pow(x, 3) },
  { name: 'add(x, 3)', f: (x) => T.add(x, 3) },
  { name: 'add(3, x)', f: (x) => T.add(3, x) },
  { name: 'sub(x, 2)', f: (x) => T.sub(x, 2) },
  { name: 'sub(2, x)', f: (x) => T.sub(2, x) },
  { name: 'mul(x, -1.5)', f: (x) => T.mul(x, -1.5) },
  { name: 'div(x, 4)', f: (x) => T.div(x, 4) },
  { name: 'div(2, x)', f: (x) => T.div(2, x), lo: 0.3, hi: 2 },
  { name: 'pow(2, x)', f: (x) => T.pow(2, x) },
  { name: 'maximum(x, 0.3)', f: (x) => T.maximum(x, 0.3), kinks: [0.3] },
  { name: 'minimum(x, 0.3)', f: (x) => T.minimum(x, 0.3), kinks: [0.3] },
];

for (const u of unaries) {
  test(`∂ ${u.name} matches finite differences`, () => {
    fc.assert(
      fc.property(shapeArb().chain((s) => tensorArb(s, u.lo, u.hi, u.kinks)), (x) => checkGradients(u.f, [x])),
      FC,
    );
  });
}

type Binary = { name: string; f: (a: Tensor, b: Tensor) => Tensor; a?: [number, number]; b?: [number, number]; ties?: boolean; bKink?: number };

const binaries: Binary[] = [
  { name: 'add', f: T.add },
  { name: 'sub', f: T.sub },
  { name: 'mul', f: T.mul },
  { name: 'div', f: T.div, b: [0.4, 2] },
  { name: 'pow', f: T.pow, a: [0.3, 2], b: [-1, 2] },
  { name: 'maximum', f: T.maximum, ties: true },
  { name: 'minimum', f: T.minimum, ties: true },
  { name: 'where(a > 0, a, b)', f: (a, b) => T.where(T.gt(a, 0), a, b), a: [0.1, 2] },
  { name: 'where(b > 0, a·b, a)', f: (a, b) => T.where(T.gt(b, 0), T.mul(a, b), a), bKink: 0 },
];

for (const op of binaries) {
  test(`∂ ${op.name} matches finite differences, with broadcasting`, () => {
    // Ops with ties draw from disjoint grids, so that a and b never meet at a kink.
    const arb = broadcastPairArb().chain(([sa, sb]) => op.ties
      ? fc.tuple(distinctTensorArb(sa, 0.005), distinctTensorArb(sb))
      : fc.tuple(tensorArb(sa, ...(op.a ?? [-2, 2])), tensorArb(sb, ...(op.b ?? [-2, 2]), op.bKink === undefined ? [] : [op.bKink])));
    fc.assert(fc.property(arb, ([a, b]) => checkGradients(op.f, [a, b])), FC);
  });
}

/** A non-empty shape with a random subset of its dims and a keepdim flag. */
const reductionArb = shapeArb(4, 4).filter((s) => s.length > 0).chain((shape) =>
  fc.tuple(
    distinctTensorArb(shape),
    fc.subarray(shape.map((_, i) => i), { minLength: 1 }).chain((dims) => fc.constantFrom(dims, dims.map((d) => d - shape.length))),
    fc.boolean(),
  ));

const reductions: [string, (x: Tensor, dims: number[], keep: boolean) => Tensor][] = [
  ['sum', (x, d, k) => T.sum(x, d, k)],
  ['mean', (x, d, k) => T.mean(x, d, k)],
  ['max', (x, d, k) => T.max(x, d, k)],
  ['min', (x, d, k) => T.min(x, d, k)],
];

for (const [name, f] of reductions) {
  test(`∂ ${name} over random dims matches finite differences`, () => {
    fc.assert(fc.property(reductionArb, ([x, dims, keep]) => checkGradients((t) => f(t, dims, keep), [x])), FC);
  });
}

test('∂ var (correction 1 and 0) matches finite differences', () => {
  const arb = reductionArb.filter(([x, dims]) => dims.reduce((n, d) => n * x.shape[(d + x.ndim) % x.ndim]!, 1) > 1);
  fc.assert(fc.property(arb, fc.constantFrom(0, 1), ([x, dims, keep], correction) =>
    checkGradients((t) => T.variance(t, dims, { correction, keepdim: keep }), [x])), FC);
});

test('∂ full reductions (no dims) match finite differences', () => {
  fc.assert(fc.property(shapeArb().chain((s) => distinctTensorArb(s)), (x) => {
    checkGradients((t) => T.sum(t), [x]);
    checkGradients((t) => T.mean(t), [x]);
    checkGradients((t) => T.max(t), [x]);
  }), FC);
});

test('∂ matmul in all transposed forms, batched and broadcast, matches finite differences', () => {
  const arb = fc.record({
    m: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 4 }),
    transA: fc.boolean(), transB: fc.boolean(),
    batchA: fc.constantFrom([], [2], [1], [2, 1]), batchB: fc.constantFrom([], [2], [1], [3, 1]),
  }).filter(({ batchA, batchB }) => !(batchA.length === 2 && batchB.length === 2) && !(batchA[0] === 2 && batchB[0] === 3));
  fc.assert(fc.property(arb.chain((c) => {
    const sa = [...c.batchA, ...(c.transA ? [c.k, c.m] : [c.m, c.k])];
    const sb = [...c.batchB, ...(c.transB ? [c.n, c.k] : [c.k, c.n])];
    return fc.tuple(fc.constant(c), tensorArb(sa), tensorArb(sb));
  }), ([c, a, b]) => checkGradients((x, y) => T.matmul(x, y, { transA: c.transA, transB: c.transB }), [a, b])), FC);
});

test('∂ matmul with 1-D operands (vector·matrix, matrix·vector, dot) matches finite differences', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (k, n) => {
    const v = param(Array.from({ length: k }, (_, i) => Math.sin(i + 1)), [k]);
    const m = param(Array.from({ length: k * n }, (_, i) => Math.cos(i)), [k, n]);
    const w = param(Array.from({ length: k }, (_, i) => i / 3 - 0.5), [k]);
    checkGradients((a, b) => T.matmul(a, b), [v, m]);
    checkGradients((a, b) => T.matmul(b, a, { transA: true }), [v, m]);
    checkGradients((a, b) => T.matmul(a, b), [v, w]);
  }), FC);
});

test('∂ reshape, flatten, unsqueeze, squeeze, transpose, permute match finite differences', () => {
  fc.assert(fc.property(shapeArb(4).filter((s) => s.length >= 2).chain((s) =>
    fc.tuple(tensorArb(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }))),
  ([x, perm]) => {
    checkGradients((t) => T.reshape(t, [-1]), [x]);
    checkGradients((t) => T.flatten(t, 1), [x]);
    checkGradients((t) => T.squeeze(T.unsqueeze(t, 1), 1), [x]);
    checkGradients((t) => T.transpose(t), [x]);
    checkGradients((t) => T.permute(t, perm), [x]);
  }), FC);
});

test('∂ expand and sumToShape match finite differences', () => {
  fc.assert(fc.property(broadcastPairArb().chain(([small]) => fc.tuple(tensorArb(small), fc.constant(small))), ([x, small]) => {
    const big = [2, ...small.map((d) => (d === 1 ? 3 : d))];
    checkGradients((t) => T.expand(t, big), [x]);
    const y = param(Array.from({ length: big.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)), big);
    checkGradients((t) => T.sumToShape(t, small), [y]);
  }), FC);
});

test('∂ concat, stack, narrow, sliceRows match finite differences', () => {
  fc.assert(fc.property(shapeArb(3).filter((s) => s.length >= 1).chain((s) =>
    fc.tuple(tensorArb(s), tensorArb(s), fc.integer({ min: 0, max: s.length - 1 }))),
  ([a, b, dim]) => {
    checkGradients((x, y) => T.concat([x, y, x], dim), [a, b]);
    checkGradients((x, y) => T.stack([x, y], dim), [a, b]);
    const size = a.shape[dim]!;
    checkGradients((x) => T.narrow(x, dim, Math.floor(size / 2), size - Math.floor(size / 2)), [a]);
    checkGradients((x) => T.sliceRows(x, 0, 1), [a]);
  }), FC);
});

test('∂ indexSelect (with repeated indices) and indexAdd match finite differences', () => {
  fc.assert(fc.property(shapeArb(3).filter((s) => s.length >= 1).chain((s) =>
    fc.tuple(tensorArb(s), fc.integer({ min: 0, max: s.length - 1 }).chain((d) =>
      fc.tuple(fc.constant(d), fc.array(fc.integer({ min: 0, max: s[d]! - 1 }), { minLength: 1, maxLength: 5 }))))),
  ([x, [dim, idx]]) => {
    const indices = Int32Array.from(idx);
    checkGradients((t) => T.indexSelect(t, dim, indices), [x]);
    const srcShape = x.shape.slice();
    srcShape[dim] = indices.length;
    const src = param(Array.from({ length: srcShape.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(i)), srcShape);
    checkGradients((t) => T.indexAdd(x.shape, dim, indices, t), [src]);
  }), FC);
});

test('∂ pad (growing and cropping) matches finite differences', () => {
  fc.assert(fc.property(shapeArb(3, 5).filter((s) => s.length >= 2).chain((s) =>
    fc.tuple(tensorArb(s), fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 4, maxLength: 4 }))),
  ([x, pads]) => {
    const ok = [0, 1].every((p) => x.shape[x.ndim - 1 - p]! + pads[2 * p]! + pads[2 * p + 1]! >= 0);
    if (!ok) return;
    checkGradients((t) => T.pad(t, pads, 0.5), [x]);
  }), FC);
});

test('∂ of a composite (a small MLP with loss) matches finite differences', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), valuesArb(3 * 4 + 4 + 4), (batch, v) => {
    const x = param(Array.from({ length: batch * 3 }, (_, i) => Math.sin(i * 1.3)), [batch, 3]);
    const w1 = param(v.slice(0, 12), [4, 3]);
    const b1 = param(v.slice(12, 16), [4]);
    const w2 = param(v.slice(16, 20), [1, 4]);
    checkGradients((xx, a, b, c) => T.mean(T.softplus(T.matmul(T.tanh(T.add(T.matmul(xx, a, { transB: true }), b)), c, { transB: true }))), [x, w1, b1, w2]);
  }), FC);
});

test('∂ linear (fused x·Wᵀ + b, with and without bias, 2-D and batched) matches finite differences', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), (b, i, o, batched) =>
    fc.assert(fc.property(tensorArb(batched ? [2, b, i] : [b, i]), tensorArb([o, i]), tensorArb([o]), (x, w, bias) => {
      checkGradients((xx, ww, bb) => T.linear(xx, ww, bb), [x, w, bias]);
      checkGradients((xx, ww) => T.linear(xx, ww, null), [x, w]);
    }), { seed: b * 100 + i * 10 + o, numRuns: 3 })), { ...FC, numRuns: 15 });
});

test.run();
