// --normalize quantile (issue 16): the empirical-CDF map onto [−1, 1], its inverse, storage, and the
// per-column marginal figures (KS, total variation) that compare it with min-max.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QuantileScaler, fitQuantileScaler } from '../src/data/quantileScaler.js';
import { columnScalerFromJSON, fitColumnScaler } from '../src/data/columnScaler.js';
import { ksStatistic } from '../src/eval/metrics/kolmogorovSmirnov.js';
import { marginalFidelity } from '../src/eval/marginals.js';

test('quantile: training values map to their midrank positions in [−1, 1] and come back exactly; between knots it interpolates, beyond them it clamps', () => {
  // Column 0: 1, 2, 2, 10 (a tie and a skew); column 1: constant 5.
  const x = Float64Array.from([1, 5, 2, 5, 2, 5, 10, 5]);
  const s = fitQuantileScaler(x, 2);
  const y = s.transform(x);
  // Midranks (0-based) 0, 1.5, 3 of 3 → −1, 0, 1; a constant column sits at the centre.
  assert.equal(Array.from(y), [-1, 0, 0, 0, 0, 0, 1, 0]);
  assert.equal(Array.from(s.inverse(y)), Array.from(x));
  assert.equal(Array.from(s.inverse(Float64Array.from([0.5, 0.3, -2, 9]))), [6, 5, 1, 5]);
  assert.equal(Array.from(s.transform(Float64Array.from([6, 5, 100, 5]))), [0.5, 0, 1, 0]);
  const back = columnScalerFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
  assert.ok(back instanceof QuantileScaler);
  assert.equal(Array.from(back.inverse(Float64Array.from([0.25, 0]))), Array.from(s.inverse(Float64Array.from([0.25, 0]))));
});

test('quantile: monotone and an exact round trip on random columns; one-hot columns pass through', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 40 }), (vals) => {
      const x = new Float64Array(vals.length * 2);
      vals.forEach((v, i) => {
        x[2 * i] = v * 0.37;
        x[2 * i + 1] = i % 2;
      });
      const s = fitColumnScaler(x, 2, { normalize: 'quantile', oneHot: Uint8Array.from([0, 1]) });
      const y = s.transform(x);
      for (let i = 0; i < vals.length; i++) {
        if (y[2 * i + 1] !== x[2 * i + 1] || y[2 * i]! < -1 || y[2 * i]! > 1) return false;
        for (let j = 0; j < vals.length; j++) if (x[2 * i]! < x[2 * j]! && !(y[2 * i]! < y[2 * j]!)) return false;
      }
      const back = s.inverse(y);
      return back.every((v, i) => Math.abs(v - x[i]!) <= 1e-12 * Math.max(1, Math.abs(x[i]!)));
    }),
    { seed: 7, numRuns: 100 },
  );
  assert.throws(() => new QuantileScaler([-1, 1], [Float64Array.from([1, 1])], [Float64Array.from([0, 1])]), /column 0, knot 1: knots must be finite and ascending/);
  assert.throws(() => fitColumnScaler(new Float64Array(4), 2, { normalize: 'rank' as 'quantile' }), /normalize must be one of minmax, quantile, got "rank"/);
});

test('minmax with one-hot columns leaves them at 0/1 and scales the rest onto [−1, 1]', () => {
  const x = Float64Array.from([0, 1, 10, 0, 1, 20]);
  const s = fitColumnScaler(x, 3, { oneHot: Uint8Array.from([1, 1, 0]) });
  assert.equal(Array.from(s.transform(x)), [0, 1, -1, 0, 1, 1]);
});

test('ksStatistic: the largest gap between the empirical CDFs, ties stepped over together', () => {
  assert.is(ksStatistic([1, 2, 3], [1, 2, 3]), 0);
  assert.is(ksStatistic([1, 2], [3, 4]), 1);
  // F − G at 1: 1/2 − 0; at 2: 1 − 1/3; at 3, 4: 1 − 2/3, 1 − 1.
  assert.ok(Math.abs(ksStatistic([1, 2], [2, 3, 4]) - 2 / 3) < 1e-15);
  assert.is(ksStatistic([0, 0, 1, 1], [0, 1]), 0);
  // A NaN used to stall the merge loop forever; now it is refused by name.
  assert.throws(() => ksStatistic([1, NaN], [1, 2]), /ksStatistic: u must hold finite numbers, got NaN/);
  assert.throws(() => ksStatistic([1, 2], [-Infinity, 2]), /ksStatistic: v must hold finite numbers, got -Infinity/);
});

test('marginalFidelity: KS per number column and total variation of category shares per one-hot block', () => {
  const fields = [{ name: 'v', kind: 'number' as const, at: 0 }, { name: 'c', kind: 'category' as const, at: 1, categories: ['a', 'b'] }];
  // Generated: c = a, a, a, b; held-out: a, b, b, b → TV = |3/4 − 1/4| = 0.5.
  const gen = { data: Float64Array.from([1, 1, 0, 2, 1, 0, 3, 0.9, 0.2, 4, 0, 1]), rows: 4, cols: 3 };
  const held = { data: Float64Array.from([1, 1, 0, 2, 0, 1, 3, 0, 1, 4, 0, 1]), rows: 4, cols: 3 };
  const m = marginalFidelity(gen, held, fields);
  assert.equal(m.columns, [{ name: 'v', measure: 'ks', value: 0 }, { name: 'c', measure: 'tv', value: 0.5 }]);
  assert.is(m.meanKs, 0);
  assert.is(m.meanTv, 0.5);
});

test.run();
