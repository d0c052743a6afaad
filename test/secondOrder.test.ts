// Gradients of gradients: Hessian-vector products from createGraph against finite differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as T from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { FC, broadcastPairArb, checkSecondOrder, param, shapeArb, tensorArb } from './helpers/gradcheck.js';

const unaries: [string, (x: Tensor) => Tensor, number, number][] = [
  ['exp', T.exp, -2, 2],
  ['log', T.log, 0.2, 3],
  ['log1p', T.log1p, -0.5, 2],
  ['sqrt', T.sqrt, 0.2, 3],
  ['tanh', T.tanh, -2, 2],
  ['sigmoid', T.sigmoid, -4, 4],
  ['softplus', (x) => T.softplus(x), -4, 4],
  ['pow(x, 3)', (x) => T.pow(x, 3), -2, 2],
  ['pow(x, -1.5)', (x) => T.pow(x, -1.5), 0.3, 2],
  ['square', T.square, -2, 2],
  ['div(1, x)', (x) => T.div(1, x), 0.3, 2],
];

for (const [name, f, lo, hi] of unaries) {
  test(`∂² ${name} matches finite differences`, () => {
    fc.assert(fc.property(shapeArb(2, 3).chain((s) => tensorArb(s, lo, hi)), (x) => checkSecondOrder(f, [x])), { ...FC, numRuns: 15 });
  });
}

const binaries: [string, (a: Tensor, b: Tensor) => Tensor, [number, number], [number, number]][] = [
  ['mul', T.mul, [-2, 2], [-2, 2]],
  ['div', T.div, [-2, 2], [0.4, 2]],
  ['pow', T.pow, [0.3, 2], [-1, 2]],
  ['mul of sums (broadcast)', (a, b) => T.mul(T.add(a, b), T.sub(a, b)), [-2, 2], [-2, 2]],
];

for (const [name, f, ra, rb] of binaries) {
  test(`∂² ${name} matches finite differences, with broadcasting`, () => {
    const arb = broadcastPairArb(2, 3).chain(([sa, sb]) => fc.tuple(tensorArb(sa, ...ra), tensorArb(sb, ...rb)));
    fc.assert(fc.property(arb, ([a, b]) => checkSecondOrder(f, [a, b])), { ...FC, numRuns: 15 });
  });
}

test('∂² matmul, var, max and a tanh layer match finite differences', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }), (m, n, k) => {
    const a = param(Array.from({ length: m * k }, (_, i) => Math.sin(i + m)), [m, k]);
    const b = param(Array.from({ length: n * k }, (_, i) => Math.cos(i * 0.7 + n)), [n, k]);
    checkSecondOrder((x, y) => T.tanh(T.matmul(x, y, { transB: true })), [a, b]);
    checkSecondOrder((x, y) => T.tanh(T.linear(x, y, T.sum(y, 1))), [a, b]);
    checkSecondOrder((x) => T.variance(x, 1), [a]);
    checkSecondOrder((x) => T.max(T.mul(x, x), 0), [a]);
    checkSecondOrder((x, y) => T.mean(T.softplus(T.matmul(y, x, { transB: true }))), [a, b]);
  }), { ...FC, numRuns: 10 });
});

test('R1 penalty: ∂/∂θ of ‖∂D/∂x‖² matches finite differences', () => {
  // D(x) = w2·leakyRelu(W1·x + b1): the penalty's gradient needs the second-order graph.
  const x = param([0.3, -0.7, 1.1, 0.2, -0.4, 0.9], [2, 3]);
  const w1 = param([0.5, -0.3, 0.8, 0.1, 0.4, -0.6, 0.2, 0.7, -0.5, 0.3, -0.2, 0.6], [4, 3]);
  const b1 = param([0.1, -0.2, 0.05, 0.3], [4]);
  const w2 = param([0.7, -0.4, 0.5, 0.9], [1, 4]);
  const r1 = (xx: Tensor, a: Tensor, b: Tensor, c: Tensor): Tensor => {
    const d = T.matmul(T.tanh(T.add(T.matmul(xx, a, { transB: true }), b)), c, { transB: true });
    const [gx] = T.grad(T.sum(d), xx, { createGraph: true });
    return T.sum(T.square(gx!));
  };
  const penalty = r1(x, w1, b1, w2);
  assert.ok(penalty.requiresGrad, 'the penalty is differentiable');
  const analytic = T.grad(penalty, [w1, b1, w2]);
  const eps = 1e-6;
  [w1, b1, w2].forEach((p, k) => {
    for (let i = 0; i < p.size; i++) {
      const v = p.data[i]!;
      p.data[i] = v + eps;
      const up = r1(x, w1, b1, w2).item();
      p.data[i] = v - eps;
      const down = r1(x, w1, b1, w2).item();
      p.data[i] = v;
      const numeric = (up - down) / (2 * eps);
      const a = analytic[k]!.data[i]!;
      assert.ok(Math.abs(a - numeric) < 1e-6 + 1e-5 * Math.abs(numeric), `param ${k}[${i}]: ${a} vs ${numeric}`);
    }
  });
});

test('third order: d³/dx³ of x⁴ is 24x', () => {
  const x = param([0.5, -1.2, 2], [3]);
  const [g1] = T.grad(T.sum(T.pow(x, 4)), x, { createGraph: true });
  const [g2] = T.grad(T.sum(g1!), x, { createGraph: true });
  const [g3] = T.grad(T.sum(g2!), x);
  assert.equal(Array.from(g3!.data).map((v) => +v.toFixed(9)), [12, -28.8, 48]);
});

test.run();
