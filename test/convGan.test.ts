// Convolutional generator and discriminator, NCHW DiffAugment, and the trainer running them end to end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Conv2d, GanTrainer, LowRankConv2d, LowRankLinear, Random, Tensor, augment, buildConvDiscriminator, buildConvGenerator,
  defaultConfig, diffAugment, readCheckpoint, resumeTrainer, saveCheckpoint,
} from '../src/index.js';
import type { ConvArchitecture, GanConfig } from '../src/index.js';
import { loadDataset } from '../src/node/loadData.js';
import { checkGradients } from './helpers/gradcheck.js';
import { throwsWith } from './helpers/throwsWith.js';

const mnist: ConvArchitecture['image'] = { height: 28, width: 28, channels: 1 };

test('conv generator: z → [batch, 784] in (−1, 1), starting at 7×7 for three widths; ranks pick the layer kinds', () => {
  const g = buildConvGenerator(16, mnist, { channels: [16, 8, 4], rank: [8, 4, 'full', 'full'], output: 'tanh' }, 1);
  const z = new Tensor(Float32Array.from({ length: 3 * 16 }, (_, i) => Math.sin(i)), [3, 16]);
  const y = g.forward(z);
  assert.equal(y.shape, [3, 784]);
  for (const v of y.data) assert.ok(v > -1 && v < 1);
  assert.ok(g.layers[0] instanceof LowRankLinear);
  const convs = g.layers.filter((m) => m instanceof Conv2d || m instanceof LowRankConv2d);
  assert.equal(convs.map((m) => m.constructor.name), ['LowRankConv2d', 'Conv2d', 'Conv2d']);
  const t = buildConvGenerator(16, mnist, { channels: [16, 8, 4], rank: 'full', up: 'transpose', output: 'tanh' }, 1);
  assert.equal(t.forward(z).shape, [3, 784]);
});

test('conv discriminator: [batch, 784] → [batch, 1] through 28 → 14 → 7 → 3; RGB and 8×8 images too', () => {
  const d = buildConvDiscriminator(mnist, { channels: [4, 8, 16], rank: 'full', spectralNorm: true, dropout: 0.1 }, 2);
  const x = new Tensor(new Float32Array(2 * 784).fill(0.5), [2, 784]);
  assert.equal(d.forward(x).shape, [2, 1]);
  assert.ok(Object.keys(d.stateDict()).includes('1.weight_orig'));
  const rgb = buildConvDiscriminator({ height: 8, width: 8, channels: 3 }, { channels: [4, 8], rank: 2 }, 3);
  assert.equal(rgb.forward(new Tensor(new Float32Array(2 * 192), [2, 192])).shape, [2, 1]);
  const g = buildConvGenerator(8, { height: 8, width: 8, channels: 3 }, { channels: [8, 4, 4], rank: 2, output: 'tanh' }, 4);
  assert.equal(g.forward(new Tensor(new Float32Array(16), [2, 8])).shape, [2, 192]);
});

test('same seed, same bytes: conv networks are deterministic', () => {
  const spec = { channels: [8, 4, 4], rank: 3, output: 'tanh' as const };
  const z = new Tensor(Float32Array.from({ length: 32 }, (_, i) => Math.cos(i)), [2, 16]);
  const a = buildConvGenerator(16, mnist, spec, 7).forward(z);
  const b = buildConvGenerator(16, mnist, spec, 7).forward(z);
  assert.equal(Array.from(a.data), Array.from(b.data));
});

test('conv builders name what is wrong', () => {
  throwsWith(() => buildConvGenerator(8, mnist, { channels: [8, 4, 4, 4], rank: 'full', output: 'tanh' }, 0),
    'buildConvGenerator: 4 channel widths mean 3 doublings, so the image 28×28 must be divisible by 8');
  throwsWith(() => buildConvGenerator(8, mnist, { channels: [8, 4], rank: [2, 2], output: 'tanh' }, 0),
    'buildConvGenerator: rank lists 2 values but the network has 3 layers (2 convolutional + 1)');
  throwsWith(() => buildConvGenerator(8, mnist, { channels: [8, 4], rank: 2, up: 'transpose', output: 'tanh' }, 0),
    /up 'transpose' has no low-rank form; layer 1 asks for rank 2/);
  throwsWith(() => buildConvDiscriminator({ height: 4, width: 4, channels: 1 }, { channels: [4, 4, 4], rank: 'full' }, 0),
    'buildConvDiscriminator: the image 4×4 is too small for 3 stride-2 convs (layer 2 would get 1×1)');
  throwsWith(() => buildConvDiscriminator(mnist, { channels: [4, 0], rank: 'full' }, 0), 'buildConvDiscriminator: channels[1] must be a positive integer, got 0');
});

test('diffAugment: identity at p = 0, changes every sample at p = 1, and is differentiable', () => {
  const x = new Tensor(Float64Array.from({ length: 2 * 3 * 5 * 6 }, (_, i) => Math.sin(i * 0.7)), [2, 3, 5, 6]);
  x.requiresGrad = true;
  const options = { translation: 0.25, cutout: 0.4, colour: true, fill: -1 };
  assert.is(diffAugment(x, 0, options, new Random(1)), x);
  const y = diffAugment(x, 1, options, new Random(1));
  for (let b = 0; b < 2; b++) {
    let diff = 0;
    for (let i = 0; i < 90; i++) diff += Math.abs(y.data[b * 90 + i]! - x.data[b * 90 + i]!);
    assert.ok(diff > 0.1, `sample ${b} unchanged`);
  }
  const z = diffAugment(x, 1, options, new Random(1));
  assert.equal(Array.from(z.data), Array.from(y.data));
  for (const seed of [1, 2, 3]) checkGradients((t) => diffAugment(t, 1, options, new Random(seed)), [x]);
  checkGradients((t) => diffAugment(t, 0.5, { ...options, colour: false }, new Random(4)), [x]);
});

test('diffAugment translation shifts pixels and fills what comes in', () => {
  // 1×1×1×4 row [1, 2, 3, 4]; translation 0.25 of width 4 shifts by at most one pixel.
  const x = new Tensor(Float64Array.from([1, 2, 3, 4]), [1, 1, 1, 4]);
  const seen = new Set<string>();
  for (let s = 0; s < 40; s++) seen.add(Array.from(diffAugment(x, 1, { translation: 0.25, cutout: 0, colour: false, fill: -1 }, new Random(s)).data).join(','));
  assert.equal([...seen].sort(), ['-1,1,2,3', '1,2,3,4', '2,3,4,-1']);
});

test('diffAugment colour on one channel: out − mean(out) = c·(x − mean(x)), c ∈ [½, 1½], and the mean moves by b ∈ [−½, ½]', () => {
  const x = new Tensor(Float64Array.from({ length: 4 * 12 }, (_, i) => Math.sin(i * 1.3)), [4, 1, 3, 4]);
  const y = diffAugment(x, 1, { translation: 0, cutout: 0, colour: true, fill: -1 }, new Random(9));
  const slopes: number[] = [];
  for (let b = 0; b < 4; b++) {
    const xs = Array.from(x.data.subarray(b * 12, b * 12 + 12)), ys = Array.from(y.data.subarray(b * 12, b * 12 + 12));
    const mx = xs.reduce((s, v) => s + v, 0) / 12, my = ys.reduce((s, v) => s + v, 0) / 12;
    const c = (ys[0]! - my) / (xs[0]! - mx);
    for (let i = 0; i < 12; i++) assert.ok(Math.abs(ys[i]! - my - c * (xs[i]! - mx)) < 1e-12);
    assert.ok(c >= 0.5 && c <= 1.5, `contrast ${c}`);
    assert.ok(Math.abs(my - mx) <= 0.5, `brightness ${my - mx}`);
    slopes.push(c);
  }
  assert.ok(new Set(slopes).size === 4);
});

test('augment kind diffaugment works on channels-last rows', () => {
  const spec = { kind: 'diffaugment' as const, height: 4, width: 4, channels: 3, translation: 0.25, cutout: 0.5, colour: true, fill: -1 };
  const x = new Tensor(Float64Array.from({ length: 2 * 48 }, (_, i) => Math.cos(i)), [2, 48]);
  x.requiresGrad = true;
  assert.equal(augment(x, 1, spec, new Random(5)).shape, [2, 48]);
  checkGradients((t) => augment(t, 1, spec, new Random(5)), [x]);
});

/** A tiny conv GAN on 8×8 crops of MNIST digits' centres. */
function tinyConvConfig(overrides: Partial<GanConfig> = {}): GanConfig {
  const image = { height: 8, width: 8, channels: 1 as const };
  return defaultConfig(64, {
    latentDim: 8, batchSize: 8, r1Gamma: 1, emaDecay: 0.9, augmentP: 0.5,
    augment: { kind: 'diffaugment', ...image, translation: 0.125, cutout: 0.25, colour: true, fill: -1 },
    conv: { image, generator: { channels: [8, 4], rank: [4, 2, 'full'], output: 'tanh' }, discriminator: { channels: [4, 8], rank: 'full', spectralNorm: true } },
    ...overrides,
  });
}

function tinyImages(): Tensor {
  const ds = loadDataset('mnist', { seed: 0, n: 1 });
  const rows = 32;
  const out = new Float32Array(rows * 64);
  for (let r = 0; r < rows; r++) {
    const src = (r * 311) * 784;
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) out[r * 64 + y * 8 + x] = 2 * ds.x[src + (10 + y) * 28 + 10 + x]! - 1;
  }
  return new Tensor(out, [rows, 64]);
}

test('the trainer trains conv networks with R1, DiffAugment and EMA; checkpoints resume bit-exactly', () => {
  const data = tinyImages();
  const config = tinyConvConfig();
  const a = new GanTrainer(data, config);
  a.train(3);
  const bytes = saveCheckpoint(a);
  a.train(5);
  for (const s of a.history) assert.ok(Number.isFinite(s.lossD) && Number.isFinite(s.lossG) && s.r1 > 0);
  const b = resumeTrainer(readCheckpoint(bytes), data);
  b.train(5);
  const wa = a.generator.parameters().map((p) => Array.from(p.data));
  const wb = b.generator.parameters().map((p) => Array.from(p.data));
  assert.equal(wb, wa);
  const samples = a.sample(4, 1);
  assert.equal(samples.shape, [4, 64]);
  const c = new GanTrainer(data, config);
  c.train(5);
  assert.equal(c.generator.parameters().map((p) => Array.from(p.data)), wa);
});

test('a conv config whose image does not match the data is refused', () => {
  throwsWith(() => new GanTrainer(new Tensor(new Float32Array(4 * 63), [4, 63]), tinyConvConfig()),
    'buildConfigGenerator: config.conv.image is 8×8×1 (64 values) but the data has 63 columns');
});

test.run();
