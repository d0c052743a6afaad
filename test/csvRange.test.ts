// Finite values that float32 cannot hold are refused when the file is read (issue 13, item 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCsv } from '../src/data/csv.js';
import { Scaler, fitScaler } from '../src/data/scaler.js';
import { fewShotSplit } from '../src/data/split.js';
import { loadDataset } from '../src/node/loadData.js';
import { throwsWith } from './helpers/throwsWith.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-csv-range-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('values beyond float32 are refused with file, row and column', () => {
  throwsWith(() => parseCsv('a,b\n1,2\n1e300,3\n', { source: 'big.csv' }), "big.csv: row 3, column 'a': '1e300' does not fit float32 (its largest finite value is 3.4028235e+38)");
  throwsWith(() => parseCsv('1,2\n3,-1e39\n', { source: 'big.csv' }), /^big\.csv: row 2, column 2: '-1e39' does not fit float32/);
  const ok = parseCsv('3.4028234e38,-3.4e38,1e-40,0\n', { source: 'ok.csv' });
  assert.equal([...ok.data], [3.4028234e38, -3.4e38, 1e-40, 0]);
});

test('a huge value in a row that the split holds out is refused too', () => {
  const rows = ['x,y'];
  for (let i = 0; i < 40; i++) rows.push(`${i},${i % 7}`);
  const path = join(dir, 'held.csv');
  const probe = (text: string): void => writeFileSync(path, text);
  probe(`${rows.join('\n')}\n`);
  const split = fewShotSplit(loadDataset(path, { seed: 1, n: 10 }), { n: 10, seed: 1 });
  const heldRow = split.heldOutIndices[0]!;
  const bad = rows.slice();
  bad[heldRow + 1] = `${heldRow},1e39`;
  probe(`${bad.join('\n')}\n`);
  throwsWith(() => loadDataset(path, { seed: 1, n: 10 }), new RegExp(`held\\.csv: row ${heldRow + 2}, column 'y': '1e39' does not fit float32`));
});

test('the scaler refuses statistics whose spread overflows', () => {
  throwsWith(() => fitScaler(Float64Array.from([-1e308, 1e308]), 1), /Scaler: column 0 spans -1e\+308 to 1e\+308, a spread beyond the largest float64/);
  throwsWith(() => new Scaler('minmax', [-1, 1], true, 1, Float64Array.of(-1e308), Float64Array.of(1e308)), /Scaler: column 0 spans/);
});

test.run();
