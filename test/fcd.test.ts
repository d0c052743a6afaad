import { crossEntropy } from '../src/nn/loss/crossEntropy.js';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectExamples } from '../src/data/dataset.js';
import {
  DigitClassifier, digitFeatureStats, digitsPools, digitsStudyPool, fcd, loadDigitClassifier, rowsToHex,
  trainDigitClassifier,
} from '../src/eval/fcd/index.js';
import { FCD_WEIGHTS_FILE, loadDigitClassifierFile } from '../src/node/fcdWeights.js';
import { loadDataset } from '../src/node/loadData.js';
import { decodeSafetensors, encodeSafetensors } from '../src/nn/safetensors.js';
import { tensor } from '../src/tensor/create.js';
import { Random } from '../src/tensor/random.js';
import { throwsWith } from './helpers/throwsWith.js';

const digits = loadDataset('digits', { seed: 0, n: 1 });
const { classifier, metadata } = loadDigitClassifierFile();
const study = digitsStudyPool(digits);

test('digitsPools: fixed, disjoint, stratified halves; the committed weights were trained on the classifier pool', () => {
  const { classifierRows, studyRows } = digitsPools(digits);
  assert.is(classifierRows.length, 896);
  assert.is(studyRows.length, 901);
  const seen = new Uint8Array(digits.n);
  for (const r of classifierRows) seen[r]! += 1;
  for (const r of studyRows) seen[r]! += 1;
  assert.ok(seen.every((v) => v === 1), 'pools must partition the rows');
  const perClass = new Array<number>(10).fill(0);
  for (const r of classifierRows) perClass[digits.labels![r]!]!++;
  assert.equal(perClass, [89, 91, 88, 91, 90, 91, 90, 89, 87, 90]);
  assert.is(metadata['classifier_rows_hex'], rowsToHex(classifierRows, digits.n));
  assert.equal(study.x.subarray(0, 64), digits.x.subarray(studyRows[0]! * 64, studyRows[0]! * 64 + 64));
  throwsWith(() => digitsPools(selectExamples(digits, Int32Array.from([0, 1, 2]))), /digitsPools: expected the shipped digits \(1797 rows, 64 pixels, 10 classes\), got digits with 3 rows/);
});

test('classifier: accuracy >= 0.95 on the study pool it never saw', () => {
  const acc = classifier.accuracy(study.x, study.labels!);
  assert.ok(acc >= 0.95, `study-pool accuracy ${acc}`);
  assert.is(metadata['study_pool_accuracy'], acc.toFixed(4));
});

test('FCD: 0 for a set against itself; noise is far from real digits, other real digits are near', () => {
  const half = Math.floor(study.n / 2);
  const idx = new Random(3).permutation(study.n);
  const a = selectExamples(study, idx.slice(0, half)).x;
  const b = selectExamples(study, idx.slice(half)).x;
  assert.ok(fcd(classifier, a, a) < 1e-6, 'FCD(a, a)');
  const real = fcd(classifier, b, a);
  const rng = new Random(4);
  const noise = Float64Array.from({ length: half * 64 }, () => rng.uniform());
  const blank = new Float64Array(half * 64).fill(0.5).map((v) => v + 0.01 * rng.normal());
  const toNoise = fcd(classifier, noise, a);
  assert.ok(real > 0 && real < 5, `FCD(real, other real) = ${real}`);
  assert.ok(toNoise > 20 * real, `FCD(real, noise) = ${toNoise} vs FCD(real, real) = ${real}`);
  assert.ok(fcd(classifier, blank, a) > 20 * real);
  // Precomputed reference statistics give the same number.
  assert.is(fcd(classifier, b, digitFeatureStats(classifier, a)), real);
});

test('features: deterministic, per-row (batch-independent), shape [n, 64]; loading twice gives the same network', () => {
  const x = study.x.subarray(0, 40 * 64);
  const f = classifier.features(x);
  assert.is(f.length, 40 * 64);
  assert.equal(f, classifier.features(x));
  const again = loadDigitClassifier(readFileSync(FCD_WEIGHTS_FILE)).classifier;
  assert.equal(again.features(x), f);
  const first = classifier.features(x.subarray(0, 3 * 64));
  for (let i = 0; i < first.length; i++) assert.ok(Math.abs(first[i]! - f[i]!) <= 1e-5 * Math.max(1, Math.abs(f[i]!)));
  const classes = classifier.classes(x);
  assert.is(classes.length, 40);
  assert.ok(classes.every((c) => c >= 0 && c < 10));
  throwsWith(() => classifier.features(new Float64Array(65)), /DigitClassifier.features: x has 65 entries; expected a positive multiple of 64/);
  throwsWith(() => classifier.classes(Float64Array.from({ length: 64 }, (_, i) => (i === 5 ? NaN : 0))), /DigitClassifier.classes: x row 0 has NaN \(column 5\)/);
});

test('weights file: re-encoding the loaded classifier reproduces the committed bytes', () => {
  const bytes = readFileSync(FCD_WEIGHTS_FILE);
  const { classifier: c, metadata: meta } = loadDigitClassifier(bytes);
  assert.equal(Object.keys(c.net.stateDict()), ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']);
  assert.ok(Buffer.from(c.toSafetensors(meta)).equals(bytes));
  throwsWith(() => loadDigitClassifierFile('/nonexistent/fcd.safetensors'), /loadDigitClassifierFile: cannot read '\/nonexistent\/fcd.safetensors'/);
  const { tensors } = decodeSafetensors(new DigitClassifier(0).toSafetensors());
  delete tensors['4.bias'];
  throwsWith(() => loadDigitClassifier(encodeSafetensors(tensors)), /loadStateDict\(Sequential\): missing key "4.bias" \(expected shape \[10\]\)/);
  throwsWith(() => loadDigitClassifier(new Uint8Array(3)), /decodeSafetensors: not a safetensors file \(buffer holds 3 bytes/);
});

test('training: seeded and deterministic (same seed, same bytes; another seed, other bytes)', () => {
  const pool = selectExamples(digits, digitsPools(digits).classifierRows.slice(0, 96));
  const run = (seed: number): Uint8Array => trainDigitClassifier(pool.x, pool.labels!, { seed, epochs: 2 }).toSafetensors();
  const a = run(5);
  assert.ok(Buffer.from(a).equals(Buffer.from(run(5))));
  assert.not.ok(Buffer.from(a).equals(Buffer.from(run(6))));
});

test('crossEntropy: value and gradient as log-softmax (softmax − one-hot)/batch', () => {
  const logits = tensor([[1, 2, 3], [1000, 0, -1000]], undefined, { dtype: 'float64', requiresGrad: true });
  const loss = crossEntropy(logits, Int32Array.from([2, 1]));
  const lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
  const want = ((lse0 - 3) + 1000) / 2;
  assert.ok(Math.abs(loss.item() - want) < 1e-12, `loss ${loss.item()} vs ${want}`);
  loss.backward();
  const g = logits.grad!.data;
  const p = [1, 2, 3].map((v) => Math.exp(v - lse0));
  const expected = [p[0]! / 2, p[1]! / 2, (p[2]! - 1) / 2, 1 / 2, -1 / 2, 0];
  expected.forEach((e, i) => assert.ok(Math.abs(g[i]! - e) < 1e-12, `grad[${i}] = ${g[i]} vs ${e}`));
  throwsWith(() => crossEntropy(logits, Int32Array.from([3, 0])), /crossEntropy: targets\[0\] = 3 is outside 0..2/);
});

test.run();
