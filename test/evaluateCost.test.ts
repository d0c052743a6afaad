// Evaluation cost is bounded for large data sets, says so, and shows progress (issue 13, item 6).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_HELD_OUT, MAX_TRAIN_BASELINE, evaluateSamples, type EvaluationInput } from '../src/eval/evaluate.js';
import { evaluationProgress } from '../src/cli/runEvaluation.js';
import { formatReport } from '../src/cli/report.js';
import { Random } from '../src/tensor/random.js';

function gaussian(rows: number, cols: number, seed: number): { data: Float64Array; rows: number; cols: number } {
  const rng = new Random(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

const input = (trainRows: number, heldRows: number): EvaluationInput => ({
  generated: gaussian(60, 2, 1),
  train: gaussian(trainRows, 2, 2),
  heldOut: gaussian(heldRows, 2, 3),
  seed: 7,
});

test('a large training set is subsampled for the quadratic baseline, with a seed, and the report says so', () => {
  const seen: string[] = [];
  const r = evaluateSamples(input(5000, 1500), { onProgress: (metric, i, n) => seen.push(`${i + 1}/${n} ${metric}`) });
  assert.equal(r.counts, { generated: 60, train: 5000, heldOut: MAX_HELD_OUT, trainBaseline: MAX_TRAIN_BASELINE });
  assert.equal(r.subsampled, { heldOut: { used: MAX_HELD_OUT, of: 1500, seed: 7 }, trainBaseline: { used: MAX_TRAIN_BASELINE, of: 5000, seed: 7 } });
  assert.equal(JSON.stringify(evaluateSamples(input(5000, 1500))), JSON.stringify(r), 'same seed, same report');
  assert.is(seen.length, 10);
  assert.is(seen[9], '10/10 privacy');
  assert.is(seen[0], '1/10 precision/recall');
  assert.is(seen[6], '7/10 training-set baseline');
  const lines = formatReport(r, false).join('\n');
  assert.match(lines, /the training-set baseline uses 1000 of 5000 training rows \(random, seed 7\)/);
  assert.match(lines, /held-out data use 1000 of its 1500 rows/);
});

test('small sets are used whole: no subsampling, same numbers as the whole set', () => {
  const r = evaluateSamples(input(200, 300));
  assert.is(r.subsampled, undefined);
  assert.is(r.counts.trainBaseline, 200);
});

test('progress stays quiet for 2 s, then names each metric on stderr', () => {
  let t = 0;
  const lines: string[] = [];
  const progress = evaluationProgress({ write: (s: string) => lines.push(s) }, () => t);
  progress('MMD', 2, 9);
  t = 2500;
  progress('energy distance', 3, 9);
  assert.equal(lines, ['evaluating: energy distance (4/9, 3s so far)\n']);
});

test.run();
