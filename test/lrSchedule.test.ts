import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor } from '../src/tensor/tensor.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { checkConfig, defaultConfig, withOverrides } from '../src/gan/config.js';
import type { GanConfig } from '../src/gan/config.js';
import { lrFactor } from '../src/gan/lrSchedule.js';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../src/gan/checkpoint.js';
import { throwsWith } from './helpers/throwsWith.js';
import { generatorWeights, ringData, tinyConfig } from './helpers/tinyGan.js';

const schedule = (lrSchedule: GanConfig['optimizer']['lrSchedule'], lrDecayStart: number, totalSteps: number | null) => ({ lrSchedule, lrDecayStart, totalSteps });

test('lrFactor: constant, linear and cosine decay to 0 after the start fraction', () => {
  assert.is(lrFactor(schedule('constant', 0.5, 100), 99), 1);
  assert.is(lrFactor(schedule('cosine', 0.5, null), 99), 1);
  const lin = schedule('linear', 0.5, 100);
  assert.is(lrFactor(lin, 0), 1);
  assert.is(lrFactor(lin, 50), 1);
  assert.ok(Math.abs(lrFactor(lin, 75) - 0.5) < 1e-12);
  assert.ok(Math.abs(lrFactor(lin, 99) - 0.02) < 1e-12);
  assert.is(lrFactor(lin, 150), 0);
  const cos = schedule('cosine', 0, 100);
  assert.is(lrFactor(cos, 0), 1);
  assert.ok(Math.abs(lrFactor(cos, 50) - 0.5) < 1e-12);
  assert.ok(Math.abs(lrFactor(cos, 25) - (1 + Math.SQRT1_2) / 2) < 1e-12);
  assert.ok(lrFactor(cos, 99) > 0 && lrFactor(cos, 99) < 1e-3);
});

test('checkConfig names a bad schedule, start or total', () => {
  const base = defaultConfig(2);
  throwsWith(() => checkConfig(withOverrides(base, { optimizer: { lrSchedule: 'step' as GanConfig['optimizer']['lrSchedule'] } })), 'config: optimizer.lrSchedule must be one of constant, linear, cosine, got step');
  throwsWith(() => checkConfig(withOverrides(base, { optimizer: { lrDecayStart: 1 } })), 'config: optimizer.lrDecayStart must be in [0, 1), got 1');
  throwsWith(() => checkConfig(withOverrides(base, { optimizer: { totalSteps: 0 } })), 'config: optimizer.totalSteps must be a positive integer, got 0');
});

const data = (): Tensor => ringData(64, 2);
const config = tinyConfig;

test('the trainer sets both learning rates from the schedule, and a resumed run matches', () => {
  const c = config({ optimizer: { lrSchedule: 'linear', lrDecayStart: 0.5, totalSteps: 10, lrG: 2e-3, lrD: 1e-3 } });
  const t = new GanTrainer(data(), c);
  t.train(8);
  // Update 8 (0-based 7) ran at factor 1 − (7 − 5)/5 = 0.6.
  assert.ok(Math.abs(t.optG.lr - 2e-3 * 0.6) < 1e-15);
  assert.ok(Math.abs(t.optD.lr - 1e-3 * 0.6) < 1e-15);
  t.train(10);
  const resumed = resumeTrainer(readCheckpoint(saveCheckpoint(trainerAt(c, 4), {})), data());
  resumed.train(10);
  assert.equal(generatorWeights(resumed), generatorWeights(t));
  // A constant run never touches the optimizers' lr.
  const flat = new GanTrainer(data(), config({ optimizer: { totalSteps: 10 } }));
  flat.train(10);
  assert.is(flat.optG.lr, flat.config.optimizer.lrG);
});

function trainerAt(c: GanConfig, steps: number): GanTrainer {
  const t = new GanTrainer(data(), c);
  t.train(steps);
  return t;
}

test.run();
