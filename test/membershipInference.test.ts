import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aucFromScores, distanceToClosestRecord, matrixFromRows, membershipInferenceAuc } from '../src/eval/metrics/index.js';
import type { Matrix64 } from '../src/eval/metrics/index.js';
import { Random } from '../src/tensor/random.js';
import { FC } from './helpers/gradcheck.js';
import { throwsWith } from './helpers/throwsWith.js';

const auc = (p: number[], n: number[]): number => aucFromScores(Float64Array.from(p), Float64Array.from(n));

test('AUC: hand-computed cases, ties counting one half', () => {
  assert.is(auc([3, 4], [1, 2]), 1);
  assert.is(auc([1], [2]), 0);
  assert.is(auc([1, 2], [1, 2]), 0.5); // pairs: tie ½, 0, 1, tie ½
  assert.is(auc([5, 5, 5], [5, 5]), 0.5);
  // 0.9 and 0.8 beat all three negatives (3 + 3); 0.4 beats 0.1 and ties 0.4 (1.5): 7.5 / 9.
  assert.ok(Math.abs(auc([0.9, 0.8, 0.4], [0.7, 0.4, 0.1]) - 7.5 / 9) < 1e-15);
  throwsWith(() => auc([], [1]), 'aucFromScores: need at least one positive and one negative score, got 0 and 1');
  throwsWith(() => auc([NaN], [1]), 'aucFromScores: score positives[0] is NaN');
});

test('AUC equals counting pairs, on random scores with many ties', () => {
  const scores = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 });
  fc.assert(fc.property(scores, scores, (p, n) => {
    let wins = 0;
    for (const a of p) for (const b of n) wins += a > b ? 1 : a === b ? 0.5 : 0;
    assert.ok(Math.abs(auc(p, n) - wins / (p.length * n.length)) < 1e-12);
  }), FC);
});

function rows(n: number, d: number, seed: number): Matrix64 {
  const r = new Random(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = r.normal();
  return { data, rows: n, cols: d };
}

test('membership attack and DCR: copies of the training rows leak, copies of held-out rows point the other way', () => {
  const train = rows(40, 3, 1);
  const held = rows(60, 3, 2);
  assert.is(membershipInferenceAuc(train, train, held), 1);
  const copied = distanceToClosestRecord(train, train, held);
  assert.is(copied.closerToTrain, 1);
  assert.is(copied.ratio, 0);
  const heldCopy = { data: held.data.slice(0, 40 * 3), rows: 40, cols: 3 };
  assert.is(membershipInferenceAuc(heldCopy, train, { data: held.data.slice(0, 120), rows: 40, cols: 3 }), 0);
  // Fresh rows from the same distribution: no better than a coin, up to sampling noise.
  const fresh = rows(400, 3, 3);
  const a = membershipInferenceAuc(fresh, train, held, 5);
  assert.ok(Math.abs(a - 0.5) < 0.15, `AUC ${a}`);
  const dcr = distanceToClosestRecord(fresh, train, held, 5);
  assert.ok(Math.abs(dcr.closerToTrain - 0.5) < 0.1 && Math.abs(dcr.ratio - 1) < 0.25, JSON.stringify(dcr));
});

test('DCR by hand: ties count one half, medians of distances', () => {
  const train = matrixFromRows([[0, 0], [10, 0]]);
  const held = matrixFromRows([[0, 2], [10, 4]]);
  // (0,1): train 1, held 1 → tie; (10,1): train 1, held 3 → train; (0,3): 3 vs 1 → held.
  const dcr = distanceToClosestRecord(matrixFromRows([[0, 1], [10, 1], [0, 3]]), train, held);
  assert.is(dcr.closerToTrain, 1.5 / 3);
  assert.is(dcr.medianToTrain, 1);
  assert.is(dcr.medianToHeldOut, 1);
  throwsWith(() => distanceToClosestRecord(matrixFromRows([[1, 2, 3]]), train, held), 'distanceToClosestRecord: synthetic has 3 columns but train has 2');
});

test.run();
