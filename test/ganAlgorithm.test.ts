/**
 * The trainer's algorithm, step by step: each test rebuilds a step's batches by replaying copies of
 * the seeded streams (test/helpers/replayStep.ts) and compares what the trainer reports or stores
 * with values computed here from the formulas. Each was seen failing on a one-line change to the
 * formula it guards (issue 19).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GanTrainer } from '../src/gan/trainer.js';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../src/gan/checkpoint.js';
import { generatorWeights, ringData, tinyConfig } from './helpers/tinyGan.js';
import { close, meanOf, replayStep, snapshotStep, softplus } from './helpers/replayStep.js';

const data = ringData(100, 7);

test('LeCam pulls the real logits toward the fake moving average and the fake logits toward the real one', () => {
  const lambda = 5;
  const t = new GanTrainer(data, tinyConfig({ seed: 2, lecam: lambda, r1Gamma: 0 }));
  t.train(40);
  // The anchors, from the reported batch means: ᾱ ← 0.99·ᾱ + 0.01·mean logit after each D update.
  let anchorReal = 0, anchorFake = 0;
  for (const s of t.history) {
    anchorReal = 0.99 * anchorReal + 0.01 * s.realLogit;
    anchorFake = 0.99 * anchorFake + 0.01 * s.fakeLogit;
  }
  assert.ok(Math.abs(anchorReal - anchorFake) > 0.01, `the moving averages differ (${anchorReal} vs ${anchorFake})`);
  const snap = snapshotStep(t);
  const stats = t.step();
  const r = replayStep(snap, t);
  close(stats.realLogit, meanOf(r.realLogits), 1e-5, 'real logit mean');
  const sq = (v: number[], a: number): number => meanOf(v.map((x) => (x - a) ** 2));
  const expected = r.bce + lambda * (sq(r.realLogits, anchorFake) + sq(r.fakeLogits, anchorReal));
  const swapped = r.bce + lambda * (sq(r.realLogits, anchorReal) + sq(r.fakeLogits, anchorFake));
  assert.ok(Math.abs(expected - swapped) > 1e-3, `the test tells the anchors apart (${expected} vs ${swapped})`);
  close(stats.lossD, expected, 1e-5, 'discriminator loss with LeCam');
});

test('the generator loss is the non-saturating −log σ(D(G(z))) on fresh latents, against the updated D', () => {
  const t = new GanTrainer(data, tinyConfig({ seed: 4 }));
  t.train(30);
  const snap = snapshotStep(t);
  const stats = t.step();
  const r = replayStep(snap, t);
  const logits = r.generatorLogits;
  assert.ok(Math.abs(meanOf(logits)) > 0.01, `D has an opinion on the fakes (mean logit ${meanOf(logits)})`);
  // −log σ(l) = softplus(−l); the saturating log(1 − σ(l)) = −softplus(l) and −log(1 − σ(l)) = softplus(l) differ by mean(l).
  close(stats.lossG, meanOf(logits.map((l) => softplus(-l))), 1e-5, 'generator loss');
  close(stats.lossD, r.bce + stats.r1, 1e-5, 'discriminator loss');
});

test('DiffAugment: the generator update sees its fakes through the same augmentation as D', () => {
  const t = new GanTrainer(data, tinyConfig({ seed: 6, augment: { kind: 'noise', std: 0.5 }, augmentP: 1, r1Gamma: 0 }));
  t.train(20);
  const snap = snapshotStep(t);
  const stats = t.step();
  const r = replayStep(snap, t);
  close(stats.lossD, r.bce, 1e-5, 'discriminator loss on augmented reals and fakes');
  const augmented = meanOf(r.generatorLogits.map((l) => softplus(-l)));
  const plain = meanOf(r.generatorLogitsPlain.map((l) => softplus(-l)));
  assert.ok(Math.abs(augmented - plain) > 1e-3, `augmentation changes the generator loss (${augmented} vs ${plain})`);
  close(stats.lossG, augmented, 1e-5, 'generator loss on augmented fakes');
});

test('EMA: ema ← β·ema + (1 − β)·θ after each step, β = min(decay, (1 + t)/(10 + t))', () => {
  const decay = 0.5;
  const t = new GanTrainer(data, tinyConfig({ seed: 8, emaDecay: decay }));
  const ema = t.generatorEma!;
  assert.equal(ema.parameters().map((p) => Array.from(p.data)), generatorWeights(t), 'the EMA starts at the generator');
  let apart = 0;
  for (let step = 1; step <= 12; step++) {
    const before = ema.parameters().map((p) => Array.from(p.data));
    const stats = t.step();
    const beta = Math.min(decay, (1 + stats.step) / (10 + stats.step));
    const live = generatorWeights(t);
    ema.parameters().forEach((p, k) => {
      for (let i = 0; i < p.data.length; i++) {
        const e = before[k]![i]!, th = live[k]![i]!;
        apart = Math.max(apart, Math.abs(e - th));
        close(p.data[i]!, beta * e + (1 - beta) * th, 1e-6, `step ${stats.step}, EMA parameter ${k}[${i}]`);
      }
    });
  }
  assert.ok(apart > 1e-3, `the EMA and the live weights differ enough to tell β from 1 − β (${apart})`);
});

test('dSteps = k: k discriminator updates per generator update (Adam step counters)', () => {
  const t = new GanTrainer(data, tinyConfig({ seed: 3, dSteps: 3 }));
  t.train(4);
  const steps = (opt: GanTrainer['optD']): number[] => opt.stateDict().params.map((p) => p.step);
  for (const s of steps(t.optD)) assert.is(s, 12);
  for (const s of steps(t.optG)) assert.is(s, 4);
  const one = new GanTrainer(data, tinyConfig({ seed: 3, dSteps: 1 }));
  one.train(4);
  for (const s of steps(one.optD)) assert.is(s, 4);
});

test('resume with noise augmentation and ADA on continues exactly as an uninterrupted run', () => {
  const config = tinyConfig({
    seed: 11, augment: { kind: 'noise', std: 0.2 }, augmentP: 0.5, adaptive: { target: 0.6, interval: 2, rampSteps: 20, maxP: 0.9 }, lecam: 0.1,
  });
  const straight = new GanTrainer(data, config);
  const augmentStart = straight.streams.augment.getState();
  straight.train(10);
  assert.not.equal(straight.streams.augment.getState(), augmentStart, 'the augmentation stream is drawn');
  const first = new GanTrainer(data, config);
  first.train(4);
  const resumed = resumeTrainer(readCheckpoint(saveCheckpoint(first)), data, { history: first.history.slice() });
  resumed.train(10);
  assert.equal(resumed.history.map((s) => [s.lossD, s.lossG, s.augmentP]), straight.history.map((s) => [s.lossD, s.lossG, s.augmentP]));
  assert.equal(generatorWeights(resumed), generatorWeights(straight));
  assert.equal(resumed.discriminator.parameters().map((p) => Array.from(p.data)), straight.discriminator.parameters().map((p) => Array.from(p.data)));
});

test.run();
