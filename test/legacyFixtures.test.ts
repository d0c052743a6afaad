// Runs and studies written before GanConfig was grouped (test/fixtures/v1-run, v1-study) still load,
// sample the same numbers, resume the same way and count as finished cells.
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempFolders } from './helpers/tempFolders.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUN = join(ROOT, 'test/fixtures/v1-run');
const STUDY = join(ROOT, 'test/fixtures/v1-study');
const folders = tempFolders('legacy');
const dir = folders.make();
test.after(folders.removeAll);

/** The fixtures were written with the JS matrix kernels, whose float32 sums the WebAssembly ones round differently. */
const env = { ...process.env, LRGAN_KERNELS: 'js' };

function lrgan(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env, maxBuffer: 1 << 24 }, (e, out, err) => {
      resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : -1, out, err });
    });
  });
}

/** The numbers of a sample CSV (header skipped), as float32. */
const csvNumbers = (path: string): number[] =>
  readFileSync(path, 'utf8').trim().split('\n').slice(1).flatMap((l) => l.split(',').map((v) => Math.fround(Number(v))));

test('a version-1 checkpoint samples the numbers it sampled when it was written', async () => {
  const out = join(dir, 'samples.csv');
  const r = await lrgan('sample', '--checkpoint', join(RUN, 'checkpoint.safetensors'), '--count', '5', '--out', out);
  assert.is(r.code, 0, r.err);
  assert.equal(csvNumbers(out), csvNumbers(join(RUN, 'samples-seed1.csv')));
});

test('a version-1 run resumes to the same weights as before', async () => {
  const run = join(dir, 'run');
  cpSync(RUN, run, { recursive: true });
  const r = await lrgan('train', '--out', run, '--resume', '--steps', '45', '--checkpoint-every', '0', '--eval-samples', '300');
  assert.is(r.code, 0, r.err);
  const out = join(dir, 'resumed.csv');
  const s = await lrgan('sample', '--checkpoint', join(run, 'checkpoint.safetensors'), '--count', '5', '--out', out);
  assert.is(s.code, 0, s.err);
  assert.equal(csvNumbers(out), csvNumbers(join(RUN, 'samples-resumed-to-45.csv')));
});

test('a version-1 study reruns without training: every stored cell is reused', async () => {
  const out = join(dir, 'study');
  cpSync(STUDY, out, { recursive: true });
  const grid = JSON.parse(readFileSync(join(STUDY, 'study.json'), 'utf8')).grid as { models: string[] };
  const r = await lrgan('study', '--data', 'ring8', '--n', '50', '--models', grid.models.join(','), '--seeds', '1', '--steps', '30', '--out', out);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /0 cells run, 6 reused/);
});

test.run();
