// The fused crossEntropy against the composition it replaces (same bytes, both dtypes, first order),
// and against central differences in float64, first and second order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { exp, grad, log, max, mean, mul, neg, sub, sum } from '../src/index.js';
import { crossEntropy } from '../src/nn/loss/crossEntropy.js';
import { Tensor } from '../src/tensor/tensor.js';
import { FC, checkGradients, checkSecondOrder } from './helpers/gradcheck.js';

/** The composed definition: −mean(Σ_c logSoftmax(x)·oneHot), logSoftmax by the max-shifted log-sum-exp. */
function composed(logits: Tensor, targets: Int32Array): Tensor {
  const [batch, classes] = logits.shape as [number, number];
  const oneHot = Tensor.empty([batch, classes], logits.dtype);
  targets.forEach((t, i) => { oneHot.data[i * classes + t] = 1; });
  const shifted = sub(logits, max(logits, 1, true).detach());
  const logSoftmax = sub(shifted, log(sum(exp(shifted), 1, true)));
  return neg(mean(sum(mul(logSoftmax, oneHot), 1)));
}

const caseArb = fc.record({
  batch: fc.integer({ min: 1, max: 6 }),
  classes: fc.integer({ min: 1, max: 7 }),
  dtype: fc.constantFrom('float32' as const, 'float64' as const),
  scale: fc.constantFrom(0.1, 3, 40, 200),
  ties: fc.boolean(),
  upstream: fc.double({ min: -3, max: 3, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

const sameBytes = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

test('crossEntropy: loss and gradient (recorded or not) are the bytes of the composed definition', () => {
  fc.assert(fc.property(caseArb, ({ batch, classes, dtype, scale, ties, upstream, seed }) => {
    let s = seed;
    const next = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
    const values = Array.from({ length: batch * classes }, () => (ties ? Math.round(next() * 3) : (next() * 2 - 1) * scale));
    const targets = Int32Array.from({ length: batch }, () => Math.floor(next() * classes));
    const run = (f: (x: Tensor, t: Int32Array) => Tensor, createGraph = false): { loss: number; g: ArrayLike<number> } => {
      const x = new Tensor(dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values), [batch, classes]);
      x.requiresGrad = true;
      const loss = f(x, targets);
      const up = Tensor.empty([], dtype);
      up.data[0] = upstream;
      const [g] = grad(loss, [x], { gradOutputs: [up], createGraph });
      return { loss: loss.item(), g: g!.data };
    };
    const fused = run(crossEntropy), reference = run(composed);
    assert.ok(Object.is(fused.loss, reference.loss), `loss ${fused.loss} vs ${reference.loss}`);
    assert.ok(sameBytes(fused.g, reference.g), `gradient ${Array.from(fused.g)} vs ${Array.from(reference.g)}`);
    const recorded = run(crossEntropy, true), recordedReference = run(composed, true);
    assert.ok(sameBytes(recorded.g, recordedReference.g), `recorded gradient ${Array.from(recorded.g)} vs ${Array.from(recordedReference.g)}`);
    assert.ok(sameBytes(recorded.g, reference.g), 'the recorded gradient differs from the unrecorded one');
  }), { ...FC, numRuns: 200 });
});

test('crossEntropy: float64 gradients against central differences, first and second order, fused and recorded', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 1e6 }), (batch, classes, seed) => {
    const values = Array.from({ length: batch * classes }, (_, i) => Math.sin(seed + 7 * i) * 2);
    const x = new Tensor(Float64Array.from(values), [batch, classes]);
    x.requiresGrad = true;
    const targets = Int32Array.from({ length: batch }, (_, i) => (seed + i) % classes);
    checkGradients((l) => crossEntropy(l, targets), [x]);
    checkSecondOrder((l) => crossEntropy(l, targets), [x]);
    // A recorded backward builds the gradient from other ops: it must be the fused one.
    const [fused] = grad(crossEntropy(x, targets), [x]);
    const [recorded] = grad(crossEntropy(x, targets), [x], { createGraph: true });
    fused!.data.forEach((v, i) => assert.ok(Math.abs(v - recorded!.data[i]!) < 1e-14, `gradient[${i}]: fused ${v}, recorded ${recorded!.data[i]}`));
  }), FC);
});

test('crossEntropy: a NaN logit gives a NaN loss and NaN gradients in its row', () => {
  const x = new Tensor(Float32Array.from([0, NaN, 1, 2, 0, -1]), [2, 3]);
  x.requiresGrad = true;
  const loss = crossEntropy(x, Int32Array.from([0, 1]));
  assert.ok(Number.isNaN(loss.item()));
  const [g] = grad(loss, [x]);
  assert.ok(Array.from(g!.data.subarray(0, 3)).every(Number.isNaN));
  assert.ok(Array.from(g!.data.subarray(3)).every(Number.isFinite));
});

test.run();
