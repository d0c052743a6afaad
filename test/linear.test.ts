// Linear: forward against a manual x·Wᵀ + b, gradients by finite differences, PyTorch's init bounds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Random, Tensor, noGrad, randn, rand } from '../src/index.js';
import { Linear, LowRankLinear, Sequential, Tanh, calculateGain, kaimingUniform_, orthogonal_, xavierUniform_ } from '../src/nn/index.js';
import { FC, checkGradients, checkSecondOrder } from './helpers/gradcheck.js';

function manual(x: Tensor, w: Tensor, b: Tensor | null): number[] {
  const [out, inp] = w.shape as [number, number];
  const rows = x.size / inp;
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < out; o++) {
      let s = b ? b.data[o]! : 0;
      for (let i = 0; i < inp; i++) s += x.data[r * inp + i]! * w.data[o * inp + i]!;
      y.push(s);
    }
  }
  return y;
}

test('forward equals x·Wᵀ + b for batched and 1-D inputs, with and without bias', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.integer(), (inp, out, batch, bias, seed) => {
      const l = new Linear(inp, out, { seed, bias, dtype: 'float64' });
      const x = randn([2, batch, inp], seed ^ 1, { dtype: 'float64' });
      const y = noGrad(() => l.forward(x));
      assert.equal(y.shape, [2, batch, out]);
      const want = manual(x, l.weight, l.bias);
      y.data.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-12));
      const x1 = randn([inp], seed ^ 2, { dtype: 'float64' });
      assert.equal(l.forward(x1).shape, [out]);
    }),
    FC,
  );
});

test('gradients wrt x, weight and bias match finite differences (float64)', () => {
  const l = new Linear(4, 3, { seed: 5, dtype: 'float64' });
  const x = randn([5, 4], 6, { dtype: 'float64' }).requireGrad();
  checkGradients((xx) => l.forward(xx), [x]);
  // The layer's own tensors are inputs: checkGradients perturbs them in place.
  checkGradients((xx) => l.forward(xx), [x, l.weight, l.bias!]);
});

test('second order through an MLP with spectral norm (for gradient penalties)', () => {
  const net = new Sequential(
    new Linear(3, 4, { seed: 1, dtype: 'float64', spectralNorm: true }),
    new Tanh(),
    new LowRankLinear(4, 2, 2, { seed: 2, dtype: 'float64', spectralNorm: 'factors' }),
  ).eval();
  const x = randn([2, 3], 3, { dtype: 'float64' }).requireGrad();
  checkSecondOrder((xx) => net.forward(xx), [x, ...net.parameters()]);
});

test('init: weight and bias in U(−1/√in, 1/√in) and spread over it; var ≈ 1/(3·in)', () => {
  const inp = 50, out = 400;
  const l = new Linear(inp, out, { seed: 11 });
  const bound = 1 / Math.sqrt(inp);
  let max = 0, ss = 0;
  for (const v of l.weight.data) {
    max = Math.max(max, Math.abs(v));
    ss += v * v;
  }
  assert.ok(max <= bound, `max |w| ${max} > ${bound}`);
  assert.ok(max > 0.99 * bound, 'the draws reach near the bound');
  const varW = ss / l.weight.size;
  assert.ok(Math.abs(varW * 3 * inp - 1) < 0.03, `Var(w)·3·in = ${varW * 3 * inp}`);
  for (const v of l.bias!.data) assert.ok(Math.abs(v) <= bound);
  assert.is(l.numParameters(), inp * out + out);
});

test('init helpers: gains and bounds follow torch.nn.init', () => {
  assert.ok(Math.abs(calculateGain('leaky_relu', Math.sqrt(5)) - Math.sqrt(1 / 3)) < 1e-15);
  assert.is(calculateGain('relu'), Math.SQRT2);
  assert.is(calculateGain('tanh'), 5 / 3);
  const w = Tensor.empty([30, 20], 'float64');
  kaimingUniform_(w, 1, { nonlinearity: 'relu' });
  const kb = Math.sqrt(6 / 20);
  assert.ok(w.data.every((v) => Math.abs(v) <= kb));
  xavierUniform_(w, 2);
  const xb = Math.sqrt(6 / 50);
  assert.ok(w.data.every((v) => Math.abs(v) <= xb));
  for (const [r, c] of [[6, 4], [4, 6]] as const) {
    const q = orthogonal_(Tensor.empty([r, c], 'float64'), 3);
    // QᵀQ = I (tall) or QQᵀ = I (wide).
    const k = Math.min(r, c);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let s = 0;
        for (let t = 0; t < Math.max(r, c); t++) s += r >= c ? q.data[t * c + a]! * q.data[t * c + b]! : q.data[a * c + t]! * q.data[b * c + t]!;
        assert.ok(Math.abs(s - (a === b ? 1 : 0)) < 1e-12);
      }
    }
  }
  assert.throws(() => kaimingUniform_(Tensor.empty([3]), 0), /fanInAndFanOut: needs a tensor with at least 2 dims, got shape \[3\]/);
});

test('input shape errors name the layer, the counts and the shape', () => {
  const l = new Linear(3, 4, { seed: 0 });
  assert.throws(() => l.forward(rand([2, 5], 0)), (e: Error) => e.message === 'Linear(3→4): input has 5 features in its last dim, expected 3 (shape [2,5])');
  assert.throws(() => l.forward(new Tensor(new Float32Array(1), [])), /Linear\(3→4\): .*scalar/);
});

test('bad sizes and a missing seed are rejected', () => {
  assert.throws(() => new Linear(0, 4, { seed: 0 }), /Linear: inFeatures must be a positive integer, got 0/);
  assert.throws(() => new Linear(3, 2.5, { seed: 0 }), /Linear: outFeatures must be a positive integer, got 2.5/);
  assert.throws(() => new Linear(3, -1, { seed: 0 }), /outFeatures/);
  assert.throws(() => new Linear(3, 4, {} as { seed: number }), /Linear: options.seed is required/);
});

test('seeded determinism: same seed → same bytes; float32 and float64 agree up to rounding', () => {
  const bytes = (l: Linear): number[] => Array.from(new Uint8Array(l.weight.data.buffer)).concat(Array.from(new Uint8Array(l.bias!.data.buffer)));
  assert.equal(bytes(new Linear(7, 5, { seed: 3 })), bytes(new Linear(7, 5, { seed: 3 })));
  assert.not.equal(bytes(new Linear(7, 5, { seed: 3 })), bytes(new Linear(7, 5, { seed: 4 })));
  const r1 = new Random(9), r2 = new Random(9);
  assert.equal(bytes(new Linear(7, 5, { seed: r1 })), bytes(new Linear(7, 5, { seed: r2 })));
  const f64 = new Linear(7, 5, { seed: 3, dtype: 'float64' });
  assert.equal(Array.from(new Linear(7, 5, { seed: 3 }).weight.data), Array.from(Float32Array.from(f64.weight.data)));
});

test.run();
