// DP-SGD on the discriminator inside the trainer: accounting, the ε stop, exact resume, refusals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GanTrainer } from '../src/gan/trainer.js';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../src/gan/checkpoint.js';
import { epsilonAfter } from '../src/privacy/noiseMultiplier.js';
import { poissonRows } from '../src/gan/dpDiscriminator.js';
import { Random } from '../src/tensor/random.js';
import { throwsWith } from './helpers/throwsWith.js';
import { generatorWeights, ringData, tinyConfig } from './helpers/tinyGan.js';

const privateConfig = (privacy: { noiseMultiplier: number; targetEpsilon: number | null }) =>
  tinyConfig({ seed: 4, training: { batchSize: 8 }, penalties: { r1Gamma: 0 }, privacy: { clipNorm: 1, delta: 1e-5, ...privacy } });

test('the accountant composes one Poisson-sampled Gaussian step per D update, as epsilonAfter computes', () => {
  const t = new GanTrainer(ringData(40, 1), privateConfig({ noiseMultiplier: 1.1, targetEpsilon: null }));
  t.train(30);
  assert.is(t.privacy!.updates, 30);
  assert.is(t.privacy!.sampleRate, 8 / 40);
  const expected = epsilonAfter(1.1, 0.2, 30, 1e-5);
  assert.ok(Math.abs(t.privacy!.epsilon() - expected) < 1e-9 * expected, `${t.privacy!.epsilon()} vs ${expected}`);
  assert.ok(t.history.every((h) => Number.isFinite(h.lossD) && h.r1 === 0));
});

test('training stops before a step would pass the target ε, and step() refuses to go on', () => {
  const t = new GanTrainer(ringData(40, 1), privateConfig({ noiseMultiplier: 1.1, targetEpsilon: 6 }));
  t.train(100_000);
  const p = t.privacy!;
  assert.ok(p.epsilon() <= 6, `spent ${p.epsilon()}`);
  assert.ok(p.epsilon(1) > 6, 'one more update would pass the target');
  assert.ok(t.stepCount > 0 && t.stepCount < 100_000);
  assert.is(t.canStep(), false);
  throwsWith(() => t.step(), /would take ε past the target 6/);
});

test('a private run resumes to the same bytes and the same ε', () => {
  const straight = new GanTrainer(ringData(40, 2), privateConfig({ noiseMultiplier: 0.8, targetEpsilon: null }));
  straight.train(30);
  const first = new GanTrainer(ringData(40, 2), privateConfig({ noiseMultiplier: 0.8, targetEpsilon: null }));
  first.train(12);
  const resumed = resumeTrainer(readCheckpoint(saveCheckpoint(first)), ringData(40, 2), { history: first.history });
  assert.is(resumed.privacy!.updates, 12);
  resumed.train(30);
  assert.equal(generatorWeights(resumed), generatorWeights(straight));
  assert.is(resumed.privacy!.epsilon(), straight.privacy!.epsilon());
});

test('poissonRows takes each row with probability q', () => {
  const rng = new Random(3);
  let total = 0;
  for (let k = 0; k < 200; k++) total += poissonRows(50, 0.2, rng).length;
  assert.ok(Math.abs(total / 200 - 10) < 0.6, `mean batch ${total / 200}`);
});

test('what DP-SGD cannot cover is refused by name', () => {
  const data = ringData(40, 1);
  const priv = { clipNorm: 1, noiseMultiplier: 1, delta: 1e-5, targetEpsilon: null };
  throwsWith(() => new GanTrainer(data, tinyConfig({ privacy: priv, penalties: { r1Gamma: 1 } })), /privacy \(DP-SGD on the discriminator\) cannot be combined with R1 \(penalties.r1Gamma 1\)/);
  throwsWith(() => new GanTrainer(data, tinyConfig({ privacy: priv, penalties: { r1Gamma: 0, lecam: 0.1 } })), /cannot be combined with LeCam/);
  throwsWith(() => new GanTrainer(data, tinyConfig({ privacy: priv, penalties: { r1Gamma: 0 }, discriminator: { hidden: [16], rank: 'full', spectralNorm: true } })), /cannot be combined with spectral normalization in D/);
  throwsWith(() => new GanTrainer(data, tinyConfig({ privacy: { ...priv, delta: 0 }, penalties: { r1Gamma: 0 } })), 'config: privacy.delta must be in (0, 1), got 0');
  throwsWith(() => new GanTrainer(ringData(5, 1), tinyConfig({ privacy: priv, penalties: { r1Gamma: 0 } })), /training.batchSize \(16\) must not exceed the 5 training rows/);
});

test.run();
