import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCsv } from '../src/data/csv.js';

const src = 'data.csv';

test('header, label column by name, string labels in order of first appearance', () => {
  const t = parseCsv('x1,x2,kind\n1,2,cat\n3.5,-4e-1,dog\n5,6,cat\n', { source: src, labelColumn: 'kind' });
  assert.equal(t.columns, ['x1', 'x2']);
  assert.equal([t.rows, t.cols], [3, 2]);
  assert.equal([...t.data], [1, 2, 3.5, -0.4, 5, 6]);
  assert.equal([...t.labels!], [0, 1, 0]);
  assert.equal(t.labelNames, ['cat', 'dog']);
});

test('numeric labels are sorted as numbers; "1" and "1.0" are one class', () => {
  const t = parseCsv('10,0\n2,1\n9,10\n1.0,1\n3,2\n', { source: src, labelColumn: -1 });
  assert.equal(t.labelNames, ['0', '1', '2', '10']);
  assert.equal([...t.labels!], [0, 1, 3, 1, 2]);
  assert.equal([...t.data], [10, 2, 9, 1, 3]);
  assert.equal(t.columns, ['col1']);
  const first = parseCsv('5,a\n6,b\n', { source: src, labelColumn: 1 });
  assert.equal(first.labelNames, ['a', 'b']);
});

test('no label column: labels null, every column a feature', () => {
  const t = parseCsv('1,2,3\n4,5,6', { source: src });
  assert.is(t.labels, null);
  assert.is(t.labelNames, null);
  assert.equal(t.columns, ['col1', 'col2', 'col3']);
  assert.equal([...t.data], [1, 2, 3, 4, 5, 6]);
});

test('CRLF, CR, no trailing newline, blank lines, spaces and tabs around numbers, BOM', () => {
  const want = [1, 2, 3, 4];
  for (const text of ['a,b\r\n1,2\r\n3,4\r\n', 'a,b\r1,2\r3,4', '\ufeffa,b\n\n1, 2\n   \n\t3 ,\t4 \n\n']) {
    const t = parseCsv(text, { source: src });
    assert.equal(t.columns, ['a', 'b'], JSON.stringify(text));
    assert.equal([...t.data], want, JSON.stringify(text));
  }
});

test('quoted fields: commas, doubled quotes, newlines, quoted numbers', () => {
  const text = '"x, first","y"\n" 1.5 ",2\n"3",4\n';
  const t = parseCsv(text, { source: src });
  assert.equal(t.columns, ['x, first', 'y']);
  assert.equal([...t.data], [1.5, 2, 3, 4]);
  const q = parseCsv('v,label\n1,"say ""hi"", twice"\n2,"two\nlines"\n3,x\n', { source: src, labelColumn: 'label' });
  assert.equal(q.labelNames, ['say "hi", twice', 'two\nlines', 'x']);
  // The newline inside quotes still counts: "oops" is on line 5.
  assert.throws(() => parseCsv('v,l\n1,"a\nb"\n2,c\noops,d\n', { source: src, labelColumn: 1 }), /data\.csv: row 5, column 'v': 'oops' is not a number/);
});

test("header 'auto': text label in the first row is data, text above numbers is a header", () => {
  const noHeader = parseCsv('1,2,cat\n3,4,dog\n', { source: src, labelColumn: 2 });
  assert.is(noHeader.rows, 2);
  assert.equal(noHeader.labelNames, ['cat', 'dog']);
  const header = parseCsv('x,y,label\n1,2,0\n', { source: src, labelColumn: 2 });
  assert.equal(header.columns, ['x', 'y']);
  assert.is(header.rows, 1);
  const forced = parseCsv('1,2\n3,4\n', { source: src, header: true });
  assert.equal(forced.columns, ['1', '2']);
  assert.is(forced.rows, 1);
  // A categorical column without a header: its first value recurs below, so the first row is data.
  const categories = parseCsv('red,1.5\nblue,2\nred,3\n', { source: src });
  assert.is(categories.rows, 3);
  assert.equal(categories.columns, ['col1', 'col2']);
  // The same column under a name that never recurs: a header.
  const named = parseCsv('colour,size\nred,1.5\nblue,2\nred,3\n', { source: src });
  assert.is(named.rows, 3);
  assert.equal(named.columns, ['colour', 'size']);
});

test('the digits file shipped in shared data parses as 1797 x 64 with 10 classes', async () => {
  const { readFileSync, existsSync } = await import('node:fs');
  const { gunzipSync } = await import('node:zlib');
  const path = new URL('../../shared/data/digits.csv.gz', import.meta.url);
  if (!existsSync(path)) return; // shared/ sits beside the repository; skip when it is not there
  const t = parseCsv(gunzipSync(readFileSync(path)).toString('utf8'), { source: 'digits.csv', labelColumn: -1 });
  assert.equal([t.rows, t.cols], [1797, 64]);
  assert.equal(t.labelNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.is(t.labels![0], 0);
});

const throws = (text: string, re: RegExp, opts: Partial<Parameters<typeof parseCsv>[1]> = {}): void =>
  assert.throws(() => parseCsv(text, { source: src, ...opts }), re);

test('error: ragged row names the line and both counts', () => {
  throws('a,b,c,d\n1,2,3,4\n1,2,3,4\n\n1,2,3\n', /^data\.csv: row 5 has 3 fields, expected 4$/);
  throws('1,2\n3,4,5\n', /data\.csv: row 2 has 3 fields, expected 2/);
});

test('error: text in a numeric column names row and column', () => {
  throws('x1,x2\n1,2\n3,4\n5,6\n7,8\n9,10\n11,abc\n', /^data\.csv: row 7, column 'x2': 'abc' is not a number$/);
  throws('1,2\n3,0x10\n', /data\.csv: row 2, column 2: '0x10' is not a number/);
  throws('x,y\n1,2\n', /data\.csv: row 1, column 1: 'x' is not a number/, { header: false });
});

test('error: NaN, Infinity, overflow and empty cells', () => {
  throws('a,b\n1,NaN\n', /data\.csv: row 2, column 'b': 'NaN' is not a finite number/);
  throws('a,b\n1,2\n-Infinity,2\n', /data\.csv: row 3, column 'a': '-Infinity' is not a finite number/);
  throws('a,b\ninf,2\n', /'inf' is not a finite number/);
  throws('a,b\n1,1e999\n', /row 2, column 'b': '1e999' is not a finite number/);
  throws('a,b\n1,\n', /data\.csv: row 2, column 'b': empty cell, expected a number/);
  throws('a,b,l\n1,2,\n', /data\.csv: row 2, column 'l': empty label/, { labelColumn: 'l' });
});

test('error: empty file, header only, no numeric columns', () => {
  throws('', /^data\.csv: file is empty \(no rows\)$/);
  throws('\n\r\n  \n', /data\.csv: file is empty/);
  throws('a,b\n', /data\.csv: header row but no data rows/, { header: true });
  throws('label\ncat\ndog\n', /data\.csv: no numeric columns \(the only column is the label column\)/, { labelColumn: 0 });
});

test('error: bad labelColumn, broken quotes', () => {
  throws('1,2\n', /data\.csv: labelColumn 2 is out of range for 2 columns \(expected -2\.\.1\)/, { labelColumn: 2 });
  throws('1,2\n', /labelColumn -3 is out of range/, { labelColumn: -3 });
  throws('a,b\n1,2\n', /data\.csv: labelColumn 'y' is not in the header \(columns: 'a', 'b'\)/, { labelColumn: 'y' });
  throws('a,b\n1,2\n', /labelColumn 'a' is a column name, but header is false/, { labelColumn: 'a', header: false });
  throws('a,b\n1,"2\n3,4\n', /data\.csv: row 2: quoted field is never closed/);
  throws('a,b\n1,"2"x\n', /data\.csv: row 2: unexpected 'x' after a closing quote/);
});

test('round trip of random matrices (property)', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.array(finite, { minLength: 1, maxLength: 60 }), (cols, values) => {
      const rows = Math.ceil(values.length / cols);
      const cell = (r: number, c: number): number => values[(r * cols + c) % values.length]!;
      let text = Array.from({ length: cols }, (_, c) => `f${c}`).join(',') + '\r\n';
      for (let r = 0; r < rows; r++) text += Array.from({ length: cols }, (_, c) => ` ${cell(r, c)}`).join(',') + '\r\n';
      const t = parseCsv(text, { source: 'p.csv' });
      if (t.rows !== rows || t.cols !== cols) return false;
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (!Object.is(t.data[r * cols + c], cell(r, c) + 0)) return false;
      return true;
    }),
    { seed: 42, numRuns: 200 },
  );
});

test.run();
