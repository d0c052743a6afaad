// Dropout: inverted scaling, eval/p = 0 identity, seeded masks that replay from a saved state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Random, grad, ones, randn, sum } from '../src/index.js';
import { Dropout, Sequential } from '../src/nn/index.js';

test('mean preserved: E[y] = x, survivors scaled by 1/(1 − p), drop rate ≈ p', () => {
  const p = 0.3;
  const d = new Dropout(p, { seed: 1 });
  const x = ones([200000]);
  const y = d.forward(x);
  let zeros = 0, total = 0;
  for (const v of y.data) {
    if (v === 0) zeros++;
    else assert.ok(Math.abs(v - 1 / (1 - p)) < 1e-6);
    total += v;
  }
  // Binomial standard errors: rate ≈ 0.001, mean ≈ 0.0015.
  assert.ok(Math.abs(zeros / x.size - p) < 0.005, `drop rate ${zeros / x.size}`);
  assert.ok(Math.abs(total / x.size - 1) < 0.008, `mean ${total / x.size}`);
});

test('gradient is the same mask: ∂y/∂x = mask', () => {
  const d = new Dropout(0.5, { seed: 2 });
  const x = randn([50], 3, { dtype: 'float64' }).requireGrad();
  const y = d.forward(x);
  const [g] = grad(sum(y), [x]);
  g!.data.forEach((v, i) => assert.ok(y.data[i] === 0 ? v === 0 : v === 2));
});

test('identity in eval mode and when p = 0 (the same tensor)', () => {
  const x = randn([4, 5], 0);
  assert.is(new Dropout(0, { seed: 0 }).forward(x), x);
  const d = new Dropout(0.9, { seed: 0 });
  assert.is(d.eval().forward(x), x);
  assert.is(new Sequential(new Dropout(0.5, { seed: 0 })).eval().forward(x), x);
});

test('seeded determinism and checkpoint resume via getState/setState', () => {
  const x = ones([64]);
  const a = new Dropout(0.5, { seed: 7 });
  const b = new Dropout(0.5, { seed: 7 });
  assert.equal(Array.from(a.forward(x).data), Array.from(b.forward(x).data));
  assert.not.equal(Array.from(new Dropout(0.5, { seed: 8 }).forward(x).data), Array.from(new Dropout(0.5, { seed: 7 }).forward(x).data));
  const state = a.getState();
  const next = Array.from(a.forward(x).data);
  const c = new Dropout(0.5, { seed: 123 });
  c.setState(state);
  assert.equal(Array.from(c.forward(x).data), next);
  // A Random is forked: the layer owns its stream and the caller's generator moves on.
  const r1 = new Random(5), r2 = new Random(5);
  assert.equal(Array.from(new Dropout(0.5, { seed: r1 }).forward(x).data), Array.from(new Dropout(0.5, { seed: r2 }).forward(x).data));
  assert.is(r1.nextUint32(), r2.nextUint32());
});

test('p outside [0, 1) and a missing seed are errors', () => {
  for (const p of [-0.1, 1, 1.5, NaN]) assert.throws(() => new Dropout(p, { seed: 0 }), /Dropout: p must be in \[0, 1\), got/);
  assert.throws(() => new Dropout(0.5, {} as { seed: number }), /Dropout: options.seed is required/);
});

test.run();
