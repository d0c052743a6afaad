// Convolution ops: autograd against central differences in float64 over random sizes, strides and paddings,
// first and second order (R1 differentiates a convolutional D's input gradient).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as T from '../src/index.js';
import { FC, checkGradients, checkSecondOrder, tensorArb } from './helpers/gradcheck.js';

interface ConvCase { n: number; c: number; o: number; h: number; w: number; k: number; stride: number; padding: number }

/** Sizes whose padded input fits the kernel. */
const convCaseArb: fc.Arbitrary<ConvCase> = fc.record({
  n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }), o: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 1, max: 5 }), w: fc.integer({ min: 1, max: 5 }),
  k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 3 }), padding: fc.integer({ min: 0, max: 2 }),
}).filter((s) => s.h + 2 * s.padding >= s.k && s.w + 2 * s.padding >= s.k);

const convInputsArb = convCaseArb.chain((s) => fc.tuple(
  fc.constant(s), tensorArb([s.n, s.c, s.h, s.w]), tensorArb([s.o, s.c, s.k, s.k]), tensorArb([s.o]),
));

test('conv2d: ∂x, ∂w, ∂b match finite differences over sizes, strides and paddings', () => {
  fc.assert(fc.property(convInputsArb, ([s, x, w, b]) =>
    checkGradients((xx, ww, bb) => T.conv2d(xx, ww, bb, s), [x, w, b])), { ...FC, numRuns: 30 });
});

test('conv2d: second order through a nonlinearity (an R1-style graph)', () => {
  fc.assert(fc.property(convInputsArb, ([s, x, w, b]) =>
    checkSecondOrder((xx, ww, bb) => T.tanh(T.conv2d(T.tanh(xx), ww, bb, s)), [x, w, b])), { ...FC, numRuns: 12 });
});

const transposeInputsArb = fc.record({
  n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }), o: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 1, max: 4 }), w: fc.integer({ min: 1, max: 4 }),
  k: fc.integer({ min: 1, max: 4 }), stride: fc.integer({ min: 1, max: 3 }), padding: fc.integer({ min: 0, max: 2 }),
  extra: fc.integer({ min: 0, max: 2 }),
}).map((s) => ({ ...s, outputPadding: Math.min(s.extra, s.stride - 1) }))
  .filter((s) => (s.h - 1) * s.stride - 2 * s.padding + s.k >= 1 && (s.w - 1) * s.stride - 2 * s.padding + s.k >= 1)
  .chain((s) => fc.tuple(fc.constant(s), tensorArb([s.n, s.c, s.h, s.w]), tensorArb([s.c, s.o, s.k, s.k]), tensorArb([s.o])));

test('convTranspose2d: ∂x, ∂w, ∂b match finite differences, with output padding', () => {
  fc.assert(fc.property(transposeInputsArb, ([s, x, w, b]) =>
    checkGradients((xx, ww, bb) => T.convTranspose2d(xx, ww, bb, s), [x, w, b])), { ...FC, numRuns: 30 });
});

test('convTranspose2d: second order through a nonlinearity', () => {
  fc.assert(fc.property(transposeInputsArb, ([s, x, w, b]) =>
    checkSecondOrder((xx, ww, bb) => T.tanh(T.convTranspose2d(T.tanh(xx), ww, bb, s)), [x, w, b])), { ...FC, numRuns: 12 });
});

test('convTranspose2d is the adjoint of conv2d in its input: ⟨conv(x), y⟩ = ⟨x, convT(y)⟩', () => {
  fc.assert(fc.property(convInputsArb, ([s, x, w]) => {
    const y = T.conv2d(x, w, null, s);
    // Transposing gives back x's size with outputPadding = what the floor in the output size dropped.
    const dropped = [2, 3].map((d) => x.shape[d]! + 2 * s.padding - s.k - (y.shape[d]! - 1) * s.stride);
    fc.pre(dropped[0] === dropped[1] && [2, 3].every((d) => (y.shape[d]! - 1) * s.stride - 2 * s.padding + s.k >= 1));
    const probe = T.randn(y.shape, 3, { dtype: 'float64' });
    const full = T.convTranspose2d(probe, w, null, { ...s, outputPadding: dropped[0]! });
    const lhs = T.sum(T.mul(y, probe)).item();
    const rhs = T.sum(T.mul(x, full)).item();
    assert.ok(Math.abs(lhs - rhs) < 1e-9 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
  }), { ...FC, numRuns: 30 });
});

const poolArb = fc.record({
  n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 3 }), padding: fc.integer({ min: 0, max: 1 }),
}).filter((s) => s.h + 2 * s.padding >= s.k && s.w + 2 * s.padding >= s.k && s.padding <= s.k / 2)
  .chain((s) => fc.tuple(fc.constant(s), tensorArb([s.n, s.c, s.h, s.w])));

test('avgPool2d: gradients and second order over kernels, strides and paddings', () => {
  fc.assert(fc.property(poolArb, ([s, x]) => {
    checkGradients((xx) => T.avgPool2d(xx, s.k, s), [x]);
    checkSecondOrder((xx) => T.avgPool2d(T.tanh(xx), s.k, s), [x]);
  }), { ...FC, numRuns: 25 });
});

test('upsampleNearest: gradients and second order', () => {
  const arb = fc.record({ n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 3 }), w: fc.integer({ min: 1, max: 3 }), f: fc.integer({ min: 1, max: 3 }) })
    .chain((s) => fc.tuple(fc.constant(s), tensorArb([s.n, s.c, s.h, s.w])));
  fc.assert(fc.property(arb, ([s, x]) => {
    checkGradients((xx) => T.upsampleNearest(xx, s.f), [x]);
    checkSecondOrder((xx) => T.upsampleNearest(T.tanh(xx), s.f), [x]);
  }), { ...FC, numRuns: 25 });
});

/** conv2d through the patch matrix, whatever the channel counts: the reference for the tap path. */
function conv2dByPatches(x: T.Tensor, w: T.Tensor, s: ConvCase): T.Tensor {
  const g = T.convGeometry('test', x.shape, s.k, s.stride, s.padding);
  return T.rowsToImage(T.linear(T.im2col(x, g), T.reshape(w, [s.o, s.c * s.k * s.k]), null), g);
}

/** Cases with fewer output than input channels at stride 1, where conv2d sums taps instead of patches. */
const tapInputsArb = convCaseArb
  .map((s) => ({ ...s, c: s.c + 1, o: Math.min(s.o, s.c), stride: 1 }))
  .filter((s) => s.o * s.h * s.w < s.c * (s.h + 2 * s.padding - s.k + 1) * (s.w + 2 * s.padding - s.k + 1))
  .chain((s) => fc.tuple(fc.constant(s), tensorArb([s.n, s.c, s.h, s.w]), tensorArb([s.o, s.c, s.k, s.k])));

test('conv2d by taps (fewer output channels) gives the patch product, and its gradients and second order check', () => {
  fc.assert(fc.property(tapInputsArb, ([s, x, w]) => {
    const g = T.convGeometry('test', x.shape, s.k, s.stride, s.padding);
    assert.ok(s.o * g.height * g.width < s.c * g.outHeight * g.outWidth, 'the case takes the tap path');
    const y = T.conv2d(x, w, null, s), want = conv2dByPatches(x, w, s);
    assert.equal(y.shape, want.shape);
    for (let i = 0; i < y.size; i++) assert.ok(Math.abs(y.data[i]! - want.data[i]!) < 1e-12, `element ${i}: ${y.data[i]} vs ${want.data[i]}`);
    checkGradients((xx, ww) => T.conv2d(xx, ww, null, s), [x, w]);
    checkSecondOrder((xx, ww) => T.tanh(T.conv2d(T.tanh(xx), ww, null, s)), [x, w]);
  }), { ...FC, numRuns: 15 });
});

test('spreadTaps is the adjoint of sumTaps: ⟨sumTaps(t), y⟩ = ⟨t, spreadTaps(y)⟩', () => {
  fc.assert(fc.property(convCaseArb.chain((s) => {
    const g = T.convGeometry('test', [s.n, s.c, s.h, s.w], s.k, s.stride, s.padding);
    return fc.tuple(fc.constant(g), fc.constant(s.o), tensorArb([s.n, s.o * s.k * s.k, s.h * s.w]), tensorArb([s.n, s.o, g.outHeight, g.outWidth]));
  }), ([g, o, taps, y]) => {
    const lhs = T.sum(T.mul(T.sumTaps(taps, g, o), y)).item();
    const rhs = T.sum(T.mul(taps, T.spreadTaps(y, g))).item();
    assert.ok(Math.abs(lhs - rhs) < 1e-9 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
  }), { ...FC, numRuns: 30 });
});

test('conv2d with a 1×1 kernel is a per-pixel matrix product', () => {
  const x = T.randn([2, 3, 4, 5], 1, { dtype: 'float64' });
  const w = T.randn([4, 3, 1, 1], 2, { dtype: 'float64' });
  const y = T.conv2d(x, w, null);
  const rows = T.reshape(T.permute(x, [0, 2, 3, 1]), [-1, 3]);
  const want = T.permute(T.reshape(T.matmul(rows, T.reshape(w, [4, 3]), { transB: true }), [2, 4, 5, 4]), [0, 3, 1, 2]);
  for (let i = 0; i < y.size; i++) assert.ok(Math.abs(y.data[i]! - want.data[i]!) < 1e-12);
});

test('convolution ops name the argument on bad input', () => {
  const x = T.zeros([1, 2, 4, 4]);
  assert.throws(() => T.conv2d(T.zeros([2, 4, 4]), T.zeros([1, 2, 3, 3]), null), /conv2d: input must be NCHW .*got shape \[2,4,4\]/);
  assert.throws(() => T.conv2d(x, T.zeros([1, 3, 3, 3]), null), /conv2d: weight \[1,3,3,3\] expects 3 input channels, the input has 2/);
  assert.throws(() => T.conv2d(x, T.zeros([1, 2, 5, 5]), null), /conv2d: kernel 5×5 is larger than the padded input 4×4/);
  assert.throws(() => T.conv2d(x, T.zeros([1, 2, 3, 3]), T.zeros([2])), /conv2d: bias must be \[1\], got shape \[2\]/);
  assert.throws(() => T.conv2d(x, T.zeros([1, 2, 3, 3]), null, { stride: 0 }), /conv2d: stride must be an integer ≥ 1, got 0/);
  assert.throws(() => T.convTranspose2d(x, T.zeros([2, 1, 3, 3]), null, { stride: 2, outputPadding: 2 }), /outputPadding must be an integer in 0..1/);
  assert.throws(() => T.upsampleNearest(x, 1.5), /upsampleNearest: scale factor must be a positive integer, got 1.5/);
});

test.run();
