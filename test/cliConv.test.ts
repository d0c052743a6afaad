// `lrgan train --arch conv`: the convolutional networks from the command line, on 8×8 digits to stay cheap.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lrgan } from './helpers/runCli.js';
import { parseFlags } from '../src/cli/args.js';
import { MLP_DEFAULT_STEPS, TRAIN_COMMAND, stepsOf } from '../src/cli/commands/trainFlags.js';
import { CONV_DEFAULT_STEPS, defaultConfig, defaultConvConfig } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-cliconv-'));

const CONV = ['--data', 'digits', '--n', '50', '--arch', 'conv', '--batch', '8', '--eval-samples', '100'];

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('--arch conv trains, saves config.conv, resumes bit-exactly and samples; --rank factors the conv layers', async () => {
  const straight = join(dir, 'straight'), halves = join(dir, 'halves'), low = join(dir, 'low');
  const [a, b, r] = await Promise.all([
    lrgan('train', ...CONV, '--steps', '6', '--out', straight),
    lrgan('train', ...CONV, '--steps', '3', '--out', halves),
    lrgan('train', ...CONV, '--rank', '4', '--steps', '2', '--out', low),
  ]);
  for (const x of [a, b, r]) assert.is(x.code, 0, x.stderr);
  assert.match(a.stdout, /model: G 32→256→32→16→1 full rank: [\d,]+ params \| D 1→32→64→1 full rank/);
  assert.match(r.stdout, /model: G 32→256→32→16→1 rank 4\/4\/4\/full: [\d,]+ params \(\d+% of full rank\)/);
  const config = JSON.parse(readFileSync(join(straight, 'config.json'), 'utf8')).config;
  assert.equal(config.conv.image, { height: 8, width: 8, channels: 1 });
  const lowConfig = JSON.parse(readFileSync(join(low, 'config.json'), 'utf8')).config;
  assert.is(lowConfig.conv.generator.up, 'upsample');
  assert.equal(lowConfig.conv.generator.rank, [4, 4, 4, 'full']);
  assert.equal(lowConfig.conv.discriminator.rank, [4, 4, 'full']);
  const [resumed, sample] = await Promise.all([
    lrgan('train', '--out', halves, '--steps', '6', '--resume'),
    lrgan('sample', '--checkpoint', join(straight, 'checkpoint.safetensors'), '--count', '20', '--out', join(dir, 's.png')),
  ]);
  assert.is(resumed.code, 0, resumed.stderr);
  assert.is(sample.code, 0, sample.stderr);
  const x = readFileSync(join(straight, 'checkpoint.safetensors'));
  const y = readFileSync(join(halves, 'checkpoint.safetensors'));
  assert.ok(x.equals(y), 'conv checkpoint bytes differ between resumed and straight runs');
});

test('--arch conv on plain columns and impossible conv ranks are refused by name', async () => {
  const [plain, tooHigh] = await Promise.all([
    lrgan('train', '--data', 'ring8', '--arch', 'conv', '--steps', '1', '--out', join(dir, 'x')),
    lrgan('train', ...CONV, '--rank', '16', '--steps', '1', '--out', join(dir, 'y')),
  ]);
  assert.is(plain.code, 2, plain.stderr);
  assert.match(plain.stderr, /--arch: expected image data .*ring8 has 2 plain columns/);
  assert.is(tooHigh.code, 2, tooHigh.stderr);
  assert.match(tooHigh.stderr, /--rank 16: the (generator|discriminator)'s layer \d+ .*cannot have rank 16/);
});

test('--steps defaults to fewer steps for convolutional networks, and a given --steps wins', () => {
  const image = { height: 28, width: 28, channels: 1 as const };
  const none = parseFlags(TRAIN_COMMAND, []);
  assert.ok(CONV_DEFAULT_STEPS < MLP_DEFAULT_STEPS);
  assert.is(stepsOf(none, defaultConvConfig(image, -1)), CONV_DEFAULT_STEPS);
  assert.is(stepsOf(none, defaultConfig(784)), MLP_DEFAULT_STEPS);
  assert.is(stepsOf(parseFlags(TRAIN_COMMAND, ['--steps', '7']), defaultConvConfig(image, -1)), 7);
});

test.run();
