// `lrgan train` → `sample` / `eval` / `--resume` on a table with categorical columns and --normalize quantile (issue 16).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lrgan } from './helpers/runCli.js';
import { loadCheckpointFile, runExtra, runScaler } from '../src/cli/runCheckpoint.js';
import { QuantileScaler } from '../src/data/quantileScaler.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-categorical-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TINY = ['--n', '40', '--hidden', '16', '--rank', 'full', '--eval-samples', '200', '--checkpoint-every', '5'];
const CITIES = ['north', 'south', 'east, upper'];
const rows = ['rooms,city,price,plan,kind'];
for (let i = 0; i < 80; i++) rows.push(`${1 + (i % 5)},"${CITIES[i % 3]}",${(100 * Math.exp((i % 7) / 3)).toFixed(2)},${1 + (i % 2)},${i % 4 === 0 ? 'small' : 'large'}`);
const csv = join(dir, 'homes.csv');
writeFileSync(csv, `${rows.join('\n')}\n`);
const out = join(dir, 'homes');

test('train → sample: category text in its own column (quoted when it holds a comma), integer columns as integers, the order of the file', async () => {
  const train = await lrgan('train', '--data', csv, '--label-column', 'kind', '--categorical', 'plan', '--normalize', 'quantile', ...TINY, '--steps', '10', '--out', out);
  assert.is(train.code, 0, train.stderr);
  assert.match(train.stdout, /marginals, mean\s+KS \d\.\d{3} \(number columns\), TV \d\.\d{3} \(categorical columns\)/);
  const path = join(dir, 'homes-samples.csv');
  const s = await lrgan('sample', '--checkpoint', join(out, 'checkpoint.safetensors'), '--count', '100', '--out', path);
  assert.is(s.code, 0, s.stderr);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.is(lines[0], 'rooms,city,price,plan,kind');
  assert.is(lines.length, 101);
  for (const line of lines.slice(1)) {
    const m = /^(-?\d+),(north|south|"east, upper"),([^,]+),(1|2),(small|large)$/.exec(line);
    assert.ok(m !== null, line);
    // Quantile normalization keeps samples within the training range.
    assert.ok(Number(m![1]) >= 1 && Number(m![1]) <= 5, line);
    assert.ok(Number(m![3]) >= 100 && Number(m![3]) <= 100 * Math.exp(2) + 0.01, line);
  }
  const ckpt = loadCheckpointFile(join(out, 'checkpoint.safetensors'));
  const extra = runExtra(ckpt, 'ckpt');
  assert.ok(runScaler(extra, 'ckpt') instanceof QuantileScaler);
  assert.equal(extra.dataset.layout?.fields.map((f) => f.kind === 'category' ? f.categories : f.name), ['rooms', CITIES, 'price', ['1', '2']]);
  assert.equal(ckpt.config.categorical, { blocks: [{ offset: 1, size: 3 }, { offset: 5, size: 2 }], temperature: 0.5 });
});

test('--resume reads the categories and the quantile scaler back from the checkpoint, and keeps --normalize', async () => {
  const resumed = await lrgan('train', '--out', out, '--resume', '--steps', '15', '--eval-samples', '200');
  assert.is(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming at step 10 of 15/);
  const changed = await lrgan('train', '--out', out, '--resume', '--steps', '20', '--normalize', 'minmax');
  assert.is(changed.code, 2, changed.stderr);
  assert.match(changed.stderr, /--normalize minmax differs from the checkpoint's \(quantile\)/);
  // The same column by index is the same run; another column is not.
  const byIndex = await lrgan('train', '--out', out, '--resume', '--steps', '20', '--categorical', '3', '--eval-samples', '200');
  assert.is(byIndex.code, 0, byIndex.stderr);
  const other = await lrgan('train', '--out', out, '--resume', '--steps', '25', '--categorical', 'rooms');
  assert.is(other.code, 2, other.stderr);
  assert.match(other.stderr, /--categorical \["rooms"\] differs from the checkpoint's \(\["plan"\]\)/);
});

test('bad tables and flags stop with the row, column and value', async () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b\n1,x\n2,\n3,y\n');
  const r = await lrgan('train', '--data', bad, '--n', '2', '--steps', '1', '--out', join(dir, 'bad'));
  assert.is(r.code, 1);
  assert.match(r.stderr, /bad\.csv: row 3, column 'b': empty cell, expected a category/);
  const flag = await lrgan('train', '--data', csv, '--normalize', 'rank', '--steps', '1', '--out', join(dir, 'flag'));
  assert.match(flag.stderr, /--normalize: expected one of minmax, quantile, got 'rank'/);
  const tau = await lrgan('train', '--data', 'ring8', '--category-temperature', '0.2', '--steps', '1', '--out', join(dir, 'tau'));
  assert.match(tau.stderr, /--category-temperature: expected a table with categorical columns/);
});

test.run();
