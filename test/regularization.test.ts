// Penalties: values, gradients and the nuclear-norm bound over a module tree.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, noGrad } from '../src/index.js';
import { Linear, LowRankLinear, ReLU, Sequential, factorPenalty, l1Penalty, l2Penalty, nuclearNormBound } from '../src/nn/index.js';
import { checkGradients, param } from './helpers/gradcheck.js';

test('l1Penalty = Σ|θ|, l2Penalty = Σθ², with their gradients', () => {
  const a = param([1, -2, 0.5], [3]);
  const b = param([-0.25, 3], [1, 2]);
  assert.ok(Math.abs(l1Penalty([a, b]).item() - 6.75) < 1e-12);
  assert.ok(Math.abs(l2Penalty([a, b]).item() - (1 + 4 + 0.25 + 0.0625 + 9)) < 1e-12);
  checkGradients((x, y) => l1Penalty([x!, y!]), [a, b]);
  checkGradients((x, y) => l2Penalty([x!, y!]), [a, b]);
  assert.is(l1Penalty([]).item(), 0);
});

test('factorPenalty = ½(‖U‖² + ‖V‖²), differentiable in u and v', () => {
  const l = new LowRankLinear(4, 3, 2, { seed: 1, dtype: 'float64' });
  let s = 0;
  for (const t of [l.u, l.v]) for (const v of t.data) s += v * v;
  assert.ok(Math.abs(factorPenalty(l).item() - s / 2) < 1e-12);
  checkGradients(() => factorPenalty(l), [l.u, l.v]);
});

test('nuclearNormBound sums factorPenalty over every LowRankLinear in the tree(s), once each', () => {
  const a = new LowRankLinear(4, 3, 2, { seed: 1 });
  const b = new LowRankLinear(3, 3, 1, { seed: 2, spectralNorm: 'factors' });
  const g = new Sequential(a, new ReLU(), new Sequential(new Linear(3, 3, { seed: 0 }), b), a);
  const want = noGrad(() => factorPenalty(a).item() + factorPenalty(b).item());
  assert.ok(Math.abs(nuclearNormBound(g).item() - want) < 1e-5);
  assert.ok(Math.abs(nuclearNormBound([g, new Sequential(b)]).item() - want) < 1e-5);
  assert.is(nuclearNormBound(new Sequential(new Linear(2, 2, { seed: 0 }))).item(), 0);
  const pen = nuclearNormBound(g);
  assert.ok(pen.requiresGrad);
  pen.backward();
  assert.ok(a.u.grad instanceof Tensor && b.v.grad instanceof Tensor);
});

test.run();
