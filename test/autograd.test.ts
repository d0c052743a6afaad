import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as T from '../src/index.js';

test('backward accumulates into .grad across calls, as PyTorch; zeroGrad clears it', () => {
  const w = T.tensor([1, 2, 3], undefined, { requiresGrad: true });
  T.sum(T.mul(w, w)).backward();
  assert.equal(Array.from(w.grad!.data), [2, 4, 6]);
  T.sum(T.mul(w, w)).backward();
  assert.equal(Array.from(w.grad!.data), [4, 8, 12]);
  w.zeroGrad();
  assert.is(w.grad, null);
});

test('a tensor used many times sums its gradient contributions', () => {
  const x = T.tensor([2], undefined, { requiresGrad: true, dtype: 'float64' });
  // y = x·x + x·x·x + 3x → dy/dx = 2x + 3x² + 3 = 4 + 12 + 3
  const y = T.add(T.add(T.mul(x, x), T.mul(T.mul(x, x), x)), T.mul(x, 3));
  y.backward();
  assert.is(x.grad!.item(), 19);
});

test('broadcast gradients are summed back to the input shape', () => {
  const b = T.zeros([3], { requiresGrad: true });
  const x = T.ones([4, 3]);
  T.sum(T.add(x, b)).backward();
  assert.equal(b.grad!.shape, [3]);
  assert.equal(Array.from(b.grad!.data), [4, 4, 4]);
});

test('noGrad records nothing; detach cuts the graph; inputs without requiresGrad get no grad', () => {
  const w = T.ones([2], { requiresGrad: true });
  const y = T.noGrad(() => T.mul(w, 2));
  assert.is(y.requiresGrad, false);
  assert.is(y.gradFn, null);
  const z = T.mul(w.detach(), 2);
  assert.is(z.requiresGrad, false);
  const c = T.ones([2]);
  T.sum(T.mul(w, c)).backward();
  assert.is(c.grad, null);
  assert.ok(T.isGradEnabled());
});

test('noGrad restores the mode even when its function throws', () => {
  assert.throws(() => T.noGrad(() => { throw new Error('boom'); }), /boom/);
  assert.ok(T.isGradEnabled());
});

test('backward with an explicit output gradient (vector-Jacobian product)', () => {
  const x = T.tensor([1, 2], undefined, { requiresGrad: true });
  const y = T.mul(x, 3);
  y.backward(T.tensor([1, 10]));
  assert.equal(Array.from(x.grad!.data), [3, 30]);
});

test('grad() returns gradients without touching .grad; allowUnused gives null', () => {
  const a = T.tensor([1, 2], undefined, { requiresGrad: true });
  const b = T.tensor([5], undefined, { requiresGrad: true });
  const [ga, gb] = T.grad(T.sum(T.mul(a, a)), [a, b], { allowUnused: true });
  assert.equal(Array.from(ga!.data), [2, 4]);
  assert.is(gb, null);
  assert.is(a.grad, null);
  assert.throws(() => T.grad(T.sum(a), [a, b]), /input 1 is not used/);
});

test('a chain of 100,000 ops backpropagates without overflowing the stack', () => {
  const x = T.scalar(1, { requiresGrad: true, dtype: 'float64' });
  let y = x;
  for (let i = 0; i < 100000; i++) y = T.mul(y, 1.00001);
  y.backward();
  assert.ok(Math.abs(x.grad!.item() - Math.pow(1.00001, 100000)) < 1e-6);
});

test('leaves that require grad cannot change mode once used by an op', () => {
  const w = T.ones([2], { requiresGrad: true });
  const y = T.mul(w, 2);
  assert.throws(() => y.requireGrad(false), /only leaf tensors/);
});

test('createGraph gradients are differentiable; plain ones are constants', () => {
  const x = T.tensor([3], undefined, { requiresGrad: true, dtype: 'float64' });
  const [g] = T.grad(T.pow(x, 3), x, { createGraph: true });
  assert.ok(g!.requiresGrad);
  assert.is(g!.item(), 27);
  const [gg] = T.grad(g!, x);
  assert.is(gg!.item(), 18);
  const [plain] = T.grad(T.pow(x, 3), x);
  assert.is(plain!.requiresGrad, false);
});

test.run();
