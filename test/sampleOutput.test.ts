// `lrgan sample` CSV output a user can use: column names, labels, short numbers, file units (issue 13, item 8).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lrgan } from './helpers/runCli.js';
import { shortestFloat32 } from '../src/data/shortestFloat32.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-sample-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TINY = ['--n', '40', '--hidden', '16', '--rank', 'full', '--eval-samples', '200', '--steps', '10'];

test('shortestFloat32: the fewest significant digits that read back as the same float32', () => {
  assert.is(shortestFloat32(101.61323547363281), '101.613235');
  assert.is(shortestFloat32(Math.fround(101.61324)), '101.61324');
  assert.is(shortestFloat32(Math.fround(0.1)), '0.1');
  assert.is(shortestFloat32(16), '16');
  assert.is(shortestFloat32(-0), '0');
  assert.is(shortestFloat32(Math.fround(3.4028234663852886e38)), '3.4028235e+38');
  assert.is(shortestFloat32(NaN), 'NaN');
  fc.assert(
    fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
      const s = shortestFloat32(v);
      if (Math.fround(Number(s)) !== v) return false;
      const digits = s.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '').length;
      return digits <= 1 || Math.fround(Number(v.toPrecision(digits - 1))) !== v;
    }),
    { seed: 3, numRuns: 2000 },
  );
});

test('sample keeps the training CSV column names and writes the label where the file had it', async () => {
  const rows = ['width,kind,height'];
  for (let i = 0; i < 80; i++) rows.push(`${(i * 1.37) % 11},${i % 3 === 0 ? 'small' : 'large'},${100 + ((i * 7.1) % 13)}`);
  const csv = join(dir, 'shapes.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const out = join(dir, 'shapes');
  const train = await lrgan('train', '--data', csv, '--label-column', 'kind', ...TINY, '--out', out);
  assert.is(train.code, 0, train.stderr);
  const samplesPath = join(dir, 'shapes-samples.csv');
  const s = await lrgan('sample', '--checkpoint', join(out, 'checkpoint.safetensors'), '--count', '20', '--out', samplesPath);
  assert.is(s.code, 0, s.stderr);
  const lines = readFileSync(samplesPath, 'utf8').trimEnd().split('\n');
  assert.is(lines[0], 'width,kind,height');
  assert.is(lines.length, 21);
  for (const line of lines.slice(1)) {
    const [w, kind, h] = line.split(',');
    assert.ok(kind === 'small' || kind === 'large', line);
    for (const v of [w!, h!]) {
      const x = Number(v);
      assert.ok(Number.isFinite(x), line);
      assert.is(shortestFloat32(Math.fround(x)), v, `${v} is not in shortest float32 form`);
    }
  }
});

test('digits samples come out in the file units, 0..16, as the help says', async () => {
  const out = join(dir, 'digits');
  const train = await lrgan('train', '--data', 'digits', ...TINY, '--out', out);
  assert.is(train.code, 0, train.stderr);
  const samplesPath = join(dir, 'digits-samples.csv');
  const [s, help] = await Promise.all([
    lrgan('sample', '--checkpoint', join(out, 'checkpoint.safetensors'), '--count', '10', '--out', samplesPath),
    lrgan('help', 'sample'),
  ]);
  assert.is(s.code, 0, s.stderr);
  const lines = readFileSync(samplesPath, 'utf8').trimEnd().split('\n');
  assert.is(lines[0]!.split(',').length, 65, '64 pixels and the label');
  assert.is(lines[0]!.split(',').at(-1), 'label');
  const values = lines.slice(1).flatMap((l) => l.split(',').slice(0, 64).map(Number));
  assert.ok(Math.max(...values) > 1.5, `largest pixel ${Math.max(...values)}: not in 0..16 units`);
  assert.ok(Math.max(...values) <= 16 && Math.min(...values) >= 0);
  assert.match(help.stdout, /digits: pixels 0\.\.16/);
});

test('integer columns come out as integers, and --within-range keeps each column in its training range', async () => {
  const rows = ['rooms,price'];
  for (let i = 0; i < 80; i++) rows.push(`${1 + (i % 5)},${(100 + ((i * 37.3) % 250)).toFixed(2)}`);
  const csv = join(dir, 'houses.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const out = join(dir, 'houses');
  const train = await lrgan('train', '--data', csv, ...TINY, '--out', out);
  assert.is(train.code, 0, train.stderr);
  const path = join(dir, 'houses-samples.csv');
  const s = await lrgan('sample', '--checkpoint', join(out, 'checkpoint.safetensors'), '--count', '200', '--within-range', '--out', path);
  assert.is(s.code, 0, s.stderr);
  const samples = readFileSync(path, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
  assert.ok(samples.every(([rooms]) => /^-?\d+$/.test(rooms!)), 'rooms are written as integers');
  assert.ok(samples.some(([, price]) => !Number.isInteger(Number(price))), 'price keeps its decimals');
  const rooms = samples.map(([r]) => Number(r)), prices = samples.map(([, p]) => Number(p));
  assert.ok(Math.min(...rooms) >= 1 && Math.max(...rooms) <= 5, `rooms ${Math.min(...rooms)}..${Math.max(...rooms)}`);
  assert.ok(Math.min(...prices) >= 100 && Math.max(...prices) <= 350, `prices ${Math.min(...prices)}..${Math.max(...prices)}`);
});

test.run();
