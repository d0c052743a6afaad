import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Dataset, checkDataset, selectExamples } from '../src/data/dataset.js';
import { parseDigits } from '../src/data/digits.js';
import { grid25, grid25Centers, ring8, ring8Centers } from '../src/data/mixtures.js';
import { Scaler, fitScaler } from '../src/data/scaler.js';
import { fewShotSplit } from '../src/data/split.js';
import { encodePng, encodePngGray } from '../src/image/png.js';
import { DIGITS_FILE, MIXTURE_HELD_OUT_POOL, loadDataset } from '../src/node/loadData.js';
import { throwsWith } from './helpers/throwsWith.js';

const digitsText = gunzipSync(readFileSync(new URL('../data/digits.csv.gz', import.meta.url))).toString('utf8');
const digits = parseDigits(digitsText, 'digits.csv.gz');

function classCounts(labels: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const l of labels) c[l]!++;
  return c;
}

/** Tiny labeled data set: class c has sizes[c] rows; row i holds [i, label]. */
function labeled(sizes: number[]): Dataset {
  const labels: number[] = [];
  sizes.forEach((s, c) => {
    for (let k = 0; k < s; k++) labels.push(c);
  });
  const n = labels.length;
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = labels[i]!;
  }
  return { name: 'toy', x, n, dim: 2, labels: Int32Array.from(labels), numClasses: sizes.length };
}

// ---------------------------------------------------------------- mixtures

for (const [gen, k, sigma] of [[ring8, 8, 0.01], [grid25, 25, 0.05]] as const) {
  test(`${gen.name}: points near their mode (4σ, 3σ rates), every mode used, σ and seed`, () => {
    const n = 5000;
    const ds = checkDataset(gen(n, 7));
    assert.is(ds.n, n);
    assert.is(ds.dim, 2);
    assert.is(ds.numClasses, k);
    assert.is(ds.modes!.sigma, sigma);
    assert.is(ds.modes!.centers.length, 2 * k);
    const c = ds.modes!.centers;
    let ss = 0;
    let within3 = 0;
    let within4 = 0;
    for (let i = 0; i < n; i++) {
      const m = ds.labels![i]!;
      const dx = ds.x[2 * i]! - c[2 * m]!;
      const dy = ds.x[2 * i + 1]! - c[2 * m + 1]!;
      const d = Math.hypot(dx, dy);
      // The distance to the mode is Rayleigh(σ): P(d > tσ) = exp(−t²/2); P(d > 6σ) · 5000 ≈ 8e-5.
      assert.ok(d < 6 * sigma, `row ${i} is ${d} from mode ${m}`);
      if (d < 3 * sigma) within3++;
      if (d < 4 * sigma) within4++;
      ss += dx * dx + dy * dy;
    }
    assert.ok(within4 / n > 1 - 3e-3, `within 4σ: ${within4 / n} (expected 1 − e^−8 ≈ 0.99966)`);
    assert.ok(Math.abs(within3 / n - (1 - Math.exp(-4.5))) < 0.006, `within 3σ: ${within3 / n} (expected 0.9889)`);
    const std = Math.sqrt(ss / (2 * n));
    assert.ok(Math.abs(std / sigma - 1) < 0.03, `per-coordinate std ${std} vs σ ${sigma}`);
    // Uniform mode choice: each count within 5 binomial standard deviations of n/K.
    const counts = classCounts(ds.labels!, k);
    const sd = Math.sqrt((n * (1 / k) * (1 - 1 / k)));
    for (const cnt of counts) assert.ok(cnt > 0 && Math.abs(cnt - n / k) < 5 * sd, `mode counts ${counts}`);
    // Same seed, same bytes; another seed, other points.
    const again = gen(n, 7);
    assert.equal(new Uint8Array(again.x.buffer), new Uint8Array(ds.x.buffer));
    assert.equal(again.labels, ds.labels);
    assert.not.equal(gen(n, 8).x, ds.x);
  });
}

test('mixture centers follow PacGAN: ring at angles 2πk/8 radius 1, grid mode 5i+j at (−4+2i, −4+2j)', () => {
  const r = ring8Centers();
  const h = Math.SQRT1_2;
  const expected = [1, 0, h, h, 0, 1, -h, h, -1, 0, -h, -h, 0, -1, h, -h];
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(r[i]! - expected[i]!) < 1e-15, `ring center entry ${i}: ${r[i]}`);
  const g = grid25Centers();
  assert.equal([g[0], g[1]], [-4, -4]);
  assert.equal([g[2 * 7], g[2 * 7 + 1]], [-2, 0]);
  assert.equal([g[48], g[49]], [4, 4]);
  throwsWith(() => ring8(0, 1), /ring8: n must be a positive integer, got 0/);
});

// ---------------------------------------------------------------- digits

test('digits: 1797 rows of 8x8 pixels in [0,1], 10 classes', () => {
  checkDataset(digits);
  assert.is(digits.n, 1797);
  assert.is(digits.dim, 64);
  assert.is(digits.numClasses, 10);
  assert.equal(digits.image, { height: 8, width: 8, channels: 1 });
  assert.equal(classCounts(digits.labels!, 10), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  let min = Infinity;
  let max = -Infinity;
  for (const v of digits.x) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.is(min, 0);
  assert.is(max, 1);
  // First row of the file: 0,0,5,13,9,1,0,0, ... label 0.
  assert.equal(Array.from(digits.x.subarray(0, 4)), [0, 0, 5 / 16, 13 / 16]);
  assert.is(digits.labels![0], 0);
});

test('parseDigits errors name the row', () => {
  const row = (pixel: string, label: string): string => `${Array(63).fill('0').join(',')},${pixel},${label}`;
  const good = row('16', '9');
  throwsWith(() => parseDigits(`${good}\n${good}\n1,2,3\n`, 'd.csv'), /d\.csv: row 3 has 3 fields, expected 65/);
  throwsWith(() => parseDigits('1,2,3\n', 'd.csv'), 'parseDigits: d.csv: rows have 3 numbers, expected 65 (64 pixels and a label)');
  throwsWith(() => parseDigits(`${good}\n${row('17', '1')}\n`, 'd.csv'), 'parseDigits: d.csv: row 2, pixel 63 is 17; expected an integer 0..16');
  throwsWith(() => parseDigits(`${row('2.5', '1')}\n`, 'd.csv'), /row 1, pixel 63 is 2\.5/);
  throwsWith(() => parseDigits(`${good}\n${good}\n${row('0', '10')}\n`, 'd.csv'), 'parseDigits: d.csv: row 3, label is 10; expected an integer 0..9');
  const one = parseDigits(`${good}\n`, 'd.csv');
  assert.is(one.n, 1);
  assert.is(one.x[63], 1);
  assert.is(one.labels![0], 9);
});

// ---------------------------------------------------------------- split

test('fewShotSplit: stratified, disjoint, sorted, deterministic', () => {
  for (const n of [10, 50, 53, 7, 1000]) {
    const s = fewShotSplit(digits, { n, seed: 3 });
    assert.is(s.trainIndices.length, n);
    assert.is(s.train.n, n);
    const counts = classCounts(s.train.labels!, 10);
    for (const c of counts) assert.ok(c === Math.floor(n / 10) || c === Math.ceil(n / 10), `n=${n}: ${counts}`);
    assert.is(s.heldOut.n, Math.min(1797 - n, Math.max(n, 500)));
    const seen = new Set<number>();
    for (const idx of [s.trainIndices, s.heldOutIndices]) {
      for (let i = 0; i < idx.length; i++) {
        if (i > 0) assert.ok(idx[i]! > idx[i - 1]!, 'indices ascending');
        assert.not.ok(seen.has(idx[i]!), `index ${idx[i]} in both sets`);
        seen.add(idx[i]!);
      }
    }
    // Rows and labels are the data set's rows at those indices.
    const i = s.trainIndices[n - 1]!;
    assert.equal(s.train.x.subarray((n - 1) * 64, n * 64), digits.x.subarray(i * 64, (i + 1) * 64));
    assert.is(s.train.labels![n - 1], digits.labels![i]);
    assert.equal(s.train.image, digits.image);
  }
  const a = fewShotSplit(digits, { n: 20, seed: 11, heldOut: 100 });
  const b = fewShotSplit(digits, { n: 20, seed: 11, heldOut: 100 });
  assert.equal(a.trainIndices, b.trainIndices);
  assert.equal(a.heldOutIndices, b.heldOutIndices);
  assert.is(a.heldOut.n, 100);
  assert.not.equal(fewShotSplit(digits, { n: 20, seed: 12 }).trainIndices, a.trainIndices);
});

test('fewShotSplit: unlabeled data and mixture pools', () => {
  const ds: Dataset = { name: 'u', x: Float64Array.from({ length: 30 }, (_, i) => i), n: 30, dim: 1, labels: null, numClasses: 0 };
  const s = fewShotSplit(ds, { n: 5, seed: 1 });
  assert.is(s.train.n, 5);
  assert.is(s.heldOut.n, 25);
  assert.is(s.train.labels, null);
  assert.equal(s.trainIndices, fewShotSplit(ds, { n: 5, seed: 1 }).trainIndices);
  assert.equal(Array.from(s.train.x), Array.from(s.trainIndices));

  const pool = ring8(12 + 2500, 5);
  const r = fewShotSplit(pool, { n: 12, seed: 5 });
  for (const c of classCounts(r.train.labels!, 8)) assert.ok(c === 1 || c === 2);
  assert.is(r.heldOut.n, 500);
  assert.is(r.train.modes, pool.modes);
});

test('fewShotSplit errors', () => {
  throwsWith(() => fewShotSplit(digits, { n: 2000, seed: 0 }), 'fewShotSplit: --n 2000 is more than the 1797 examples of digits');
  throwsWith(() => fewShotSplit(digits, { n: 1797, seed: 0 }), 'fewShotSplit: --n 1797 uses all 1797 examples of digits and leaves none held out');
  throwsWith(() => fewShotSplit(digits, { n: 0, seed: 0 }), 'fewShotSplit: --n must be a positive integer, got 0');
  throwsWith(() => fewShotSplit(digits, { n: 1.5, seed: 0 }), /--n must be a positive integer, got 1\.5/);
  throwsWith(() => fewShotSplit(digits, { n: 100, seed: 0, heldOut: 1698 }), 'fewShotSplit: heldOut 1698 is more than the 1697 examples of digits left after --n 100');
  throwsWith(() => fewShotSplit(digits, { n: 100, seed: 0, heldOut: 0 }), /heldOut must be a positive integer, got 0/);
  throwsWith(
    () => fewShotSplit(labeled([2, 30]), { n: 10, seed: 0 }),
    'fewShotSplit: class 0 of toy has 2 examples, but a stratified split of --n 10 over 2 classes needs at least 5 per class',
  );
  throwsWith(() => fewShotSplit(labeled([2, 2, 10]), { n: 8, seed: 0 }), /toy has too few examples for a stratified split of --n 8 over 3 classes \(7 fit/);
});

test('fewShotSplit property: class counts differ by at most one, sets disjoint, or a clear error', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (sizes, n, seed) => {
      const ds = labeled(sizes);
      let s;
      try {
        s = fewShotSplit(ds, { n, seed });
      } catch (e) {
        assert.match((e as Error).message, /^fewShotSplit: (--n \d+ (is more|uses all)|class \d+ of toy has|toy has too few)/);
        return;
      }
      const counts = classCounts(s.train.labels!, sizes.length);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1);
      assert.is(counts.reduce((a, b) => a + b, 0), n);
      const all = new Set([...s.trainIndices, ...s.heldOutIndices]);
      assert.is(all.size, n + s.heldOutIndices.length);
      assert.is(s.heldOutIndices.length, Math.min(ds.n - n, Math.max(n, 500)));
    }),
    { seed: 42, numRuns: 300 },
  );
});

// ---------------------------------------------------------------- scaler

test('scaler minmax per column: range, round trip, constant column to the midpoint', () => {
  const rows = 50;
  const dim = 3;
  const x = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    x[r * dim] = Math.sin(r) * 100;
    x[r * dim + 1] = 7; // constant
    x[r * dim + 2] = r * 1e-3 - 5;
  }
  const s = fitScaler(x, dim, { kind: 'minmax', range: [-1, 1] });
  const y = s.transform(x);
  for (let r = 0; r < rows; r++) {
    assert.is(y[r * dim + 1], 0);
    for (const j of [0, 2]) assert.ok(y[r * dim + j]! >= -1 && y[r * dim + j]! <= 1 + 1e-15);
  }
  assert.is(y[2], -1); // column 2 is smallest in row 0 (x = r·1e-3 − 5)
  assert.ok(Math.abs(y[(rows - 1) * dim + 2]! - 1) < 1e-12);
  const back = s.inverse(y);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(back[i]! - x[i]!) < 1e-12 * Math.max(1, Math.abs(x[i]!)), `entry ${i}`);
  assert.is(back[1], 7);
  const s01 = fitScaler(x, dim, { range: [0, 1] });
  assert.is(s01.transform(x)[1], 0.5);
});

test('scaler standard: zero mean, unit std, constant column to 0; Float32 in, Float32 out', () => {
  const x = Float64Array.from([1, 5, 2, 5, 3, 5, 4, 5]);
  const s = fitScaler(x, 2, { kind: 'standard' });
  assert.equal(Array.from(s.a), [2.5, 5]);
  assert.ok(Math.abs(s.b[0]! - Math.sqrt(1.25)) < 1e-15);
  assert.is(s.b[1], 0);
  const y = s.transform(x);
  let m = 0;
  let v = 0;
  for (let r = 0; r < 4; r++) m += y[2 * r]! / 4;
  for (let r = 0; r < 4; r++) v += (y[2 * r]! - m) ** 2 / 4;
  assert.ok(Math.abs(m) < 1e-15 && Math.abs(v - 1) < 1e-12);
  for (let r = 0; r < 4; r++) assert.is(y[2 * r + 1], 0);
  const f = s.inverse(Float32Array.from(y));
  assert.instance(f, Float32Array);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(f[i]! - x[i]!) < 1e-6, `entry ${i}: ${f[i]}`);
});

test('scaler perColumn false keeps pixel order; JSON round trip; errors', () => {
  const x = digits.x.subarray(0, 64 * 20);
  const s = fitScaler(x, 64, { perColumn: false });
  assert.is(s.a.length, 1);
  const y = s.transform(x);
  for (let i = 1; i < x.length; i++) assert.is(Math.sign(y[i]! - y[i - 1]!), Math.sign(x[i]! - x[i - 1]!));
  assert.is(Math.min(...y), -1);
  assert.is(Math.max(...y), 1);
  const json = JSON.parse(JSON.stringify(s.toJSON()));
  assert.equal(json, { kind: 'minmax', range: [-1, 1], perColumn: false, dim: 64, a: [0], b: [1] });
  const t = Scaler.fromJSON(json);
  assert.equal(t.transform(x), y);
  const st = fitScaler(x, 64, { kind: 'standard' });
  assert.equal(Scaler.fromJSON(JSON.parse(JSON.stringify(st))).inverse(st.transform(x)), st.inverse(st.transform(x)));

  throwsWith(() => fitScaler(Float64Array.from([1, 2, 3, NaN]), 2), 'fitScaler: x row 1 has NaN (column 1)');
  throwsWith(() => fitScaler(Float64Array.from([1, 2, 3]), 2), /fitScaler: x has 3 entries; expected a positive multiple of dim 2/);
  throwsWith(() => fitScaler(Float64Array.from([1, 2]), 2, { range: [1, -1] }), /range must be two finite numbers \[lo, hi\] with lo < hi, got \[1, -1\]/);
  throwsWith(() => s.transform(new Float64Array(65)), 'Scaler.transform: x has 65 entries, not a multiple of dim 64');
  throwsWith(() => Scaler.fromJSON({ ...json, kind: 'robust' }), /kind must be 'minmax' or 'standard', got "robust"/);
  throwsWith(() => Scaler.fromJSON({ ...json, a: [0, 1] }), /expected 1 statistics \(one global\), got 2 and 1/);
  throwsWith(() => Scaler.fromJSON({ ...json, a: [2] }), /invalid minmax statistics for column 0: min 2, max 1/);
  throwsWith(() => Scaler.fromJSON(null), 'Scaler.fromJSON: expected an object, got null');
});

// ---------------------------------------------------------------- checkDataset

test('checkDataset errors', () => {
  const base = (): Dataset => ({ name: 'bad', x: Float64Array.from([1, 2, 3, 4, 5, 6]), n: 2, dim: 3, labels: Int32Array.from([0, 1]), numClasses: 2 });
  checkDataset(base());
  const withX = (i: number, v: number): Dataset => {
    const ds = base();
    ds.x[i] = v;
    return ds;
  };
  throwsWith(() => checkDataset(withX(5, NaN)), 'checkDataset: bad row 1 has NaN (column 2)');
  throwsWith(() => checkDataset(withX(1, -Infinity)), 'checkDataset: bad row 0 has -Infinity (column 1)');
  throwsWith(() => checkDataset({ ...base(), dim: 0, x: new Float64Array(0) }), 'checkDataset: bad has dim = 0; expected at least one feature per example');
  throwsWith(() => checkDataset({ ...base(), n: 0, x: new Float64Array(0), labels: new Int32Array(0) }), 'checkDataset: bad has n = 0; expected at least one example');
  throwsWith(() => checkDataset({ ...base(), labels: Int32Array.from([0, 2]) }), 'checkDataset: bad row 1 has label 2, outside 0..1');
  throwsWith(() => checkDataset({ ...base(), labels: Int32Array.from([-1, 0]) }), /row 0 has label -1/);
  throwsWith(() => checkDataset({ ...base(), labels: null }), /has no labels but numClasses = 2/);
  throwsWith(() => checkDataset({ ...base(), n: 3 }), /x has 6 entries but \[n, dim\] = \[3, 3\] needs 9/);
  throwsWith(() => checkDataset({ ...base(), image: { height: 2, width: 2, channels: 1 } }), /image 2x2x1 has 4 values but dim is 3/);
  throwsWith(() => checkDataset({ ...base(), modes: { centers: new Float64Array(3), sigma: 0 } }), /modes.sigma must be a finite number > 0, got 0/);
  throwsWith(() => selectExamples(base(), Int32Array.from([2])), 'selectExamples: index 2 at position 0 is outside 0..1 of bad');
});

// ---------------------------------------------------------------- loadDataset

test('loadDataset: built-ins and errors', () => {
  const r = loadDataset('ring8', { seed: 4, n: 100 });
  assert.is(r.n, 100 + MIXTURE_HELD_OUT_POOL);
  assert.equal(r.x, ring8(100 + MIXTURE_HELD_OUT_POOL, 4).x);
  assert.is(loadDataset('grid25', { seed: 4, n: 10, heldOutPool: 90 }).n, 100);
  const d = loadDataset('digits', { seed: 0, n: 10 });
  assert.equal(d.x, digits.x);
  assert.ok(DIGITS_FILE.endsWith(join('data', 'digits.csv.gz')));
  throwsWith(
    () => loadDataset('foo', { seed: 0, n: 10 }),
    "loadDataset: 'foo' is not a built-in data set (ring8, grid25, digits, mnist, fashion) and no file or folder of that name exists",
  );
  throwsWith(() => loadDataset('ring8', { seed: 0, n: 0 }), /ring8 needs n, the number of training points, as a positive integer, got 0/);
});

test('loadDataset: CSV files and PNG folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrgan-data-'));
  try {
    const csv = join(dir, 'iris.csv');
    writeFileSync(csv, 'a,b,species\n1,2,x\n3,4,y\n5,6,x\n');
    const byName = loadDataset(csv, { seed: 0, n: 1, labelColumn: 'species' });
    assert.is(byName.name, 'iris');
    assert.equal([byName.n, byName.dim, byName.numClasses], [3, 2, 2]);
    assert.equal(Array.from(byName.x), [1, 2, 3, 4, 5, 6]);
    assert.equal(Array.from(byName.labels!), [0, 1, 0]);
    assert.equal(byName.labelNames, ['x', 'y']);
    const byIndex = loadDataset(csv, { seed: 0, n: 1, labelColumn: -1 });
    assert.equal(byIndex.labels, byName.labels);
    const noLabel = join(dir, 'plain.csv.gz');
    writeFileSync(noLabel, gzipSync('1,2\n3,4\n'));
    const p = loadDataset(noLabel, { seed: 0, n: 1 });
    assert.equal([p.name, p.n, p.dim, p.labels, p.numClasses], ['plain', 2, 2, null, 0]);

    writeFileSync(join(dir, 'broken.csv.gz'), 'not gzip');
    throwsWith(() => loadDataset(join(dir, 'broken.csv.gz'), { seed: 0, n: 1 }), /loadDataset: '.*broken\.csv\.gz' is not a valid gzip file/);
    writeFileSync(join(dir, 'bad.csv'), '1,2\n3,oops\n');
    throwsWith(() => loadDataset(join(dir, 'bad.csv'), { seed: 0, n: 1 }), /bad\.csv: row 2, column 2: 'oops' is not a number/);
    writeFileSync(join(dir, 'notes.txt'), '1,2\n');
    throwsWith(() => loadDataset(join(dir, 'notes.txt'), { seed: 0, n: 1 }), /notes\.txt' is a file but not a \.csv or \.csv\.gz file/);

    const gray = join(dir, 'gray');
    mkdirSync(gray);
    writeFileSync(join(gray, 'a.png'), encodePngGray(3, 2, Uint8Array.from([0, 51, 102, 153, 204, 255])));
    writeFileSync(join(gray, 'b.png'), encodePngGray(3, 2, new Uint8Array(6).fill(255)));
    const g = loadDataset(`${gray}/`, { seed: 0, n: 1 });
    assert.equal([g.name, g.n, g.dim, g.labels], ['gray', 2, 6, null]);
    assert.equal(g.image, { height: 2, width: 3, channels: 1 });
    assert.equal(Array.from(g.x.subarray(0, 6)), [0, 0.2, 0.4, 0.6, 0.8, 1]);

    const rgb = join(dir, 'rgb');
    mkdirSync(rgb);
    const px = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255]); // red, green: 2x1
    writeFileSync(join(rgb, 'x.png'), encodePng({ width: 2, height: 1, data: px }));
    const c = loadDataset(rgb, { seed: 0, n: 1 });
    assert.equal(c.image, { height: 1, width: 2, channels: 3 });
    assert.equal(Array.from(c.x), [1, 0, 0, 0, 1, 0]); // channels last: red pixel, green pixel

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    throwsWith(() => loadDataset(empty, { seed: 0, n: 1 }), /readImageFolder: no \.png files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
