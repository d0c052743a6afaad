// Properties of the tensor kernels themselves, against naive reference loops.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as T from '../src/index.js';
import { Tensor, stridesOf, shapeSize } from '../src/tensor/tensor.js';
import { FC, shapeArb, broadcastPairArb } from './helpers/gradcheck.js';

const f64 = (shape: readonly number[], seed: number): Tensor => T.randn(shape, seed, { dtype: 'float64' });

/** Multi-index of flat position i in a row-major shape. */
function unravel(i: number, shape: readonly number[]): number[] {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}
function at(t: Tensor, idx: readonly number[]): number {
  const s = stridesOf(t.shape);
  let o = 0;
  for (let d = 0; d < idx.length; d++) o += idx[d]! * s[d]!;
  return t.data[o]!;
}

test('broadcast result shape follows the rule: max of aligned dims, 1 stretches', () => {
  fc.assert(fc.property(broadcastPairArb(4, 4), ([a, b]) => {
    const out = T.broadcastShapes(a, b);
    const n = Math.max(a.length, b.length);
    assert.is(out.length, n);
    for (let i = 1; i <= n; i++) {
      const da = a[a.length - i] ?? 1, db = b[b.length - i] ?? 1;
      assert.is(out[n - i], Math.max(da, db));
    }
  }), FC);
});

test('broadcast binary ops agree with a naive indexed loop', () => {
  fc.assert(fc.property(broadcastPairArb(4, 4), fc.integer(), ([sa, sb], seed) => {
    const a = f64(sa, seed), b = f64(sb, seed + 1);
    const out = T.noGrad(() => T.sub(T.mul(a, b), b));
    const shape = T.broadcastShapes(sa, sb);
    for (let i = 0; i < shapeSize(shape); i++) {
      const idx = unravel(i, shape);
      const ia = idx.slice(idx.length - sa.length).map((v, d) => (sa[d] === 1 ? 0 : v));
      const ib = idx.slice(idx.length - sb.length).map((v, d) => (sb[d] === 1 ? 0 : v));
      const x = at(a, ia), y = at(b, ib);
      assert.ok(Math.abs(out.data[i]! - (x * y - y)) < 1e-12);
    }
  }), FC);
});

test('sum, max, min over any dims agree with a naive loop', () => {
  fc.assert(fc.property(shapeArb(4, 4).filter((s) => s.length > 0), fc.integer(), fc.boolean(), (shape, seed, keep) => {
    const x = f64(shape, seed);
    const dims = shape.map((_, i) => i).filter((i) => (seed >> i) & 1);
    if (dims.length === 0) dims.push(0);
    const s = T.sum(x, dims, keep), mx = T.max(x, dims, keep), mn = T.min(x, dims, keep);
    const outShape = shape.map((d, i) => (dims.includes(i) ? 1 : d));
    const ref = { sum: new Float64Array(shapeSize(outShape)), max: new Float64Array(shapeSize(outShape)).fill(-Infinity), min: new Float64Array(shapeSize(outShape)).fill(Infinity) };
    const os = stridesOf(outShape);
    for (let i = 0; i < x.size; i++) {
      const idx = unravel(i, shape);
      let o = 0;
      idx.forEach((v, d) => (o += (dims.includes(d) ? 0 : v) * os[d]!));
      const v = x.data[i]!;
      ref.sum[o] += v;
      ref.max[o] = Math.max(ref.max[o]!, v);
      ref.min[o] = Math.min(ref.min[o]!, v);
    }
    assert.equal(s.shape, keep ? outShape : shape.filter((_, i) => !dims.includes(i)));
    for (let i = 0; i < ref.sum.length; i++) {
      assert.ok(Math.abs(s.data[i]! - ref.sum[i]!) < 1e-10);
      assert.is(mx.data[i], ref.max[i]);
      assert.is(mn.data[i], ref.min[i]);
    }
  }), FC);
});

test('mean and var agree with the textbook formulas', () => {
  const x = T.tensor([[1, 2, 3, 4], [2, 2, 2, 2]], undefined, { dtype: 'float64' });
  assert.equal(Array.from(T.mean(x, 1).data), [2.5, 2]);
  assert.ok(Math.abs(T.variance(x, 1).data[0]! - 5 / 3) < 1e-15 && T.variance(x, 1).data[1] === 0);
  assert.equal(Array.from(T.variance(x, 1, { correction: 0 }).data), [1.25, 0]);
  assert.ok(Number.isNaN(T.max(T.tensor([1, NaN, 3])).item()), 'max propagates NaN as torch.max');
});

test('matmul (all transposed forms, batched, broadcast) agrees with a naive triple loop', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 3 }), (m, n, k, ta, tb, batch) => {
    const a = f64([batch, ...(ta ? [k, m] : [m, k])], m * 7 + k);
    const b = f64(tb ? [n, k] : [k, n], n * 13 + k);
    const c = T.matmul(a, b, { transA: ta, transB: tb });
    assert.equal(c.shape, [batch, m, n]);
    for (let t = 0; t < batch; t++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(a, ta ? [t, p, i] : [t, i, p]) * at(b, tb ? [j, p] : [p, j]);
      assert.ok(Math.abs(at(c, [t, i, j]) - s) < 1e-10);
    }
  }), FC);
});

test('reshape and permute round trips restore the tensor', () => {
  fc.assert(fc.property(shapeArb(4, 4).filter((s) => s.length >= 1), fc.integer(), (shape, seed) => {
    const x = f64(shape, seed);
    const perm = shape.map((_, i) => i).sort((p, q) => ((seed * (p + 3)) % 7) - ((seed * (q + 3)) % 7));
    const inverse = perm.map((_, i) => perm.indexOf(i));
    const back = T.permute(T.permute(x, perm), inverse);
    assert.equal(back.shape, x.shape);
    assert.equal(Array.from(back.data), Array.from(x.data));
    const flat = T.reshape(T.reshape(x, [-1]), shape);
    assert.equal(Array.from(flat.data), Array.from(x.data));
    if (shape.length >= 2) {
      const tt = T.transpose(T.transpose(x, 0, -1), 0, -1);
      assert.equal(Array.from(tt.data), Array.from(x.data));
      const t1 = T.transpose(x, 0, -1);
      const idx = shape.map(() => 0);
      idx[0] = shape[0]! - 1;
      const swapped = idx.slice();
      [swapped[0], swapped[swapped.length - 1]] = [swapped[swapped.length - 1]!, swapped[0]!];
      assert.is(at(t1, swapped), at(x, idx));
    }
  }), FC);
});

test('concat, narrow, indexSelect, pad agree with hand-computed results', () => {
  const a = T.tensor([[1, 2], [3, 4]]);
  const b = T.tensor([[5, 6]]);
  assert.equal(T.concat([a, b], 0).toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.equal(T.concat([a, a], 1).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
  assert.equal(T.stack([a, a], 0).shape, [2, 2, 2]);
  assert.equal(T.narrow(a, 1, 1, 1).toArray(), [[2], [4]]);
  assert.equal(T.takeRows(a, Int32Array.from([1, 1, 0])).toArray(), [[3, 4], [3, 4], [1, 2]]);
  assert.equal(T.pad(a, [1, 0]).toArray(), [[0, 1, 2], [0, 3, 4]]);
  assert.equal(T.pad(a, [0, 0, 1, 1], 9).toArray(), [[9, 9], [1, 2], [3, 4], [9, 9]]);
  assert.equal(T.pad(a, [-1, 0]).toArray(), [[2], [4]]);
  assert.equal(T.expand(T.tensor([[1], [2]]), [2, 3]).toArray(), [[1, 1, 1], [2, 2, 2]]);
});

test('creation helpers: arange, linspace, eye, full, nested arrays', () => {
  assert.equal(Array.from(T.arange(5).data), [0, 1, 2, 3, 4]);
  assert.equal(Array.from(T.arange(1, 2, 0.25).data), [1, 1.25, 1.5, 1.75]);
  assert.equal(Array.from(T.linspace(0, 1, 5).data), [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(T.eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.equal(T.full([2], 7).toArray(), [7, 7]);
  assert.equal(T.tensor([[1, 2, 3]]).shape, [1, 3]);
  assert.equal(T.scalar(3).shape, []);
  assert.is(T.scalar(3).item(), 3);
  assert.is(T.tensor([1], undefined, { dtype: 'float64' }).dtype, 'float64');
});

test('float32 and float64 mix promotes to float64, as PyTorch', () => {
  const a = T.ones([2]);
  const b = T.ones([2], { dtype: 'float64' });
  assert.is(T.add(a, b).dtype, 'float64');
  assert.is(T.matmul(T.ones([2, 2]), T.ones([2, 2], { dtype: 'float64' })).dtype, 'float64');
  assert.is(T.add(a, 1.5).dtype, 'float32');
});

test('elementwise functions match Math on tricky values', () => {
  const x = T.tensor([-1000, -20, -1, 0, 1, 20, 1000], undefined, { dtype: 'float64' });
  const sig = T.sigmoid(x).data;
  assert.is(sig[0], 0);
  assert.is(sig[6], 1);
  assert.is(sig[3], 0.5);
  const sp = T.softplus(x).data;
  assert.is(sp[6], 1000, 'softplus is linear past the threshold');
  assert.ok(Math.abs(sp[3]! - Math.log(2)) < 1e-15);
  assert.ok(sp[0]! >= 0 && sp[0]! < 1e-300 + 1e-400);
  assert.equal(Array.from(T.leakyRelu(x, 0.1).data).slice(2, 5), [-0.1, 0, 1]);
  assert.equal(Array.from(T.clamp(x, -1, 1).data), [-1, -1, -1, 0, 1, 1, 1]);
});

test('float32 leakyRelu and its fused backward equal the masked formulas, including ±0, NaN, ±∞ and denormals', () => {
  const special = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 1, -1];
  // 1e-30 takes the table path (s − 1 rounds in float64); the others the arithmetic one.
  for (const slopeArg of [0.2, 0.01, 1e-30, 3, -0.5]) {
    const x = T.tensor([...special, ...Array.from(T.randn([200], 4).data)]);
    x.requiresGrad = true;
    const y = T.leakyRelu(x, slopeArg);
    const g = T.randn([x.size], 5);
    const [fused] = T.grad(y, x, { gradOutputs: [g] });
    const slope = Math.fround(slopeArg);
    for (let i = 0; i < x.size; i++) {
      const v = x.data[i]!;
      const expectY = Math.fround(v > 0 ? v : v * slope);
      const expectG = Math.fround(g.data[i]! * (v > 0 ? 1 : slope));
      assert.ok(Object.is(y.data[i], expectY), `slope ${slopeArg}, y at ${v}: ${y.data[i]} vs ${expectY}`);
      assert.ok(Object.is(fused!.data[i], expectG), `slope ${slopeArg}, grad at ${v}: ${fused!.data[i]} vs ${expectG}`);
    }
  }
});

test.run();
