// LowRankLinear: the factored forward, gradients, init variance, SVD conversion (Eckart–Young).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Tensor, noGrad, randn } from '../src/index.js';
import { Linear, LowRankLinear, factorPenalty } from '../src/nn/index.js';
import { svd } from '../src/linalg/svd.js';
import { FC, checkGradients } from './helpers/gradcheck.js';

/** Row-major product A [m,k] · B [k,n]. */
function matmulRaw(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * n + j]!;
    c[i * n + j] = s;
  }
  return c;
}

function singularValues(w: Tensor): Float64Array {
  return svd(Float64Array.from(w.data), w.shape[0]!, w.shape[1]!).s;
}

function sumOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

test('forward equals x·(UV)ᵀ + b (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), fc.integer(), (inp, out, r, bias, seed) => {
      const rank = Math.min(r, inp, out);
      const l = new LowRankLinear(inp, out, rank, { seed, bias, dtype: 'float64' });
      const x = randn([3, inp], seed ^ 5, { dtype: 'float64' });
      const w = matmulRaw(l.u.data, l.v.data, out, rank, inp);
      const y = noGrad(() => l.forward(x));
      assert.equal(y.shape, [3, out]);
      for (let b = 0; b < 3; b++) for (let o = 0; o < out; o++) {
        let s = l.bias ? l.bias.data[o]! : 0;
        for (let i = 0; i < inp; i++) s += x.data[b * inp + i]! * w[o * inp + i]!;
        assert.ok(Math.abs(y.data[b * out + o]! - s) < 1e-12);
      }
      const ew = noGrad(() => l.effectiveWeight()).data;
      ew.forEach((v, i) => assert.ok(Math.abs(v - w[i]!) < 1e-12));
    }),
    FC,
  );
});

test('gradients wrt x, u, v, bias match finite differences (float64)', () => {
  const l = new LowRankLinear(5, 4, 2, { seed: 3, dtype: 'float64' });
  const x = randn([3, 5], 4, { dtype: 'float64' }).requireGrad();
  checkGradients((xx) => l.forward(xx), [x, l.u, l.v, l.bias!]);
  checkGradients(() => l.effectiveWeight(), [l.u, l.v]);
});

test('rank errors name the rank and the bound; sizes and keys', () => {
  assert.throws(() => new LowRankLinear(8, 4, 0, { seed: 0 }), (e: Error) => e.message === 'LowRankLinear(8→4): rank must be an integer in 1..4 (min(in, out)), got 0');
  assert.throws(() => new LowRankLinear(8, 4, 5, { seed: 0 }), /rank must be an integer in 1\.\.4 \(min\(in, out\)\), got 5/);
  assert.throws(() => new LowRankLinear(8, 4, 1.5, { seed: 0 }), /got 1\.5/);
  assert.throws(() => new LowRankLinear(8, 0, 1, { seed: 0 }), /outFeatures must be a positive integer, got 0/);
  assert.throws(() => new LowRankLinear(8, 4, 2, { seed: 0 }).forward(randn([2, 3], 0)), /LowRankLinear\(8→4, rank 2\): input has 3 features in its last dim, expected 8 \(shape \[2,3\]\)/);
  const l = new LowRankLinear(100, 30, 4, { seed: 0 });
  assert.is(l.numParameters(), 4 * (100 + 30) + 30);
  assert.equal(l.namedParameters().map(([k, t]) => `${k}${JSON.stringify(t.shape)}`), ['u[30,4]', 'v[4,100]', 'bias[30]']);
  assert.is(new LowRankLinear(100, 30, 4, { seed: 0, bias: false }).numParameters(), 4 * 130);
});

test('init: factor bound √3·s with rank·s⁴ = 1/(3·in); output E[y²] matches Linear within sampling error', () => {
  const inp = 64, out = 64, rank = 4, batch = 32, seeds = 200;
  const s = LowRankLinear.initStd(inp, rank);
  assert.ok(Math.abs(rank * s ** 4 * 3 * inp - 1) < 1e-12);
  const probe = new LowRankLinear(inp, out, rank, { seed: 1 });
  for (const t of [probe.u, probe.v]) assert.ok(t.data.every((v) => Math.abs(v) <= Math.sqrt(3) * s * (1 + 1e-7)));

  const x = randn([batch, inp], 1, { dtype: 'float64' });
  let xx = 0;
  for (const v of x.data) xx += v * v;
  const theory = xx / batch / (3 * inp); // E[y²] = ‖x‖²·Var(W_ij) per output, bias off
  const meanSquare = (make: (seed: number) => Linear | LowRankLinear): number => {
    let total = 0;
    for (let k = 0; k < seeds; k++) {
      const y = noGrad(() => make(1000 + k).forward(x));
      for (const v of y.data) total += v * v;
    }
    return total / (seeds * batch * out);
  };
  const lin = meanSquare((seed) => new Linear(inp, out, { seed, bias: false, dtype: 'float64' }));
  const low = meanSquare((seed) => new LowRankLinear(inp, out, rank, { seed, bias: false, dtype: 'float64' }));
  // Measured (seed 1000..1199): Linear 1.003·theory, rank 4: 0.998·theory (standard error ≈ 1.1%).
  assert.ok(Math.abs(lin / theory - 1) < 0.02, `Linear E[y²]/theory = ${lin / theory}`);
  assert.ok(Math.abs(low / theory - 1) < 0.06, `LowRankLinear E[y²]/theory = ${low / theory}`);
  assert.ok(Math.abs(low / lin - 1) < 0.06, `LowRankLinear/Linear = ${low / lin}`);
});

test('fromLinear at full rank reproduces the Linear; toLinear expands back', () => {
  const lin = new Linear(6, 4, { seed: 2 });
  const low = LowRankLinear.fromLinear(lin, 4);
  assert.is(low.u.dtype, 'float32');
  const x = randn([5, 6], 3);
  const a = noGrad(() => lin.forward(x)).data;
  const b = noGrad(() => low.forward(x)).data;
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-5, `${v} vs ${b[i]}`));
  const back = low.toLinear();
  back.weight.data.forEach((v, i) => assert.ok(Math.abs(v - lin.weight.data[i]!) < 1e-5));
  assert.equal(Array.from(back.bias!.data), Array.from(lin.bias!.data));
  assert.ok(back instanceof Linear && back.spectralNorm === null);
});

test('fromLinear at rank r: ‖W − UV‖²_F = Σ dropped s² (Eckart–Young); balanced factors', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer(), (inp, out, r, seed) => {
      const lin = new Linear(inp, out, { seed, dtype: 'float64' });
      const rank = Math.min(r, inp, out);
      const low = LowRankLinear.fromLinear(lin, rank);
      const s = singularValues(lin.weight);
      const uv = noGrad(() => low.effectiveWeight()).data;
      let err = 0;
      uv.forEach((v, i) => (err += (v - lin.weight.data[i]!) ** 2));
      let dropped = 0;
      for (let k = rank; k < s.length; k++) dropped += s[k]! ** 2;
      assert.ok(Math.abs(err - dropped) < 1e-10, `error² ${err} vs dropped ${dropped}`);
      // Balanced: UᵀU = VVᵀ = diag(s_r).
      for (let a = 0; a < rank; a++) for (let b = 0; b < rank; b++) {
        let gu = 0, gv = 0;
        for (let i = 0; i < out; i++) gu += low.u.data[i * rank + a]! * low.u.data[i * rank + b]!;
        for (let j = 0; j < inp; j++) gv += low.v.data[a * inp + j]! * low.v.data[b * inp + j]!;
        const want = a === b ? s[a]! : 0;
        assert.ok(Math.abs(gu - want) < 1e-10 && Math.abs(gv - want) < 1e-10);
      }
    }),
    FC,
  );
});

test('factorPenalty ≥ ‖UV‖_*, with equality for fromLinear’s balanced split', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (inp, out, r, seed) => {
      const rank = Math.min(r, inp, out);
      const l = new LowRankLinear(inp, out, rank, { seed, dtype: 'float64' });
      const nuclear = sumOf(singularValues(noGrad(() => l.effectiveWeight())));
      const pen = factorPenalty(l).item();
      assert.ok(pen >= nuclear - 1e-12, `penalty ${pen} < nuclear norm ${nuclear}`);
      const balanced = LowRankLinear.fromLinear(l.toLinear(), rank);
      assert.ok(Math.abs(factorPenalty(balanced).item() - nuclear) < 1e-10);
    }),
    FC,
  );
});

test.run();
