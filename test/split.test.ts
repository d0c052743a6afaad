import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Dataset } from '../src/data/dataset.js';
import { fewShotSplit } from '../src/data/split.js';

/** total rows whose value is the row number; labelled (classes spread over the rows) or not. */
function numbered(total: number, classes: number): Dataset {
  const labels = classes === 0 ? null : Int32Array.from({ length: total }, (_, i) => (i * 7) % classes);
  return { name: 'numbered', x: Float64Array.from({ length: total }, (_, i) => i), n: total, dim: 1, labels, numClasses: classes };
}

test('fewShotSplit: train and held-out rows are disjoint, ascending, and the rows they name, on the uniform and the stratified path', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 80 }), fc.constantFrom(0, 2, 3, 5), fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.double({ min: 0, max: 1, noNaN: true })), fc.integer({ min: 0, max: 1000 }),
      (total, classes, nFrac, heldFrac, seed) => {
        const n = 1 + Math.floor(nFrac * (total - 2));
        const rest = total - n;
        const heldOut = heldFrac === null ? undefined : 1 + Math.floor(heldFrac * (rest - 1));
        const ds = numbered(total, classes);
        let s;
        try {
          s = fewShotSplit(ds, { n, seed, heldOut });
        } catch (e) {
          // Some label layouts cannot be stratified; those must say so.
          assert.match(String(e), /stratified/);
          fc.pre(false);
          return;
        }
        assert.is(s.trainIndices.length, n);
        assert.is(s.heldOutIndices.length, heldOut ?? Math.min(rest, Math.max(n, 500)));
        const owner = new Int8Array(total);
        for (const [idx, set] of [[s.trainIndices, s.train], [s.heldOutIndices, s.heldOut]] as const) {
          for (let i = 0; i < idx.length; i++) {
            const row = idx[i]!;
            assert.ok(row >= 0 && row < total, `row ${row} in range`);
            if (i > 0) assert.ok(row > idx[i - 1]!, 'ascending');
            assert.is(owner[row], 0, `row ${row} is in the training and the held-out set`);
            owner[row] = 1;
            assert.is(set.x[i], row, 'the set holds the rows its indices name');
          }
        }
        if (heldOut === rest) assert.ok(owner.every((o) => o === 1), 'with heldOut = the rest, the two sets cover every row');
      },
    ),
    { seed: 19, numRuns: 300 },
  );
});

test.run();
