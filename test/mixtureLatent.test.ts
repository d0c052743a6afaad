import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Tensor } from '../src/tensor/tensor.js';
import { Random } from '../src/tensor/random.js';
import { MixtureLatent, standardNormalCdf } from '../src/gan/mixtureLatent.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { type ConfigOverrides, checkConfig, withOverrides } from '../src/gan/config.js';
import type { GanConfig } from '../src/gan/config.js';
import { buildGenerator } from '../src/gan/model.js';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../src/gan/checkpoint.js';
import { FC, checkGradients, param } from './helpers/gradcheck.js';
import { throwsWith } from './helpers/throwsWith.js';
import { generatorWeights, ringData, tinyConfig } from './helpers/tinyGan.js';
import { formatNetwork, summarizeNetwork } from '../src/cli/modelSummary.js';

test('standardNormalCdf matches tabulated values to 1e-7', () => {
  const table: [number, number][] = [[0, 0.5], [1, 0.8413447461], [-1, 0.1586552539], [1.959963985, 0.975], [-3, 0.0013498980], [6, 0.9999999990]];
  for (const [x, p] of table) assert.ok(Math.abs(standardNormalCdf(x) - p) < 1e-7, `Φ(${x}) = ${standardNormalCdf(x)}, expected ${p}`);
  assert.is(standardNormalCdf(-Infinity), 0);
  assert.is(standardNormalCdf(Infinity), 1);
});

test('components are uniform over 0..K−1 for ε₀ ~ N(0, 1)', () => {
  const k = 10, n = 20_000;
  const m = new MixtureLatent(k, 3, new Random(1));
  const eps = new Tensor(new Float32Array(n * 3), [n, 3]);
  const rng = new Random(2);
  for (let i = 0; i < eps.size; i++) eps.data[i] = rng.normal();
  const counts = new Array<number>(k).fill(0);
  for (const c of m.componentsOf(eps)) counts[c]!++;
  // Each count is Binomial(20,000, 0.1): sd 42.4, so ±200 is beyond 4.7 sd.
  for (const c of counts) assert.ok(Math.abs(c - n / k) < 200, `counts ${counts}`);
});

test('z = μ_k + σ_k ⊙ ε, with k from the first column', () => {
  const m = new MixtureLatent(4, 2, new Random(3));
  const eps = new Tensor(Float32Array.from([-2, 0.5, 0.1, -1, 2, 0.25]), [3, 2]);
  const ks = Array.from(m.componentsOf(eps));
  assert.equal(ks, [0, 2, 3]); // Φ(−2) = 0.023, Φ(0.1) = 0.540, Φ(2) = 0.977
  const z = m.forward(eps);
  for (let b = 0; b < 3; b++) {
    for (let j = 0; j < 2; j++) {
      const expected = Math.fround(m.mean.data[ks[b]! * 2 + j]! + Math.fround(m.std.data[ks[b]! * 2 + j]! * eps.data[b * 2 + j]!));
      assert.is(z.data[b * 2 + j], expected);
    }
  }
  throwsWith(() => m.forward(new Tensor(new Float32Array(3), [1, 3])), 'MixtureLatent(4×2): input has 3 features in its last dim, expected 2 (shape [1,3])');
  throwsWith(() => new MixtureLatent(0, 2, new Random(1)), 'MixtureLatent: components must be a positive integer, got 0');
});

test('MixtureLatent gradients match central differences (float64, random sizes and values)', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1000 }), (k, dim, batch, seed) => {
    const m = new MixtureLatent(k, dim, new Random(seed), 'float64');
    const rng = new Random(seed + 1);
    const eps = param(Array.from({ length: batch * dim }, () => rng.normal()), [batch, dim]);
    checkGradients((x) => m.forward(x), [eps, m.mean, m.std]);
  }), FC);
});

const data = (): Tensor => ringData(64, 2);
const config = (o: ConfigOverrides): GanConfig => withOverrides(tinyConfig({ latent: { mixture: 6 } }), o);

test('a generator with a mixture latent trains, keeps σ near 1 under the penalty, and resumes bit-exactly', () => {
  const g = buildGenerator(8, 2, { hidden: [16], rank: 'full', output: 'linear', latentComponents: 6 }, 1);
  const plain = buildGenerator(8, 2, { hidden: [16], rank: 'full', output: 'linear' }, 1);
  assert.equal(Object.keys(g.stateDict()).slice(0, 2), ['0.mean', '0.std']);
  const summary = summarizeNetwork(g);
  assert.is(summary.parameters, summary.fullRankParameters);
  assert.is(summary.parameters, summarizeNetwork(plain).parameters + 2 * 6 * 8);
  assert.is(formatNetwork('G', summary), 'G 8→16→2 full rank, mixture latent K = 6: 274 params');
  // The layers start from the same weights with or without the mixture.
  assert.equal(Array.from(g.stateDict()['1.weight']!.data), Array.from(plain.stateDict()['0.weight']!.data));

  const drift = (penalty: number): number => {
    const t = new GanTrainer(data(), config({ penalties: { latentStd: penalty } }));
    t.train(60);
    return Math.max(...Array.from((t.generator.modules()[1] as MixtureLatent).std.data, (v) => Math.abs(v - 1)));
  };
  const free = drift(0), held = drift(10);
  assert.ok(free > 0.05 && held < 0.03, `largest |σ − 1| after 60 steps: ${free} without the penalty, ${held} with λ = 10`);
  const c = config({ penalties: { latentStd: 10 } });
  const t = new GanTrainer(data(), c);
  t.train(60);
  const half = new GanTrainer(data(), c);
  half.train(30);
  const resumed = resumeTrainer(readCheckpoint(saveCheckpoint(half, {})), data());
  resumed.train(60);
  assert.equal(generatorWeights(resumed), generatorWeights(t));
  throwsWith(() => checkConfig(config({ latent: { mixture: 1.5 } })), 'config: latent.mixture must be an integer ≥ 0, got 1.5');
});

test.run();
