/**
 * Utility and privacy of synthetic iris rows: one unconditional LR-GAN per class (there is no conditional
 * mode yet) against per-class baselines, under one protocol.
 *
 *   npx tsx scripts/iris-privacy.ts [--n 50] [--steps 2000] [--seeds 1,2,3] [--per-class 100]
 *
 * Per seed: a stratified split of data/iris.csv into n training rows and the rest held out (fewShotSplit);
 * a min-max scaler fitted on the training rows; per class, a GAN with the defaults for data of ≤ 4 columns
 * (defaultConfig) trained for --steps steps on that class's scaled rows, then --per-class samples
 * (EMA generator, the default Jacobian truncation) scaled back. The baselines (per-class Gaussian,
 * per-class SMOTE with k = 5, and the training rows themselves) draw as many rows per class. Then:
 * utilityFigures (logistic and MLP, classifier seeds 1–3; TRTR, TSTR, augmented), the distance to
 * closest record and the membership-inference AUC on the scaled rows, the held-out set cut to n rows.
 * Cells are mean ± sd over the split seeds.
 */
import { fitCopyTraining, fitPerClass, gaussianFit, smote } from '../src/eval/baselines/index.js';
import type { ReferenceGenerator } from '../src/eval/baselines/index.js';
import { distanceToClosestRecord, membershipInferenceAuc } from '../src/eval/metrics/index.js';
import { meanSd, utilityFigures } from '../src/eval/utility/index.js';
import type { LabelledRows } from '../src/eval/utility/index.js';
import { fitScaler } from '../src/data/scaler.js';
import { fewShotSplit } from '../src/data/split.js';
import { defaultConfig } from '../src/gan/config.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { loadDataset } from '../src/node/loadData.js';
import { Tensor } from '../src/tensor/tensor.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1]!;
}
const n = Number(option('n', '50'));
const steps = Number(option('steps', '2000'));
const perClass = Number(option('per-class', '100'));
const seeds = option('seeds', '1,2,3').split(',').map(Number);

const iris = loadDataset(new URL('../data/iris.csv', import.meta.url).pathname, { seed: 1, n, labelColumn: 'species' });
const d = iris.dim;
const K = iris.numClasses;

/** A method: from scaled training rows and labels, per-class counts → scaled labelled rows. */
type Method = (x: Float64Array, labels: Int32Array, seed: number) => LabelledRows;

const perClassGan: Method = (x, labels, seed) => {
  const outX: Float64Array[] = [];
  const outL: number[] = [];
  for (let c = 0; c < K; c++) {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) for (let j = 0; j < d; j++) rows.push(x[i * d + j]!);
    const data = new Tensor(Float32Array.from(rows), [rows.length / d, d]);
    const trainer = new GanTrainer(data, defaultConfig(d, { seed: seed * 10 + c }));
    trainer.train(steps);
    outX.push(Float64Array.from(trainer.sample(perClass, seed * 10 + c + 1000).data));
    for (let k = 0; k < perClass; k++) outL.push(c);
  }
  const all = new Float64Array(outX.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of outX) {
    all.set(a, at);
    at += a.length;
  }
  return { x: all, labels: Int32Array.from(outL) };
};

const baseline = (gen: ReferenceGenerator): Method => (x, labels, seed) =>
  fitPerClass(gen, x, labels, d, K, seed).sample(new Array<number>(K).fill(perClass), seed + 500);

const methods: [string, Method][] = [
  ['copy training rows', baseline({ name: 'copy', fit: fitCopyTraining })],
  ['per-class Gaussian', baseline(gaussianFit)],
  ['per-class SMOTE (k = 5)', baseline(smote)],
  [`per-class GAN (${steps} steps)`, perClassGan],
];

interface Cells { trtrLog: number; tstrLog: number; augLog: number; trtrMlp: number; tstrMlp: number; augMlp: number; closer: number; ratio: number; auc: number }
const results = new Map<string, Cells[]>();
for (const seed of seeds) {
  const split = fewShotSplit(iris, { n, seed });
  const scaler = fitScaler(split.train.x, d);
  const train: LabelledRows = { x: scaler.transform(split.train.x), labels: split.train.labels! };
  const held: LabelledRows = { x: scaler.transform(split.heldOut.x), labels: split.heldOut.labels! };
  for (const [name, method] of methods) {
    const t0 = Date.now();
    const synthetic = method(train.x, train.labels, seed);
    const [lg, mlp] = utilityFigures({ d, numClasses: K, train, heldOut: held, synthetic });
    const m = (x: Float64Array) => ({ data: x, rows: x.length / d, cols: d });
    const dcr = distanceToClosestRecord(m(synthetic.x), m(train.x), m(held.x), seed);
    const auc = membershipInferenceAuc(m(synthetic.x), m(train.x), m(held.x), seed);
    const cells = { trtrLog: lg!.trtr.mean, tstrLog: lg!.tstr.mean, augLog: lg!.augmented.mean, trtrMlp: mlp!.trtr.mean, tstrMlp: mlp!.tstr.mean, augMlp: mlp!.augmented.mean, closer: dcr.closerToTrain, ratio: dcr.ratio, auc };
    results.set(name, [...(results.get(name) ?? []), cells]);
    console.error(`seed ${seed} ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s ${JSON.stringify(cells)}`);
  }
}

const f = (v: number[]): string => {
  const { mean, sd } = meanSd(v);
  return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
};
console.log(`iris, N = ${n} (held out ${iris.n - n}), seeds ${seeds.join(',')}, ${perClass} synthetic rows per class\n`);
console.log('| method | TRTR logistic | TSTR logistic | augmented logistic | TRTR MLP | TSTR MLP | augmented MLP | closer to train | DCR ratio | MIA AUC |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, rows] of results) {
  const col = (k: keyof Cells): string => f(rows.map((r) => r[k]));
  console.log(`| ${name} | ${col('trtrLog')} | ${col('tstrLog')} | ${col('augLog')} | ${col('trtrMlp')} | ${col('tstrMlp')} | ${col('augMlp')} | ${col('closer')} | ${col('ratio')} | ${col('auc')} |`);
}
