// Saved configs of older layouts: version 1 (flat, no version field) upgrades to the grouped version 2.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../src/gan/config.js';
import { toV1, upgradeConfig } from '../src/gan/configVersions.js';
import { throwsWith } from './helpers/throwsWith.js';

const V1 = JSON.parse(readFileSync(new URL('fixtures/v1-run/config.json', import.meta.url), 'utf8')).config as Record<string, unknown>;

test('a version-1 config.json upgrades field by field; its scalar rank becomes one per layer', () => {
  const c = upgradeConfig(structuredClone(V1));
  assert.is(c.version, 2);
  assert.equal(c.latent, { dim: 8, mixture: 4 });
  assert.equal(c.generator.rank, [4, 4, 4], 'version 1: every layer, output included');
  assert.equal(c.discriminator.rank, [4, 4, 4]);
  assert.equal([c.optimizer.lrG, c.optimizer.lrD, c.optimizer.totalSteps], [V1.lrG, V1.lrD, V1.totalSteps]);
  assert.equal([c.penalties.r1Gamma, c.penalties.latentStd, c.ema.decay, c.sampling.jacobianKeep], [V1.r1Gamma, V1.latentStdPenalty, V1.emaDecay, V1.jacobianKeep]);
  const { lrSchedule: _s, topKKeep: _k, jacobianKeep: _j, ...older } = structuredClone(V1);
  const conv = { image: { height: 8, width: 8, channels: 1 }, generator: { channels: [8], rank: 'full', output: 'tanh' }, discriminator: { channels: [8], rank: 'full' } };
  assert.equal(upgradeConfig({ ...structuredClone(V1), conv }).conv, conv, 'a version-1 conv config keeps its networks');
  const o = upgradeConfig(older);
  assert.equal([o.optimizer.lrSchedule, o.training.topKKeep, o.sampling.jacobianKeep], ['constant', 1, 1], 'fields newer than a config get the values it trained with');
});

test('unknown versions, missing fields and bad values are refused, naming the source', () => {
  throwsWith(() => upgradeConfig({ ...defaultConfig(2), version: 7 }, 'run.json'), 'run.json: config version 7 is not supported (this lrgan reads 1 to 2)');
  const { lrG: _lr, ...noLr } = V1;
  throwsWith(() => upgradeConfig(noLr, 'old.json'), 'old.json: config (version 1) lacks "lrG"');
  throwsWith(() => upgradeConfig({ ...V1, emaDecay: 2 }, 'old.json'), 'old.json: config: ema.decay must be in [0, 1), got 2');
  throwsWith(() => upgradeConfig([], 'x'), 'x: expected a config object, got []');
});

test('toV1 writes version 1 keys in version 1 order and keeps fields newer than version 2', () => {
  const c = defaultConfig(2, { generator: { rank: 4 }, latent: { mixture: 3 } });
  const flat = toV1(c);
  assert.equal(Object.keys(flat).slice(0, 5), ['seed', 'latentDim', 'generator', 'discriminator', 'batchSize']);
  assert.equal(flat.generator.rank, [4, 4, 'full']);
  assert.is(flat.generator.latentComponents, 3);
  assert.is((toV1({ ...c, conv: { kind: 'dcgan' } } as unknown as typeof c) as unknown as { conv: unknown }).conv !== undefined, true);
});

test('defaultConfig and withOverrides return fresh objects: editing one config changes no other', () => {
  const a = defaultConfig(2);
  a.generator.hidden.push(7);
  a.optimizer.betas[0] = 0.9;
  const b = defaultConfig(2);
  assert.equal([b.generator.hidden, b.optimizer.betas], [[128, 128], [0.5, 0.999]]);
  assert.ok(b.generator.hidden !== b.discriminator.hidden, 'G and D do not share their widths');
  const hidden = [4, 4];
  const c = defaultConfig(2, { generator: { hidden } });
  hidden.push(1);
  assert.equal(c.generator.hidden, [4, 4]);
});

test('defaultConfig refuses an override it does not know, flat (version 1) names included', () => {
  throwsWith(() => defaultConfig(2, { batchSize: 8 } as never), /config: unknown setting 'batchSize'; the groups are .*training/);
  throwsWith(() => defaultConfig(2, { training: { batchsize: 8 } } as never), /config: unknown setting 'training.batchsize'; training has batchSize/);
  assert.is(defaultConfig(2, { training: { batchSize: 8 } }).training.batchSize, 8);
});

test.run();
