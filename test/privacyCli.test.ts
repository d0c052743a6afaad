// `lrgan train --dp-epsilon` and the privacy and utility lines of `lrgan eval`, run as a user runs them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempFolders } from './helpers/tempFolders.js';
import { lrgan } from './helpers/runCli.js';

const folders = tempFolders('privacy-cli');
test.after(folders.removeAll);

const dir = folders.make();
const IRIS = ['--data', 'data/iris.csv', '--label-column', 'species', '--n', '50', '--hidden', '16,16', '--eval-samples', '300'];

test('--dp-epsilon trains within the budget, reports ε and writes it to metrics.json; eval prints utility and privacy', async () => {
  const run = join(dir, 'dp');
  const t = await lrgan('train', ...IRIS, '--steps', '200', '--dp-epsilon', '5', '--out', run);
  assert.is(t.code, 0, t.stderr);
  assert.match(t.stdout, /privacy: DP-SGD on D: clip 1, σ = [\d.]+, Poisson batches at q = 0\.1; stops before ε passes 5 at δ = 0\.00001/);
  assert.match(t.stdout, /privacy guarantee +\(ε = 4\.9\d\d, δ = 0\.00001\) for every training row, over 200 D updates/);
  const m = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { privacy: { epsilon: number; discriminatorUpdates: number } };
  assert.ok(m.privacy.epsilon <= 5 && m.privacy.epsilon > 4.9, `ε ${m.privacy.epsilon}`);
  const e = await lrgan('eval', '--checkpoint', join(run, 'checkpoint.safetensors'), '--count', '300');
  assert.is(e.code, 0, e.stderr);
  assert.match(e.stdout, /membership attack AUC +0\.\d{3}/);
  assert.match(e.stdout, /closer to training +\d+\.\d%/);
  assert.match(e.stdout, /utility, logistic +TSTR 0\.\d{3} ± 0\.\d{3} \/ TRTR 0\.\d{3} ± 0\.\d{3} = \d+\.\d%/);
  assert.match(e.stdout, /300 synthetic rows labelled by the class they were generated for/);
  assert.match(e.stdout, /privacy guarantee +\(ε = 4\.9\d\d, δ = 0\.00001\) for every training row, over 200 D updates/);
  const again = await lrgan('train', '--out', run, '--steps', '400', '--resume', '--dp-noise', '1');
  assert.is(again.code, 2);
  assert.match(again.stderr, /--dp-noise: with --resume the run keeps the settings it was started with/);
});

test('DP refuses what it cannot cover, and DP flags without a budget', async () => {
  const r1 = await lrgan('train', ...IRIS, '--steps', '5', '--dp-epsilon', '5', '--r1', '1', '--out', join(dir, 'r1'));
  assert.is(r1.code, 2);
  assert.match(r1.stderr, /privacy \(DP-SGD on the discriminator\) cannot be combined with R1/);
  const clip = await lrgan('train', ...IRIS, '--steps', '5', '--dp-clip', '2', '--out', join(dir, 'clip'));
  assert.is(clip.code, 2);
  assert.match(clip.stderr, /--dp-clip applies to a private run: add --dp-epsilon EPS or --dp-noise SIGMA/);
  const quantile = await lrgan('train', ...IRIS, '--steps', '5', '--dp-noise', '1', '--normalize', 'quantile', '--out', join(dir, 'q'));
  assert.is(quantile.code, 2);
  assert.match(quantile.stderr, /--normalize quantile stores every distinct training value .* a private run needs --normalize minmax/);
});

test.run();
