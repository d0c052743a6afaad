// Spectral normalization: power iteration converges to the top singular value (checked with svd),
// eval mode freezes u and v, gradients treat u and v as constants (as PyTorch).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, add, div, grad, matmul, mul, noGrad, randn, sum } from '../src/index.js';
import { Linear, LowRankLinear } from '../src/nn/index.js';
import { svd } from '../src/linalg/svd.js';
import { checkGradients } from './helpers/gradcheck.js';

const topSingular = (w: Tensor): number => svd(Float64Array.from(w.data), w.shape[0]!, w.shape[1]!).s[0]!;
function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

test('training forwards drive σ to the top singular value: ‖W/σ‖₂ ≈ 1', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    const l = new Linear(12, 9, { seed: 4, dtype, spectralNorm: true });
    const x = randn([2, 12], 1, { dtype });
    const s1 = topSingular(l.weight);
    assert.ok(Math.abs(topSingular(noGrad(() => l.effectiveWeight())) - 1) > 1e-2, 'the random start is not converged');
    for (let k = 0; k < 100; k++) noGrad(() => l.forward(x));
    const sigma = l.spectralNorm!.sigma(l.weight).item();
    const tol = dtype === 'float64' ? 1e-9 : 1e-5;
    assert.ok(Math.abs(sigma - s1) < tol * s1, `${dtype}: σ ${sigma} vs s₁ ${s1}`);
    assert.ok(Math.abs(topSingular(noGrad(() => l.effectiveWeight())) - 1) < tol);
    assert.ok(Math.abs(norm(l.spectralNorm!.u.data) - 1) < 1e-6 && Math.abs(norm(l.spectralNorm!.v.data) - 1) < 1e-6);
  }
});

test('u, v start as normalized normals; eval mode does not change them', () => {
  const l = new Linear(5, 7, { seed: 2, spectralNorm: true, dtype: 'float64' });
  const { u, v } = l.spectralNorm!;
  assert.equal(u.shape, [7]);
  assert.equal(v.shape, [5]);
  assert.ok(Math.abs(norm(u.data) - 1) < 1e-12 && Math.abs(norm(v.data) - 1) < 1e-12);
  const u0 = Array.from(u.data), v0 = Array.from(v.data);
  l.eval();
  const x = randn([3, 5], 0, { dtype: 'float64' });
  const y1 = l.forward(x).data.slice();
  const y2 = l.forward(x).data;
  assert.equal(Array.from(u.data), u0);
  assert.equal(Array.from(v.data), v0);
  assert.equal(Array.from(y2), Array.from(y1));
  l.train();
  l.forward(x);
  assert.not.equal(Array.from(u.data), u0);
});

test('gradient through W/σ with u, v constant matches finite differences and ∂σ/∂W = u·vᵀ', () => {
  const l = new Linear(4, 3, { seed: 8, dtype: 'float64', spectralNorm: true });
  const x = randn([5, 4], 2, { dtype: 'float64' }).requireGrad();
  for (let k = 0; k < 3; k++) noGrad(() => l.forward(x)); // a few steps: u, v are not the exact singular vectors
  l.eval(); // finite differences must not move u, v
  checkGradients((xx) => l.forward(xx), [x, l.weight, l.bias!]);
  const sn = l.spectralNorm!;
  const [g] = grad(sn.sigma(l.weight), [l.weight]);
  g!.data.forEach((val, k) => {
    const i = Math.floor(k / 4), j = k % 4;
    assert.ok(Math.abs(val - sn.u.data[i]! * sn.v.data[j]!) < 1e-14);
  });
});

test('two training forwards then one backward: each graph keeps the u, v of its own step', () => {
  const make = (): Linear => new Linear(4, 3, { seed: 1, dtype: 'float64', spectralNorm: true });
  const xa = randn([2, 4], 3, { dtype: 'float64' });
  const xb = randn([2, 4], 4, { dtype: 'float64' });
  const w = randn([2, 3], 5, { dtype: 'float64' });
  // Reference: the same two steps, each loss differentiated before the next step.
  const ref = make();
  const ga = grad(sum(mul(ref.forward(xa), w)), [ref.weight])[0]!;
  const gb = grad(sum(mul(ref.forward(xb), w)), [ref.weight])[0]!;
  // A discriminator on real then fake data, one backward of the sum: the second step must not
  // change the constants the first graph uses.
  const l = make();
  const loss = add(sum(mul(l.forward(xa), w)), sum(mul(l.forward(xb), w)));
  const g = grad(loss, [l.weight])[0]!;
  g.data.forEach((v, i) => assert.ok(Math.abs(v - (ga.data[i]! + gb.data[i]!)) < 1e-12));
  assert.equal(Array.from(l.spectralNorm!.u.data), Array.from(ref.spectralNorm!.u.data));
});

test('low rank, factors: U/σ(U) and V/σ(V) reach spectral norm 1, so ‖UV‖₂ ≤ 1; keys as PyTorch', () => {
  const l = new LowRankLinear(10, 8, 3, { seed: 6, dtype: 'float64', spectralNorm: 'factors' });
  assert.equal(Object.keys(l.stateDict()), ['bias', 'u_orig', 'v_orig', 'u_u', 'u_v', 'v_u', 'v_v']);
  assert.equal(new LowRankLinear(10, 8, 3, { seed: 6, spectralNorm: true }).spectralNorm, 'factors');
  const x = randn([2, 10], 0, { dtype: 'float64' });
  for (let k = 0; k < 100; k++) noGrad(() => l.forward(x));
  const sn = l.stateDict();
  const su = noGrad(() => div(l.u, dot(sn['u_u']!, l.u, sn['u_v']!)));
  const sv = noGrad(() => div(l.v, dot(sn['v_u']!, l.v, sn['v_v']!)));
  assert.ok(Math.abs(topSingular(su) - 1) < 1e-9, `σ(U/σ_U) = ${topSingular(su)}`);
  assert.ok(Math.abs(topSingular(sv) - 1) < 1e-9);
  const s = topSingular(noGrad(() => l.effectiveWeight()));
  assert.ok(s <= 1 + 1e-9, `‖UV‖₂ = ${s}`);
  l.eval();
  checkGradients((xx) => l.forward(xx), [x.clone().requireGrad(), l.u, l.v, l.bias!]);
});

test('low rank, product: σ(UV) by power iteration through the factors, ‖UV/σ‖₂ → 1', () => {
  const l = new LowRankLinear(9, 7, 3, { seed: 2, dtype: 'float64', spectralNorm: 'product' });
  assert.equal(Object.keys(l.stateDict()), ['u', 'v', 'bias', 'weight_u', 'weight_v']);
  const x = randn([2, 9], 0, { dtype: 'float64' });
  for (let k = 0; k < 100; k++) noGrad(() => l.forward(x));
  assert.ok(Math.abs(topSingular(noGrad(() => l.effectiveWeight())) - 1) < 1e-9);
  l.eval();
  checkGradients((xx) => l.forward(xx), [x.clone().requireGrad(), l.u, l.v, l.bias!]);
});

test('fromLinear with spectral norm starts from the exact singular vectors', () => {
  const lin = new Linear(8, 6, { seed: 3, dtype: 'float64' });
  for (const mode of ['factors', 'product'] as const) {
    const low = LowRankLinear.fromLinear(lin, 6, { spectralNorm: mode }).eval();
    const s = topSingular(noGrad(() => low.effectiveWeight()));
    assert.ok(Math.abs(s - 1) < 1e-12, `${mode}: ${s}`);
  }
});

/** σ = uᵀ·A·v. */
function dot(u: Tensor, a: Tensor, v: Tensor): Tensor {
  return sum(mul(u, matmul(a, v)));
}

test.run();
