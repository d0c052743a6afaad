/**
 * Reference rows of the few-shot study tables: what each metric says for real data the generator never
 * saw, for the memorizer, and for classical generators fitted to the same training set. Prints markdown
 * tables (digits, ring8, grid25) that a GAN row can be compared with under the same protocol.
 *
 *   npx tsx scripts/reference-rows.ts [--n 100] [--held-out 500] [--samples 300] [--seed 1] [--repeats 5]
 *
 * Protocol per data set: fewShotSplit(pool, {n, seed, heldOut}) gives train and the held-out set the
 * metrics compare against (the "real" set of density/coverage, the NN-ratio denominator, the FCD
 * reference). Digits draw from the study pool only (digitsStudyPool: the 901 rows the FCD classifier
 * never saw); mixtures from ring8/grid25(n + 2500, seed). The "held-out real" row returns real rows
 * disjoint from both train and the held-out set (digits: the 901 − n − heldOut = 301 left), so it shows
 * each metric for a perfect generator at this sample count. Every row draws --samples rows, since FCD,
 * density and coverage depend on the count. The split is fixed by --seed; each cell is mean ± sd over
 * --repeats (fit seed, sample seed) pairs drawn from Random(seed).
 */
import { heldOutRows } from '../src/eval/baselines/heldOutRows.js';
import { REFERENCE_GENERATORS, fitPcaGaussianMixture } from '../src/eval/baselines/index.js';
import type { FittedGenerator } from '../src/eval/baselines/index.js';
import type { Dataset } from '../src/data/dataset.js';
import { selectExamples } from '../src/data/dataset.js';
import { fewShotSplit } from '../src/data/split.js';
import { DIGIT_CLASSES, digitFeatureStats, digitsStudyPool, fcd } from '../src/eval/fcd/index.js';
import type { Matrix } from '../src/eval/metrics/index.js';
import { classHistogram, copyFraction, densityCoverage, klToUniform, modeMetrics, nnRatio } from '../src/eval/metrics/index.js';
import { loadDigitClassifierFile } from '../src/node/fcdWeights.js';
import { MIXTURE_HELD_OUT_POOL, loadDataset } from '../src/node/loadData.js';
import { Random } from '../src/tensor/random.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const v = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`reference-rows: --${name} needs a positive integer, got ${process.argv[at + 1]}`);
  return v;
}
const n = option('n', 100);
const heldOut = option('held-out', 500);
const samples = option('samples', 300);
const seed = option('seed', 1);
const repeats = option('repeats', 5);

/** A table row: fits a generator from (train, d, fit seed); the held-out row ignores train. */
interface RowSpec {
  name: string;
  fit(train: Float64Array, d: number, fitSeed: number): FittedGenerator;
}

const seeds: { fit: number; sample: number }[] = [];
{
  const rng = new Random(seed);
  for (let r = 0; r < repeats; r++) seeds.push({ fit: rng.nextUint32(), sample: rng.nextUint32() });
}

/** The split and the rows of the table for one pool. */
function setup(pool: Dataset): { train: Dataset; held: Dataset; rows: RowSpec[] } {
  const split = fewShotSplit(pool, { n, seed, heldOut });
  const used = new Uint8Array(pool.n);
  for (const i of split.trainIndices) used[i] = 1;
  for (const i of split.heldOutIndices) used[i] = 1;
  const rest: number[] = [];
  for (let i = 0; i < pool.n; i++) if (!used[i]) rest.push(i);
  if (rest.length < samples) {
    throw new Error(`reference-rows: ${pool.name} leaves ${rest.length} real rows outside train and held-out, fewer than --samples ${samples}`);
  }
  const extra = selectExamples(pool, Int32Array.from(rest)).x;
  const rows: RowSpec[] = [
    { name: 'held-out real (disjoint)', fit: (_t, d) => heldOutRows(extra, d) },
    ...REFERENCE_GENERATORS,
    { name: 'PCA + GMM, no residual noise', fit: (t, d, s) => fitPcaGaussianMixture(t, d, s, { residualNoise: 'none' }) },
    { name: 'PCA + GMM, K by BIC', fit: (t, d, s) => fitPcaGaussianMixture(t, d, s, { mixtureComponents: 'bic' }) },
  ];
  return { train: split.train, held: split.heldOut, rows };
}

/** "mean ± sd" (sample sd over repeats; just the mean for one repeat). */
function cell(values: number[], digits: number): string {
  if (values.some(Number.isNaN)) return 'n/a';
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return m.toFixed(digits);
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
  return `${m.toFixed(digits)} ± ${sd.toFixed(digits)}`;
}

/** One table: per row, metric values over the repeats, formatted. */
function table(
  title: string, header: string[], digits: number[], pool: Dataset,
  metrics: (x: Matrix, train: Matrix, held: Matrix) => number[],
): string[] {
  const { train, held, rows } = setup(pool);
  const d = pool.dim;
  const trainM = { data: train.x, rows: train.n, cols: d };
  const heldM = { data: held.x, rows: held.n, cols: d };
  const out = [
    `### ${title} (train ${train.n}, held-out ${held.n}, ${samples} samples per row; split seed ${seed}, ${repeats} fit/sample seeds)`,
    '',
    `| row | ${header.join(' | ')} |`,
    `|---|${header.map(() => '---:').join('|')}|`,
  ];
  for (const row of rows) {
    const values: number[][] = header.map(() => []);
    for (const s of seeds) {
      const x = row.fit(train.x, d, s.fit).sample(samples, s.sample);
      metrics({ data: x, rows: samples, cols: d }, trainM, heldM).forEach((v, i) => values[i]!.push(v));
    }
    out.push(`| ${row.name} | ${values.map((v, i) => cell(v, digits[i]!)).join(' | ')} |`);
  }
  return out;
}

function digitsTable(): string[] {
  const ds = loadDataset('digits', { seed, n });
  const { classifier } = loadDigitClassifierFile();
  const study = digitsStudyPool(ds);
  const heldSplit = fewShotSplit(study, { n, seed, heldOut }).heldOut;
  const reference = digitFeatureStats(classifier, heldSplit.x);
  const accuracy = classifier.accuracy(study.x, study.labels!);
  return table(
    `digits: study pool ${study.n} rows, FCD classifier accuracy on it ${(100 * accuracy).toFixed(1)}%`,
    ['FCD ↓', 'density', 'coverage ↑', 'class KL ↓', 'NN ratio', 'copy fraction'],
    [2, 3, 3, 3, 3, 3],
    study,
    (x, train, held) => {
      const dc = densityCoverage(held, x, { k: 5 });
      const kl = klToUniform(classHistogram(classifier.classes(x.data as Float64Array), DIGIT_CLASSES));
      return [fcd(classifier, x.data as Float64Array, reference), dc.density, dc.coverage, kl, nnRatio(x, train, held), copyFraction(x, train)];
    },
  );
}

function mixtureTable(name: 'ring8' | 'grid25'): string[] {
  const ds = loadDataset(name, { seed, n, heldOutPool: MIXTURE_HELD_OUT_POOL });
  const modes = ds.modes!;
  const K = modes.centers.length / ds.dim;
  const centers = { data: modes.centers, rows: K, cols: ds.dim };
  return table(
    name,
    [`modes (of ${K}) ↑`, 'high quality ↑', 'reverse KL ↓', 'density', 'coverage ↑', 'NN ratio', 'copy fraction'],
    [1, 3, 3, 3, 3, 3, 3],
    ds,
    (x, train, held) => {
      const mm = modeMetrics(x, centers, modes.sigma);
      const dc = densityCoverage(held, x, { k: 5 });
      return [mm.modesCovered, mm.highQualityFraction, mm.reverseKL, dc.density, dc.coverage, nnRatio(x, train, held), copyFraction(x, train)];
    },
  );
}

const t0 = performance.now();
console.log([...digitsTable(), '', ...mixtureTable('ring8'), '', ...mixtureTable('grid25')].join('\n'));
console.error(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
