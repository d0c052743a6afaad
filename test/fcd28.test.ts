import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fcd } from '../src/eval/fcd/fcd.js';
import { imagePools, imageStudyPool } from '../src/eval/fcd/imagePools.js';
import { FCD_WEIGHTS_FILE, fcd28WeightsFile, loadImageClassifier28File } from '../src/node/fcdWeights.js';
import { loadDataset } from '../src/node/loadData.js';
import { prepareData } from '../src/cli/runData.js';
import { Random } from '../src/tensor/random.js';
import { selectExamples } from '../src/data/dataset.js';

const mnist = loadDataset('mnist', { seed: 0, n: 1 });

test('imagePools: disjoint, complete, half of each class in the classifier pool', () => {
  const { classifierRows, studyRows } = imagePools(mnist);
  const seen = new Uint8Array(mnist.n);
  for (const r of classifierRows) seen[r]! += 1;
  for (const r of studyRows) seen[r]! += 2;
  assert.ok(seen.every((v) => v === 1 || v === 2), 'every image in exactly one pool');
  const perClass = new Int32Array(10), inClassifier = new Int32Array(10);
  for (let i = 0; i < mnist.n; i++) perClass[mnist.labels![i]!]! += 1;
  for (const r of classifierRows) inClassifier[mnist.labels![r]!]! += 1;
  for (let c = 0; c < 10; c++) assert.is(inClassifier[c], Math.floor(perClass[c]! / 2));
  assert.throws(() => imagePools(loadDataset('digits', { seed: 0, n: 1 })), /expected the built-in mnist or fashion/);
});

test('prepareData on mnist draws its split from the study pool only', () => {
  const { classifierRows } = imagePools(mnist);
  const forbidden = new Set<string>();
  for (const r of classifierRows) forbidden.add(mnist.x.subarray(r * 784, (r + 1) * 784).join(','));
  const prep = prepareData({ data: 'mnist', n: 20, seed: 3, heldOut: 50 });
  for (const set of [prep.split.train, prep.split.heldOut]) {
    for (let i = 0; i < set.n; i++) assert.not.ok(forbidden.has(set.x.subarray(i * 784, (i + 1) * 784).join(',')), 'a classifier-pool image in the split');
  }
});

test('loadImageClassifier28File refuses the wrong file with the path in the message', () => {
  assert.throws(() => loadImageClassifier28File('mnist', FCD_WEIGHTS_FILE), (e: Error) => e.message.includes(FCD_WEIGHTS_FILE) && /missing key/.test(e.message));
  assert.throws(() => loadImageClassifier28File('mnist', fcd28WeightsFile('fashion')), /holds a classifier for fashion, expected mnist/);
  assert.throws(() => loadImageClassifier28File('mnist', '/nonexistent/w.safetensors'), /cannot read '\/nonexistent\/w.safetensors'/);
});

test('FCD28: real vs real is small, real vs noise is large', () => {
  const { classifier } = loadImageClassifier28File('mnist');
  const study = imageStudyPool(mnist);
  // Random rows: the file's order is by writer group, so consecutive blocks differ in style.
  const perm = new Random(1).permutation(study.n);
  const a = selectExamples(study, perm.slice(0, 300)).x, b = selectExamples(study, perm.slice(300, 600)).x;
  const rng = new Random(5);
  const noise = Float64Array.from({ length: 300 * 784 }, () => rng.uniform());
  const same = fcd(classifier, a, b), far = fcd(classifier, noise, b);
  assert.ok(same * 20 < far, `real/real ${same} vs noise ${far}`);
});

test.run();
