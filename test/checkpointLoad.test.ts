// Loading checkpoints that are damaged: errors name the file and what is wrong (issue 13, items 3 and 4).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCheckpoint, saveCheckpoint } from '../src/gan/checkpoint.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { decodeSafetensors, encodeSafetensors } from '../src/nn/safetensors.js';
import { loadCheckpointFile } from '../src/cli/runCheckpoint.js';
import { Random } from '../src/tensor/random.js';
import { throwsWith } from './helpers/throwsWith.js';
import { ringData, tinyConfig } from './helpers/tinyGan.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-ckpt-load-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const trainer = new GanTrainer(ringData(32, 1), tinyConfig());
trainer.train(2);
const good = saveCheckpoint(trainer, {});

/** good with one tensor's element replaced by value. */
function withWeight(name: string, index: number, value: number): Uint8Array {
  const { tensors, metadata } = decodeSafetensors(good);
  tensors[name]!.data[index] = value;
  return encodeSafetensors(tensors, metadata);
}

test('random bytes read as "not a safetensors file", naming the file', () => {
  const rng = new Random(5);
  const junk = Uint8Array.from({ length: 4096 }, () => Math.floor(rng.uniform() * 256));
  throwsWith(() => readCheckpoint(junk, 'runs/x/checkpoint.safetensors'), /^runs\/x\/checkpoint\.safetensors: not a safetensors file \(/);
  throwsWith(() => readCheckpoint(new TextEncoder().encode('hello, world'), 'a.safetensors'), /^a\.safetensors: not a safetensors file/);
});

test('a truncated checkpoint names the file and the tensor', () => {
  throwsWith(() => readCheckpoint(good.subarray(0, good.length - 100), 'cut.safetensors'), /^cut\.safetensors: .*data_offsets end \d+ is beyond the data buffer/);
});

test('a missing file is reported once with its code, not "ENOENT: ENOENT"', () => {
  const path = join(dir, 'nope.safetensors');
  try {
    loadCheckpointFile(path);
    assert.unreachable('expected an error');
  } catch (e) {
    const m = (e as Error).message;
    assert.ok(m.includes(path), m);
    assert.match(m, /ENOENT/);
    assert.not.match(m, /ENOENT: ENOENT/);
  }
});

test('a non-finite weight is refused at load, naming the tensor and element', () => {
  throwsWith(() => readCheckpoint(withWeight('generator.0.weight', 3, NaN), 'nan.safetensors'), /^nan\.safetensors: tensor 'generator\.0\.weight' holds NaN at element 3/);
  throwsWith(() => readCheckpoint(withWeight('discriminator.2.bias', 0, -Infinity), 'inf.safetensors'), /^inf\.safetensors: tensor 'discriminator\.2\.bias' holds -Infinity at element 0/);
  const path = join(dir, 'nan.safetensors');
  writeFileSync(path, withWeight('generator_ema.2.weight', 1, Infinity));
  throwsWith(() => loadCheckpointFile(path), /tensor 'generator_ema\.2\.weight' holds Infinity at element 1/);
  assert.ok(readCheckpoint(good).section('generator')['0.weight']);
});

test.run();
