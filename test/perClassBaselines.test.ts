import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitPerClass, fitSmote, gaussianFit, kthNeighborIndices, smote } from '../src/eval/baselines/index.js';
import { throwsWith } from './helpers/throwsWith.js';

test('kthNeighborIndices: nearest first, self excluded', () => {
  const x = new Float64Array([0, 1, 3, 7]); // d = 1
  assert.equal([...kthNeighborIndices(x, 4, 1, 2)], [1, 2, 0, 2, 1, 0, 2, 1]);
  throwsWith(() => kthNeighborIndices(x, 4, 1, 4), 'kthNeighborIndices: k must be an integer in 1..3 (n − 1), got 4');
});

test('SMOTE samples lie on segments between a row and one of its k nearest neighbours; seeded', () => {
  // Four rows on a line far apart, plus an outlier: with k = 1 every segment joins nearest neighbours.
  const train = new Float64Array([0, 0, 1, 0, 10, 0, 12, 0]); // d = 2
  const fit = fitSmote(train, 2, 0, { k: 1 });
  const s = fit.sample(500, 3);
  for (let i = 0; i < 500; i++) {
    const x = s[2 * i]!;
    assert.is(s[2 * i + 1], 0);
    assert.ok((x >= 0 && x <= 1) || (x >= 10 && x <= 12), `sample ${i} at ${x}, outside [0, 1] and [10, 12]`);
  }
  assert.equal([...fit.sample(20, 3)], [...s.slice(0, 40)]);
  assert.not.equal([...fit.sample(20, 4)], [...s.slice(0, 40)]);
  throwsWith(() => fitSmote(new Float64Array([1, 2]), 2), 'fitSmote: train needs at least 2 rows (it interpolates between two rows), got 1');
});

test('per-class baselines draw each class from its own rows', () => {
  // Class 0 around x = 0, class 1 around x = 100.
  const train = new Float64Array([0, 1, 2, 100, 101, 102, 3]);
  const labels = new Int32Array([0, 0, 0, 1, 1, 1, 0]);
  for (const gen of [smote, gaussianFit]) {
    const fit = fitPerClass(gen, train, labels, 1, 2, 1);
    const { x, labels: out } = fit.sample([5, 7], 9);
    assert.equal([...out], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    for (let i = 0; i < 12; i++) assert.ok(out[i] === 0 ? x[i]! < 20 : x[i]! > 80, `${gen.name} row ${i}: ${x[i]} for class ${out[i]}`);
    assert.equal([...fit.sample([5, 7], 9).x], [...x]);
  }
  throwsWith(() => fitPerClass(gaussianFit, train, labels, 1, 3), /fitPerClass: Gaussian fit for class 2 \(0 rows\): fitGaussian: train needs at least 2 rows/);
  throwsWith(() => fitPerClass(smote, train, labels, 1, 2).sample([1], 1), 'fitPerClass.sample: counts has 1 entries, expected one per class (2)');
});

test.run();
