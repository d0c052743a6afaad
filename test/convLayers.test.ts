// Conv2d, ConvTranspose2d, LowRankConv2d and the resampling layers: initialization, low-rank conversion by
// truncated SVD, spectral norm and the errors bad input gets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  AvgPool2d, ChannelsLastToNchw, Conv2d, ConvTranspose2d, Flatten, LowRankConv2d, NchwToChannelsLast, Tensor, Unflatten, Upsample,
  grad, mul, noGrad, randn, sum, svd,
} from '../src/index.js';
import { throwsWith } from './helpers/throwsWith.js';

test('Conv2d and ConvTranspose2d initialize as PyTorch: U(±1/√fanIn), fanIn read from the weight shape', () => {
  const conv = new Conv2d(4, 8, 3, { seed: 1 });
  const boundConv = 1 / Math.sqrt(4 * 9);
  for (const t of [conv.weight, conv.bias!]) for (const v of t.data) assert.ok(Math.abs(v) <= boundConv);
  let sq = 0;
  for (const v of conv.weight.data) sq += v * v;
  const variance = sq / conv.weight.size; // U(−b, b) has variance b²/3
  assert.ok(Math.abs(variance / (boundConv * boundConv / 3) - 1) < 0.2, `variance ${variance}`);
  const up = new ConvTranspose2d(8, 2, 4, { seed: 1 });
  const boundUp = 1 / Math.sqrt(2 * 16); // weight [in, out, k, k]: PyTorch's fan-in is out·k·k
  assert.equal(up.weight.shape, [8, 2, 4, 4]);
  for (const v of up.weight.data) assert.ok(Math.abs(v) <= boundUp);
  assert.ok(up.weight.data.some((v) => Math.abs(v) > 0.9 * boundUp));
});

test('state-dict keys are PyTorch\'s, with and without spectral norm', () => {
  assert.equal(Object.keys(new Conv2d(2, 3, 3, { seed: 0 }).stateDict()), ['weight', 'bias']);
  assert.equal(Object.keys(new Conv2d(2, 3, 3, { seed: 0, spectralNorm: true }).stateDict()), ['bias', 'weight_orig', 'weight_u', 'weight_v']);
  const sn = new ConvTranspose2d(2, 3, 3, { seed: 0, spectralNorm: true }).stateDict();
  assert.equal(sn['weight_u']!.shape, [3]);
  assert.equal(sn['weight_v']!.shape, [18]);
  assert.equal(Object.keys(new LowRankConv2d(2, 3, 3, 2, { seed: 0 }).stateDict()), ['u', 'v', 'bias']);
});

test('LowRankConv2d: parameters r·(in·k·k + out) + out; same seed, same bytes', () => {
  const a = new LowRankConv2d(4, 16, 3, 5, { seed: 3 });
  assert.is(a.numParameters(), 5 * (36 + 16) + 16);
  const b = new LowRankConv2d(4, 16, 3, 5, { seed: 3 });
  assert.equal(Array.from(a.v.data), Array.from(b.v.data));
  const x = randn([2, 4, 6, 6], 1);
  assert.equal(Array.from(a.forward(x).data), Array.from(b.forward(x).data));
});

test('fromConv at full rank reproduces the Conv2d; toConv expands back', () => {
  const conv = new Conv2d(2, 3, 3, { seed: 4, dtype: 'float64', stride: 2, padding: 1 });
  const low = LowRankConv2d.fromConv(conv, 3);
  const x = randn([2, 2, 5, 5], 5, { dtype: 'float64' });
  const want = noGrad(() => conv.forward(x));
  const got = noGrad(() => low.forward(x));
  for (let i = 0; i < want.size; i++) assert.ok(Math.abs(got.data[i]! - want.data[i]!) < 1e-12);
  const back = low.toConv();
  for (let i = 0; i < conv.weight.size; i++) assert.ok(Math.abs(back.weight.data[i]! - conv.weight.data[i]!) < 1e-12);
  assert.is(back.stride, 2);
  assert.is(back.padding, 1);
});

test('fromConv at rank r: ‖W − UV‖²_F = Σ dropped s² (Eckart–Young)', () => {
  const conv = new Conv2d(3, 6, 3, { seed: 6, dtype: 'float64' });
  const { s } = svd(Float64Array.from(conv.weight.data), 6, 27);
  for (const rank of [1, 2, 4]) {
    const w = LowRankConv2d.fromConv(conv, rank).toConv().weight.data;
    let err = 0;
    for (let i = 0; i < w.length; i++) err += (w[i]! - conv.weight.data[i]!) ** 2;
    let tail = 0;
    for (let i = rank; i < s.length; i++) tail += s[i]! ** 2;
    assert.ok(Math.abs(err - tail) < 1e-10 * (1 + tail), `rank ${rank}: ${err} vs ${tail}`);
  }
});

test('LowRankConv2d spectral norm: ‖UV‖₂ ≤ 1 with factors, = 1 with product, after power iterations', () => {
  for (const mode of ['factors', 'product'] as const) {
    const layer = new LowRankConv2d(3, 8, 3, 4, { seed: 7, dtype: 'float64', spectralNorm: mode });
    const x = randn([1, 3, 4, 4], 8, { dtype: 'float64' });
    for (let i = 0; i < 60; i++) layer.forward(x);
    const w = noGrad(() => layer.effectiveWeight());
    const top = svd(Float64Array.from(w.data), 8, 27).s[0]!;
    if (mode === 'product') assert.ok(Math.abs(top - 1) < 1e-6, `${mode}: ${top}`);
    else assert.ok(top <= 1 + 1e-6, `${mode}: ${top}`);
  }
  const conv = new Conv2d(3, 8, 3, { seed: 7, dtype: 'float64', spectralNorm: true });
  for (let i = 0; i < 60; i++) conv.forward(randn([1, 3, 4, 4], i, { dtype: 'float64' }));
  const top = svd(Float64Array.from(conv.effectiveWeight().data), 8, 27).s[0]!;
  assert.ok(Math.abs(top - 1) < 1e-4, `Conv2d: ${top}`);
});

test('gradients reach every factor of LowRankConv2d', () => {
  const layer = new LowRankConv2d(2, 3, 3, 2, { seed: 9, dtype: 'float64', padding: 1 });
  const x = randn([1, 2, 4, 4], 10, { dtype: 'float64' });
  const [gu, gv, gb] = grad(sum(mul(layer.forward(x), layer.forward(x))), [layer.u, layer.v, layer.bias!]);
  for (const g of [gu, gv, gb]) assert.ok(g!.data.some((v) => v !== 0));
  assert.equal(gv!.shape, [2, 2, 3, 3]);
});

test('layers refuse bad ranks and shapes with messages that name them', () => {
  throwsWith(() => new LowRankConv2d(2, 8, 1, 3, { seed: 0 }), 'LowRankConv2d(2→8, 1×1): rank must be an integer in 1..2 (min(out, in·k·k)), got 3');
  throwsWith(() => new LowRankConv2d(2, 4, 3, 5, { seed: 0 }), /rank must be an integer in 1\.\.4 \(min\(out, in·k·k\)\), got 5/);
  throwsWith(() => new Conv2d(3, 4, 3, { seed: 0 }).forward(randn([2, 4, 5, 5], 0)), 'Conv2d(3→4, 3×3): input must be [batch, 3, height, width], got shape [2,4,5,5]');
  throwsWith(() => new Conv2d(3, 4, 3, { seed: 0 }).forward(randn([3, 5, 5], 0)), /input must be \[batch, 3, height, width\], got shape \[3,5,5\]/);
  throwsWith(() => new Conv2d(3, 4, 0, { seed: 0 }), 'Conv2d: kernelSize must be a positive integer, got 0');
  throwsWith(() => new Conv2d(3, 4, 3, { seed: 0, stride: 0 }), 'Conv2d: stride must be an integer ≥ 1, got 0');
  throwsWith(() => new ConvTranspose2d(3, 4, 3, { seed: 0, stride: 2, outputPadding: 2 }), 'ConvTranspose2d: outputPadding must be below the stride 2, got 2');
  throwsWith(() => new LowRankConv2d(3, 4, 3, 2, { seed: 0 }).forward(randn([1, 3, 2, 2], 0)), /kernel 3×3 is larger than the padded input 2×2/);
  throwsWith(() => new Unflatten(2, 3, 3).forward(randn([4, 17], 0)), 'Unflatten: input must be [batch, 18] (2×3×3), got shape [4,17]');
  throwsWith(() => new Upsample(0), 'Upsample: scaleFactor must be a positive integer, got 0');
  throwsWith(() => new AvgPool2d(2, 2, 2), 'AvgPool2d: padding must be at most half the kernel size 2, got 2');
});

test('ChannelsLastToNchw puts channel c of pixel (y, x) at [n, c, y, x]; NchwToChannelsLast inverts it', () => {
  // Row values encode (y, x, c) as 100y + 10x + c for a 2×3 image of 3 channels.
  const rows = new Tensor(Float64Array.from({ length: 2 * 18 }, (_, i) => {
    const j = i % 18;
    return Math.floor(i / 18) * 1000 + Math.floor(j / 9) * 100 + Math.floor((j % 9) / 3) * 10 + (j % 3);
  }), [2, 18]);
  const nchw = new ChannelsLastToNchw(2, 3, 3).forward(rows);
  assert.equal(nchw.shape, [2, 3, 2, 3]);
  for (let n = 0; n < 2; n++) for (let c = 0; c < 3; c++) for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) {
    assert.is(nchw.data[((n * 3 + c) * 2 + y) * 3 + x], n * 1000 + y * 100 + x * 10 + c);
  }
  assert.equal(Array.from(new NchwToChannelsLast().forward(nchw).data), Array.from(rows.data));
  throwsWith(() => new ChannelsLastToNchw(2, 3, 3).forward(randn([2, 17], 0)), 'ChannelsLastToNchw: input must be [batch, 18] (2×3×3 images), got shape [2,17]');
});

test('Flatten and Unflatten are inverse reshapes', () => {
  const x = randn([2, 3, 4, 5], 1);
  const y = new Unflatten(3, 4, 5).forward(new Flatten().forward(x));
  assert.equal(y.shape, [2, 3, 4, 5]);
  assert.equal(Array.from(y.data), Array.from(x.data));
});

test.run();
