// evaluateSamples: the report the CLI writes to metrics.json, on cases with known answers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateSamples } from '../src/eval/evaluate.js';
import { ring8 } from '../src/data/mixtures.js';

const matrix = (x: Float64Array) => ({ data: x, rows: x.length / 2, cols: 2 });
const train = ring8(100, 1);
const heldOut = ring8(500, 2);
const modes = train.modes!;

test('fresh draws from the true distribution: all modes, high quality, NN ratio near 1', () => {
  const r = evaluateSamples({ generated: matrix(ring8(2500, 3).x), train: matrix(train.x), heldOut: matrix(heldOut.x), modes, seed: 1 });
  assert.is(r.modes!.modesCovered, 8);
  assert.is(r.modes!.modes, 8);
  assert.is(r.modes!.modesInTrain, 8);
  assert.ok(r.modes!.highQualityFraction > 0.98, String(r.modes!.highQualityFraction));
  assert.ok(r.modes!.reverseKL! < 0.01);
  assert.ok(Math.abs(r.memorization.nnRatio - 1) < 0.2, String(r.memorization.nnRatio));
  assert.ok(r.memorization.copyFraction < 0.2);
  assert.ok(Math.abs(r.quality.oneNNAccuracy - 0.5) < 0.06, String(r.quality.oneNNAccuracy));
  assert.ok(r.quality.precision > 0.8 && r.quality.recall > 0.8);
  assert.is(r.counts.generated, 2500);
  assert.is(r.notes, undefined);
});

test('replaying the training set is flagged as memorization', () => {
  const copies = new Float64Array(2500 * 2);
  for (let i = 0; i < 2500; i++) copies.set(train.x.subarray((i % 100) * 2, (i % 100) * 2 + 2), i * 2);
  const r = evaluateSamples({ generated: matrix(copies), train: matrix(train.x), heldOut: matrix(heldOut.x), modes, seed: 1 });
  assert.is(r.memorization.copyFraction, 1);
  assert.is(r.memorization.nnRatio, 0);
});

test('one collapsed mode: coverage 1 of 8, reverse KL log 8', () => {
  const one = new Float64Array(2500 * 2).map((_, i) => (i % 2 === 0 ? 1 : 0));
  const r = evaluateSamples({ generated: matrix(one), train: matrix(train.x), heldOut: matrix(heldOut.x), modes, seed: 1, maxGenerated: 300 });
  assert.is(r.modes!.modesCovered, 1);
  assert.ok(Math.abs(r.modes!.reverseKL! - Math.log(8)) < 1e-9);
  assert.is(r.counts.generated, 300);
  // Identical generated rows: the k-NN radii are 0 and MMD's bandwidth is fine (it comes from held-out data).
  assert.ok(Number.isFinite(r.quality.mmd2));
});

test('labels: generated samples get the class of their nearest real example', () => {
  const r = evaluateSamples({
    generated: matrix(ring8(400, 4).x),
    train: matrix(train.x),
    heldOut: matrix(heldOut.x),
    labels: { train: train.labels!, heldOut: heldOut.labels!, numClasses: 8 },
    seed: 1,
  });
  assert.is(r.classes!.covered, 8);
  assert.is(r.classes!.counts.reduce((a, b) => a + b, 0), 400);
  assert.ok(r.classes!.klToUniform < 0.05);
});

test('a metric undefined for the data becomes NaN with a note instead of failing the report', () => {
  // Held-out rows all equal a training row: nnRatio divides by a median distance of 0.
  const same = new Float64Array(50 * 2).map((_, i) => train.x[i % 2]!);
  const r = evaluateSamples({ generated: matrix(ring8(100, 5).x), train: matrix(train.x), heldOut: matrix(same), seed: 1 });
  assert.ok(Number.isNaN(r.memorization.nnRatio));
  assert.ok(r.notes!.some((n) => n.startsWith('nnRatio: ')), JSON.stringify(r.notes));
  assert.throws(() => evaluateSamples({ generated: matrix(ring8(3, 5).x), train: matrix(train.x), heldOut: matrix(heldOut.x), seed: 1 }), /at least 6 generated/);
});

test.run();
