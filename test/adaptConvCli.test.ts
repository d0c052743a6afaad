// `lrgan adapt` from a convolutional checkpoint: every adapter mode runs, stores only what it trained, and samples.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lrgan } from './helpers/runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-adaptconv-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a conv source adapts with lora, sigma and scale-shift; the adapter samples', async () => {
  const src = join(dir, 'src');
  const t = await lrgan('train', '--data', 'digits', '--n', '50', '--arch', 'conv', '--batch', '8', '--eval-samples', '100', '--steps', '2', '--out', src);
  assert.is(t.code, 0, t.stderr);
  const modes = ['lora:2', 'sigma', 'scale-shift'];
  const runs = await Promise.all(modes.map((m) => lrgan('adapt', '--from', join(src, 'checkpoint.safetensors'), '--data', 'digits', '--n', '10',
    '--mode', m, '--steps', '2', '--eval-samples', '100', '--out', join(dir, m.replace(':', '')))));
  const counts: number[] = [];
  runs.forEach((r, i) => {
    assert.is(r.code, 0, `${modes[i]}: ${r.stderr}`);
    counts.push(JSON.parse(readFileSync(join(dir, modes[i]!.replace(':', ''), 'metrics.json'), 'utf8')).adaptation.trainableParameters);
  });
  assert.ok(counts.every((c) => c > 0), `trainable ${counts}`);
  // sigma and scale-shift train far fewer scalars than LoRA at rank 2.
  assert.ok(counts[1]! < counts[0]! && counts[2]! < counts[0]!, `trainable ${counts}`);
  const s = await lrgan('sample', '--checkpoint', join(dir, 'lora2', 'adapter.safetensors'), '--count', '6', '--out', join(dir, 's.csv'));
  assert.is(s.code, 0, s.stderr);
  assert.is(readFileSync(join(dir, 's.csv'), 'utf8').trim().split('\n').length, 7);
});

test.run();
