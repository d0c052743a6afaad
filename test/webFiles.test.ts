// The training page's file drop (src/web/files.ts), on Node's File: CSV files of numbers pass, text columns are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rowsFromFiles } from '../src/web/files.js';

test('a CSV of numbers becomes rows; a text column is refused by name instead of training on its codes', async () => {
  const ok = await rowsFromFiles([new File(['a,b\n1,2\n3,4\n'], 'pts.csv')]);
  assert.is(ok.dim, 2);
  assert.equal(Array.from(ok.x), [1, 2, 3, 4]);
  try {
    await rowsFromFiles([new File(['size,colour\n1,red\n2,blue\n3,red\n'], 'mixed.csv')]);
    assert.unreachable('a text column must be refused');
  } catch (e) {
    assert.match((e as Error).message, /^drop: mixed\.csv: column 'colour' holds text \(categories red, blue, …\); the page trains on number columns only/);
  }
});

test.run();
