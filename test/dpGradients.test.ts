import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, neg, reshape, sliceRows, softplus } from '../src/autograd/index.js';
import { LeakyReLU, Linear, LowRankLinear, Sequential, Tanh } from '../src/nn/index.js';
import type { Module } from '../src/nn/index.js';
import { dpGradients } from '../src/privacy/index.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { FC } from './helpers/gradcheck.js';
import { throwsWith } from './helpers/throwsWith.js';

/** A float64 D: in → widths… → 1, each layer full or low rank, LeakyReLU (or tanh) between. */
function buildNet(inF: number, widths: number[], ranks: (number | 'full')[], seed: number): Sequential {
  const rng = new Random(seed);
  const dims = [inF, ...widths, 1];
  const mods: Module[] = [];
  for (let k = 0; k + 1 < dims.length; k++) {
    const r = ranks[k]!;
    const a = dims[k]!, b = dims[k + 1]!;
    mods.push(r === 'full' || r >= Math.min(a, b) ? new Linear(a, b, { seed: rng, dtype: 'float64' }) : new LowRankLinear(a, b, r, { seed: rng, dtype: 'float64' }));
    if (k + 2 < dims.length) mods.push(k % 2 === 0 ? new LeakyReLU(0.2) : new Tanh());
  }
  return new Sequential(...mods);
}

/** Per-example BCE-with-logits loss for "real" labels: softplus(−logit), [batch]. */
const realLoss = (out: Tensor): Tensor => reshape(softplus(neg(out)), [out.shape[0]!]);

function randomRows(n: number, d: number, seed: number): Tensor {
  const r = new Random(seed);
  const t = Tensor.empty([n, d], 'float64');
  for (let i = 0; i < t.size; i++) t.data[i] = 2 * r.normal();
  return t;
}

/** The definition: backprop each example alone, clip its whole gradient to C, sum, divide. */
function naiveClippedMean(net: Sequential, x: Tensor, clip: number): { grads: Float64Array[]; norms: number[] } {
  const params = net.parameters();
  const sums = params.map((p) => new Float64Array(p.size));
  const norms: number[] = [];
  const batch = x.shape[0]!;
  for (let i = 0; i < batch; i++) {
    const gi = grad(realLoss(net.forward(sliceRows(x, i, i + 1))), params).map((g) => g!.data);
    let n2 = 0;
    for (const g of gi) for (const v of g) n2 += v * v;
    const norm = Math.sqrt(n2);
    norms.push(norm);
    const c = Math.min(1, clip / (norm + 1e-6));
    gi.forEach((g, k) => g.forEach((v, j) => (sums[k]![j] += (c * v) / batch)));
  }
  return { grads: sums, norms };
}

const netArb = fc.record({
  inF: fc.integer({ min: 1, max: 6 }),
  widths: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 3 }),
  rankSeeds: fc.array(fc.oneof(fc.constant<'full'>('full'), fc.integer({ min: 1, max: 3 })), { minLength: 4, maxLength: 4 }),
  batch: fc.integer({ min: 1, max: 6 }),
  clip: fc.double({ min: 0.01, max: 5, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

test('dpGradients (no noise) equals naive per-example backprop, clipping and averaging, in float64', () => {
  fc.assert(fc.property(netArb, ({ inF, widths, rankSeeds, batch, clip, seed }) => {
    const net = buildNet(inF, widths, rankSeeds, seed);
    const x = randomRows(batch, inF, seed + 1);
    const want = naiveClippedMean(net, x, clip);
    const got = dpGradients(net, x, realLoss, { clipNorm: clip, noiseMultiplier: 0, seed: 1 });
    want.norms.forEach((n, i) => assert.ok(Math.abs(got.perExampleNorms[i]! - n) <= 1e-10 * (1 + n), `norm ${i}: ${got.perExampleNorms[i]} vs ${n}`));
    got.grads.forEach((g, k) => g.data.forEach((v, j) => {
      const w = want.grads[k]![j]!;
      assert.ok(Math.abs(v - w) <= 1e-10 * (1 + Math.abs(w)), `param ${k}[${j}]: ${v} vs ${w}`);
    }));
    const clipped = want.norms.filter((n) => clip / (n + 1e-6) < 1).length / batch;
    assert.is(got.clippedFraction, clipped);
  }), FC);
});

test('dpGradients adds N(0, (σC)²) noise to the sum, seeded', () => {
  const net = buildNet(3, [16], [2, 'full'], 5);
  const x = randomRows(8, 3, 6);
  const opts = { clipNorm: 0.5, noiseMultiplier: 1.3, seed: 42, batchSizeForMean: 4 };
  const a = dpGradients(net, x, realLoss, opts);
  const b = dpGradients(net, x, realLoss, opts);
  const clean = dpGradients(net, x, realLoss, { ...opts, noiseMultiplier: 0 });
  a.grads.forEach((g, k) => assert.equal([...g.data], [...b.grads[k]!.data]));
  let s2 = 0;
  let n = 0;
  a.grads.forEach((g, k) => g.data.forEach((v, j) => {
    const e = (v - clean.grads[k]!.data[j]!) * 4; // undo the division by batchSizeForMean
    s2 += e * e;
    n++;
  }));
  const std = Math.sqrt(s2 / n);
  assert.ok(Math.abs(std - 0.65) < 0.1, `noise std ${std} (n = ${n}) vs σC = 0.65`);
  const other = dpGradients(net, x, realLoss, { ...opts, seed: 43 });
  assert.not.equal([...other.grads[0]!.data], [...a.grads[0]!.data]);
});

test('dpGradients rejects what it cannot do', () => {
  const x = randomRows(2, 3, 1);
  const sn = new Sequential(new Linear(3, 1, { seed: 1, spectralNorm: true, dtype: 'float64' }));
  throwsWith(() => dpGradients(sn, x, realLoss, { clipNorm: 1, noiseMultiplier: 1, seed: 1 }), /Linear\(3→1\) uses spectral normalization/);
  const net = buildNet(3, [4], ['full', 'full'], 1);
  throwsWith(() => dpGradients(net, x, realLoss, { clipNorm: 0, noiseMultiplier: 1, seed: 1 }), 'dpGradients: clipNorm must be a finite number > 0, got 0');
  throwsWith(() => dpGradients(net, x, (o) => o, { clipNorm: 1, noiseMultiplier: 1, seed: 1 }), 'dpGradients: perExampleLoss must return [2] losses, got [2,1]');
});

test.run();
