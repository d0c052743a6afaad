import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { meanSd, trainClassifier, utilityFigures } from '../src/eval/index.js';
import { Random } from '../src/tensor/random.js';
import { throwsWith } from './helpers/throwsWith.js';

/** n rows per class around centers[c] (σ = spread), in 2-D; plus a constant third column. */
function blobs(centers: [number, number][], n: number, spread: number, seed: number): { x: Float64Array; labels: Int32Array } {
  const r = new Random(seed);
  const x = new Float64Array(centers.length * n * 3);
  const labels = new Int32Array(centers.length * n);
  let i = 0;
  centers.forEach(([a, b], c) => {
    for (let k = 0; k < n; k++, i++) {
      x[3 * i] = a + spread * r.normal();
      x[3 * i + 1] = b + spread * r.normal();
      x[3 * i + 2] = 7; // zero spread: must not divide by 0
      labels[i] = c;
    }
  });
  return { x, labels };
}

test('both classifiers learn separable classes; same seed, same predictions', () => {
  const centers: [number, number][] = [[0, 0], [4, 0], [0, 4]];
  const train = blobs(centers, 30, 0.7, 1);
  const held = blobs(centers, 50, 0.7, 2);
  for (const kind of ['logistic', 'mlp'] as const) {
    const a = trainClassifier(kind, train.x, train.labels, 3, 3, { seed: 4, steps: 200 });
    assert.ok(a.accuracy(held.x, held.labels) > 0.95, `${kind}: ${a.accuracy(held.x, held.labels)}`);
    const b = trainClassifier(kind, train.x, train.labels, 3, 3, { seed: 4, steps: 200 });
    assert.equal([...a.predict(held.x)], [...b.predict(held.x)]);
  }
});

test('the MLP learns XOR, which a linear model cannot', () => {
  // Class = which diagonal pair of blobs: (0,0),(4,4) → 0; (4,0),(0,4) → 1.
  const d = blobs([[0, 0], [4, 4], [4, 0], [0, 4]], 40, 0.5, 3);
  const labels = d.labels.map((c) => (c < 2 ? 0 : 1));
  const held = blobs([[0, 0], [4, 4], [4, 0], [0, 4]], 40, 0.5, 4);
  const heldLabels = held.labels.map((c) => (c < 2 ? 0 : 1));
  const mlp = trainClassifier('mlp', d.x, labels, 3, 2, { seed: 1, steps: 400 }).accuracy(held.x, heldLabels);
  const lin = trainClassifier('logistic', d.x, labels, 3, 2, { seed: 1, steps: 400 }).accuracy(held.x, heldLabels);
  assert.ok(mlp > 0.95, `mlp ${mlp}`);
  assert.ok(lin < 0.8, `logistic ${lin}`);
});

test('utility: TSTR on shuffled labels is near chance, on real-like rows near TRTR', () => {
  const centers: [number, number][] = [[0, 0], [4, 0], [0, 4]];
  const train = blobs(centers, 20, 0.7, 5);
  const held = blobs(centers, 40, 0.7, 6);
  const good = blobs(centers, 40, 0.7, 7);
  const bad = { x: good.x, labels: good.labels.map((_, i) => (i * 7) % 3) };
  const opts = { options: { steps: 150 }, seeds: [1, 2] };
  const [lg] = utilityFigures({ d: 3, numClasses: 3, train, heldOut: held, synthetic: good, classifiers: ['logistic'], ...opts });
  assert.ok(lg!.tstrOverTrtr > 0.95, JSON.stringify(lg));
  assert.ok(lg!.augmented.mean > 0.9);
  const [lb] = utilityFigures({ d: 3, numClasses: 3, train, heldOut: held, synthetic: bad, classifiers: ['logistic'], ...opts });
  assert.ok(lb!.tstr.mean < 0.6, JSON.stringify(lb));
  assert.equal(meanSd([1, 2, 3]), { mean: 2, sd: 1 });
  // Equal values (three classifier seeds that agree): sd exactly 0, not rounding noise.
  assert.equal(meanSd([0.92, 0.92, 0.92]), { mean: 0.92, sd: 0 });
});

test('classifier input errors name the argument', () => {
  const x = new Float64Array([0, 1, 2, 3]);
  throwsWith(() => trainClassifier('logistic', x, new Int32Array([0]), 2, 2, { seed: 1 }), 'trainClassifier: 1 labels for 2 rows');
  throwsWith(() => trainClassifier('logistic', x, new Int32Array([0, 2]), 2, 2, { seed: 1 }), 'trainClassifier: labels[1] = 2 is outside 0..1');
  throwsWith(() => trainClassifier('logistic', new Float64Array([0, NaN]), new Int32Array([0]), 2, 2, { seed: 1 }), 'trainClassifier: x row 0 has NaN (column 1)');
});

test.run();
