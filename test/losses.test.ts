// Losses: gradients (first and second order, to logits/probs and targets) against finite differences
// in float64, stability at extreme logits, and argument errors. PyTorch values: test/golden.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Tensor, grad, sum, mul } from '../src/index.js';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, mseLoss } from '../src/nn/loss/index.js';
import type { Reduction } from '../src/nn/loss/index.js';
import { FC, checkGradients, checkSecondOrder, param, shapeArb, tensorArb } from './helpers/gradcheck.js';

const reductionArb = fc.constantFrom<Reduction>('mean', 'sum', 'none');

/** A constant tensor whose shape is a broadcastable suffix of `shape` (some dims set to 1), values in [lo, hi]. */
const suffixTensorArb = (shape: number[], lo: number, hi: number): fc.Arbitrary<Tensor> =>
  fc.tuple(fc.integer({ min: 0, max: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }))
    .map(([drop, ones]) => shape.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)))
    .chain((s) => tensorArb(s, lo, hi))
    .map((t) => t.requireGrad(false));

type Extra = { posWeight?: Tensor | number; weight?: Tensor };

/** Input, target, and optional posWeight (none, a number or a tensor) and weight for a random shape. */
const bceCaseArb = (xLo: number, xHi: number, withPosWeight: boolean) => shapeArb().chain((s) => fc.record({
  x: tensorArb(s, xLo, xHi),
  y: tensorArb(s, 0, 1),
  reduction: reductionArb,
  posWeight: withPosWeight ? fc.oneof(fc.constant(undefined), fc.double({ min: 0.2, max: 3, noNaN: true }), suffixTensorArb(s, 0.2, 3)) : fc.constant(undefined),
  weight: fc.oneof(fc.constant(undefined), suffixTensorArb(s, 0.2, 2)),
}));

function extra(c: { posWeight?: Tensor | number | undefined; weight?: Tensor | undefined }): Extra {
  const e: Extra = {};
  if (c.posWeight !== undefined) e.posWeight = c.posWeight;
  if (c.weight !== undefined) e.weight = c.weight;
  return e;
}

test('binaryCrossEntropyWithLogits: ∂/∂logits and ∂/∂targets match finite differences (posWeight, weight, reductions)', () => {
  fc.assert(fc.property(bceCaseArb(-6, 6, true), (c) => {
    checkGradients((x, y) => binaryCrossEntropyWithLogits(x, y, { reduction: c.reduction, ...extra(c) }), [c.x, c.y]);
  }), FC);
});

test('binaryCrossEntropyWithLogits: second-order gradients match finite differences', () => {
  fc.assert(fc.property(bceCaseArb(-4, 4, true), (c) => {
    checkSecondOrder((x, y) => binaryCrossEntropyWithLogits(x, y, { reduction: c.reduction, ...extra(c) }), [c.x, c.y]);
  }), { ...FC, numRuns: 25 });
});

test('binaryCrossEntropyWithLogits: exact gradient at logit 0 (σ(0)·(1 + (pw − 1)·y) − pw·y)', () => {
  const x = param([0, 0, 0], [3]);
  const y = new Tensor(Float64Array.from([0, 1, 0.3]), [3]);
  const [gx] = grad(binaryCrossEntropyWithLogits(x, y, { reduction: 'sum', posWeight: 2 }), [x]);
  assert.equal(Array.from(gx!.data), [0.5, 0.5 * 2 - 2, 0.5 * 1.3 - 0.6]);
  const [g1] = grad(binaryCrossEntropyWithLogits(x, y, { reduction: 'sum' }), [x]);
  assert.equal(Array.from(g1!.data), [0.5, -0.5, 0.2]);
});

for (const dtype of ['float32', 'float64'] as const) {
  test(`binaryCrossEntropyWithLogits: logits ±1000 give finite losses and gradients (${dtype})`, () => {
    const Arr = dtype === 'float32' ? Float32Array : Float64Array;
    const x = new Tensor(Arr.from([1000, -1000, 1000, -1000, 0]), [5]).requireGrad();
    const y = new Tensor(Arr.from([0, 1, 1, 0, 0.5]), [5]).requireGrad();
    const pw = new Tensor(Arr.from([2, 2, 2, 2, 2]), [5]);
    const loss = binaryCrossEntropyWithLogits(x, y, { reduction: 'none', posWeight: pw });
    assert.is(loss.dtype, dtype);
    // (1 − y)·x + (1 + y)·softplus(−x): 1000, 2·1000, 0, 0, 0.5·0 + 1.5·log 2
    const want = [1000, 2000, 0, 0, 1.5 * Math.LN2];
    want.forEach((v, i) => assert.ok(Math.abs(loss.data[i]! - v) <= 1e-6 * Math.max(1, v), `loss[${i}] = ${loss.data[i]}, want ${v}`));
    const [gx, gy] = grad(sum(loss), [x, y], { createGraph: true });
    for (const g of [gx!, gy!]) for (const v of g.data) assert.ok(Number.isFinite(v), `gradient ${Array.from(g.data)}`);
    // σ(x)·(1 + (pw − 1)·y) − pw·y: σ = 1, 0, 1, 0
    assert.equal(Array.from(gx!.data).slice(0, 4), [1, -2, 0, 0]);
    const [gxx] = grad(sum(gx!), [x]);
    for (const v of gxx!.data) assert.ok(Number.isFinite(v), `second order ${Array.from(gxx!.data)}`);
    const mean = binaryCrossEntropyWithLogits(x, y);
    assert.ok(Number.isFinite(mean.item()));
  });
}

test('binaryCrossEntropyWithLogits: a number posWeight equals the same tensor posWeight; output shapes per reduction', () => {
  const x = param([-2, -0.5, 0.3, 4, 1, -1], [2, 3]);
  const y = new Tensor(Float64Array.from([0, 1, 0.5, 1, 0, 0.25]), [2, 3]);
  const a = binaryCrossEntropyWithLogits(x, y, { posWeight: 1.7, reduction: 'none' });
  const b = binaryCrossEntropyWithLogits(x, y, { posWeight: new Tensor(Float64Array.from([1.7, 1.7, 1.7]), [3]), reduction: 'none' });
  assert.equal(Array.from(a.data), Array.from(b.data));
  assert.equal(a.shape, [2, 3]);
  assert.equal(binaryCrossEntropyWithLogits(x, y, { reduction: 'sum' }).shape, []);
  const s = binaryCrossEntropyWithLogits(x, y, { reduction: 'sum' }).item();
  const m = binaryCrossEntropyWithLogits(x, y).item();
  assert.ok(Math.abs(m - s / 6) < 1e-15);
});

test('binaryCrossEntropyWithLogits: argument errors', () => {
  const x = param([0, 1, 2, 3, 4, 5], [2, 3]);
  const y = new Tensor(new Float64Array(6), [3, 2]);
  assert.throws(() => binaryCrossEntropyWithLogits(x, y), /binaryCrossEntropyWithLogits: logits has shape \[2,3\] but targets has shape \[3,2\]/);
  const y2 = new Tensor(new Float64Array(6), [2, 3]);
  assert.throws(() => binaryCrossEntropyWithLogits(x, y2, { reduction: 'avg' as Reduction }), /reduction must be 'mean', 'sum' or 'none', got "avg"/);
  assert.throws(() => binaryCrossEntropyWithLogits(x, y2, { posWeight: new Tensor(new Float64Array(2), [2]) }), /posWeight of shape \[2\] does not broadcast|do not broadcast/);
  assert.throws(() => binaryCrossEntropyWithLogits(x, y2, { weight: new Tensor(new Float64Array(12), [2, 2, 3]) }), /weight of shape \[2,2,3\] does not broadcast to the input's shape \[2,3\]/);
  assert.throws(() => binaryCrossEntropyWithLogits(x, y2, { weight: param([1, 1, 1], [3]) }), /weight requires grad/);
  assert.throws(() => binaryCrossEntropyWithLogits(x, y2, { posWeight: NaN }), /posWeight must be a finite number/);
  assert.throws(() => binaryCrossEntropyWithLogits(param([], [0]), param([], [0])), /'mean' of an empty input/);
});

test('binaryCrossEntropy: ∂/∂probs and ∂/∂targets match finite differences (weight, reductions)', () => {
  fc.assert(fc.property(bceCaseArb(0.05, 0.95, false), (c) => {
    checkGradients((p, y) => binaryCrossEntropy(p, y, { reduction: c.reduction, ...extra(c) }), [c.x, c.y]);
  }), FC);
});

test('binaryCrossEntropy: second-order gradients match finite differences', () => {
  fc.assert(fc.property(bceCaseArb(0.1, 0.9, false), (c) => {
    checkSecondOrder((p, y) => binaryCrossEntropy(p, y, { reduction: c.reduction, ...extra(c) }), [c.x, c.y]);
  }), { ...FC, numRuns: 25 });
});

test('binaryCrossEntropy: probs 0 and 1 exactly give the clamped loss (100) and finite gradients', () => {
  const p = param([0, 1, 0, 1], [4]);
  const y = new Tensor(Float64Array.from([1, 0, 0, 1]), [4]).requireGrad();
  const loss = binaryCrossEntropy(p, y, { reduction: 'none' });
  assert.equal(Array.from(loss.data).map(Math.abs), [100, 100, 0, 0]);
  const [gp, gy] = grad(sum(loss), [p, y]);
  for (const v of [...gp!.data, ...gy!.data]) assert.ok(Number.isFinite(v));
  assert.equal(Array.from(gy!.data), [100, -100, 100, -100]);
});

test('binaryCrossEntropy: probs outside [0, 1] (or NaN) are an error, as in PyTorch', () => {
  const y = new Tensor(new Float64Array(2), [2]);
  assert.throws(() => binaryCrossEntropy(param([0.5, 1.5], [2]), y), /binaryCrossEntropy: all elements of probs should be between 0 and 1, got 1.5 at index 1/);
  assert.throws(() => binaryCrossEntropy(param([-1e-9, 0.5], [2]), y), /between 0 and 1/);
  assert.throws(() => binaryCrossEntropy(param([NaN, 0.5], [2]), y), /between 0 and 1, got NaN/);
  assert.throws(() => binaryCrossEntropy(param([0.5, 0.5], [2]), new Tensor(new Float64Array(2), [1, 2])), /probs has shape \[2\] but targets has shape \[1,2\]/);
});

test('mseLoss: gradients (first and second order) match finite differences for each reduction', () => {
  fc.assert(fc.property(shapeArb().chain((s) => fc.tuple(tensorArb(s), tensorArb(s), reductionArb)), ([x, y, reduction]) => {
    checkGradients((a, b) => mseLoss(a, b, { reduction }), [x, y]);
    checkSecondOrder((a, b) => mul(mseLoss(a, b, { reduction }), mseLoss(a, b, { reduction })), [x, y]);
  }), FC);
});

test('mseLoss: values, and a shape mismatch is an error (no broadcasting)', () => {
  const x = param([1, 2, 3], [3]);
  const y = new Tensor(Float64Array.from([0, 2, 5]), [3]);
  assert.is(mseLoss(x, y).item(), 5 / 3);
  assert.is(mseLoss(x, y, { reduction: 'sum' }).item(), 5);
  assert.equal(Array.from(mseLoss(x, y, { reduction: 'none' }).data), [1, 0, 4]);
  assert.throws(() => mseLoss(x, new Tensor(new Float64Array(1), [1])), /mseLoss: input has shape \[3\] but target has shape \[1\]/);
});

test.run();
