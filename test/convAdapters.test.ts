// Adapters on pretrained convolutions (Conv2d, LowRankConv2d, ConvTranspose2d): step 0 is the source,
// gradients match finite differences (first and second order, float64), only the adapter trains, and a
// convolutional GAN adapts in every mode.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { noGrad, randn, square } from '../src/index.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { Conv2d, ConvTranspose2d, FrozenConv, LoraConv, LowRankConv2d, ScaleShiftConv, SigmaConv } from '../src/nn/index.js';
import type { PretrainedConv } from '../src/nn/index.js';
import type { Module } from '../src/nn/module.js';
import { Random } from '../src/tensor/random.js';
import { adaptGan } from '../src/gan/adapt.js';
import type { AdaptMode } from '../src/gan/adapt.js';
import { buildConvDiscriminator, buildConvGenerator } from '../src/gan/convModel.js';
import { FC, checkGradients, checkSecondOrder } from './helpers/gradcheck.js';
import { throwsWith } from './helpers/throwsWith.js';

type Kind = 'conv' | 'low' | 'transpose';
interface Geometry { kind: Kind; inC: number; outC: number; k: number; stride: number; padding: number; bias: boolean; seed: number }

const geometry = fc.record({
  kind: fc.constantFrom<Kind>('conv', 'low', 'transpose'),
  inC: fc.integer({ min: 1, max: 3 }), outC: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }),
  stride: fc.integer({ min: 1, max: 2 }), padding: fc.integer({ min: 0, max: 1 }), bias: fc.boolean(), seed: fc.integer(),
}).filter((g) => g.padding < g.k);

function source(g: Geometry): PretrainedConv {
  const opts = { seed: g.seed, stride: g.stride, padding: g.padding, bias: g.bias, dtype: 'float64' as const };
  if (g.kind === 'conv') return new Conv2d(g.inC, g.outC, g.k, opts);
  if (g.kind === 'transpose') return new ConvTranspose2d(g.inC, g.outC, g.k, opts);
  return new LowRankConv2d(g.inC, g.outC, g.k, Math.min(2, g.outC, g.inC * g.k * g.k), opts);
}

const adapters: [string, (s: PretrainedConv, seed: number) => Module][] = [
  ['LoraConv', (s, seed) => new LoraConv(s, { rank: 1, seed, alpha: 3 })],
  ['SigmaConv', (s) => new SigmaConv(s)],
  ['ScaleShiftConv', (s) => new ScaleShiftConv(s)],
  ['FrozenConv', (s) => new FrozenConv(s)],
];

function maxDiff(a: Tensor, b: Tensor): number {
  let m = 0;
  for (let i = 0; i < a.size; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}

test('step 0 of every conv adapter equals the source (property over kinds, sizes, strides, paddings)', () => {
  fc.assert(fc.property(geometry, (g) => {
    const s = source(g);
    const x = randn([2, g.inC, 4, 5], g.seed ^ 5, { dtype: 'float64' });
    const want = noGrad(() => s.forward(x));
    for (const [name, make] of adapters) {
      const y = noGrad(() => make(s, g.seed).forward(x));
      assert.equal(y.shape, want.shape, name);
      assert.ok(maxDiff(y, want) < 1e-10, `${name} on ${g.kind}: ${maxDiff(y, want)}`);
    }
  }), FC);
});

test('conv adapters: gradients wrt input and trainable tensors match finite differences, first and second order', () => {
  fc.assert(fc.property(geometry, (g) => {
    const s = source(g);
    for (const [, make] of adapters.slice(0, 3)) {
      const a = make(s, g.seed);
      // Move off the source point, where LoRA's B = 0 would hide A's gradient.
      const rng = new Random(g.seed);
      for (const p of a.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.5 * rng.normal();
      const x = randn([1, g.inC, 3, 4], g.seed ^ 3, { dtype: 'float64' }).requireGrad();
      checkGradients((xx) => a.forward(xx), [x, ...a.parameters()]);
      checkSecondOrder((xx) => square(a.forward(xx)), [x]);
    }
  }), { ...FC, numRuns: 12 });
});

test('LoRA on a conv computes the conv with kernel W + (α/r)·B·A; scale-shift scales and shifts each channel', () => {
  const conv = new Conv2d(2, 3, 3, { seed: 4, padding: 1, dtype: 'float64' });
  const lora = new LoraConv(conv, { rank: 2, seed: 5, alpha: 3 });
  const rng = new Random(6);
  for (let i = 0; i < lora.loraB.size; i++) lora.loraB.data[i] = rng.normal();
  const want = new Conv2d(2, 3, 3, { seed: 4, padding: 1, dtype: 'float64' });
  const [a, b] = [lora.loraA.data, lora.loraB.data];
  for (let o = 0; o < 3; o++) {
    for (let c = 0; c < 18; c++) {
      let d = 0;
      for (let r = 0; r < 2; r++) d += b[o * 2 + r]! * a[r * 18 + c]!;
      want.weight.data[o * 18 + c] = want.weight.data[o * 18 + c]! + 1.5 * d;
    }
  }
  const x = randn([2, 2, 4, 4], 7, { dtype: 'float64' });
  assert.ok(maxDiff(noGrad(() => lora.forward(x)), noGrad(() => want.forward(x))) < 1e-12, 'LoRA kernel');
  const ss = new ScaleShiftConv(conv);
  ss.scale.data.set([2, -1, 0.5]);
  ss.shift.data.set([0.25, 0, -3]);
  const y = noGrad(() => ss.forward(x)), y0 = noGrad(() => conv.forward(x));
  for (let i = 0; i < y.size; i++) {
    const ch = Math.floor(i / 16) % 3;
    assert.ok(Math.abs(y.data[i]! - ([2, -1, 0.5][ch]! * y0.data[i]! + [0.25, 0, -3][ch]!)) < 1e-12, `scale-shift element ${i}`);
  }
});

test('conv adapters train only their part, under the documented keys; a bad LoRA rank is refused', () => {
  const conv = new Conv2d(3, 4, 3, { seed: 1 }), up = new ConvTranspose2d(4, 2, 4, { seed: 2, stride: 2, padding: 1 });
  const lora = new LoraConv(conv, { rank: 2, seed: 3 });
  assert.equal([...lora.namedParameters()].map(([k, t]) => [k, t.shape]), [['lora_a', [2, 27]], ['lora_b', [4, 2]]]);
  assert.equal([...new LoraConv(up, { rank: 2, seed: 3 }).namedParameters()].map(([, t]) => t.shape), [[2, 32], [4, 2]]);
  assert.equal([...new SigmaConv(conv).namedParameters()].map(([k, t]) => [k, t.shape]), [['sigma', [4]]]);
  assert.equal([...new ScaleShiftConv(up).namedParameters()].map(([k, t]) => [k, t.shape]), [['scale', [2]], ['shift', [2]]]);
  assert.is(new FrozenConv(conv).numParameters(), 0);
  assert.equal(new FrozenConv(up).weight.shape, [4, 2, 4, 4]);
  throwsWith(() => new LoraConv(conv, { rank: 5, seed: 1 }), 'LoraConv(FrozenConv2d(3→4, 3×3)): rank must be an integer in 1..4 (min of the kernel matrix\'s 4×27), got 5');
});

test('a convolutional GAN adapts in every mode: only the adapters train, step 0 is the source', () => {
  const image = { height: 8, width: 8, channels: 1 as const };
  const gSpec = { channels: [8, 4], rank: 'full' as const, up: 'transpose' as const, output: 'tanh' as const };
  const dSpec = { channels: [4, 8], rank: 'full' as const };
  const z = randn([3, 5], 9);
  const x = randn([3, 64], 10);
  const source = { generator: () => buildConvGenerator(5, image, gSpec, 1), discriminator: () => buildConvDiscriminator(image, dSpec, 2) };
  const g0 = noGrad(() => source.generator().forward(z)), d0 = noGrad(() => source.discriminator().forward(x));
  const modes: AdaptMode[] = [{ kind: 'freeze-d', frozen: 2 }, { kind: 'sigma' }, { kind: 'lora', rank: 2 }, { kind: 'scale-shift' }];
  for (const mode of modes) {
    const nets = adaptGan(source, mode, 7);
    assert.ok(nets.trainable < nets.total, `${mode.kind}: ${nets.trainable} of ${nets.total}`);
    assert.ok(maxDiff(noGrad(() => nets.generator.forward(z)), g0) < 1e-5, `${mode.kind}: G at step 0`);
    assert.ok(maxDiff(noGrad(() => nets.discriminator.forward(x)), d0) < 1e-5, `${mode.kind}: D at step 0`);
  }
  // freeze-d:2 freezes D's two convs and keeps its logit Linear and all of G trainable.
  const frozen = adaptGan(source, { kind: 'freeze-d', frozen: 2 }, 7);
  assert.equal([...frozen.discriminator.namedParameters()].map(([k]) => k), ['6.weight', '6.bias']);
});

test.run();
