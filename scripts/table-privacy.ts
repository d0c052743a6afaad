/**
 * Utility and privacy of synthetic table rows as a user gets them: `lrgan train` (conditional by default on
 * a CSV with --label-column) on each split seed, its metrics.json read back, beside a per-class Gaussian and
 * per-class SMOTE (k = 5) fitted to the same training rows and judged by the same evaluateSamples call
 * (runEvaluationInput: privacy on columns scaled by their training range, utility with logistic and MLP
 * classifiers, 3 classifier seeds). Cells are mean ± sd over the split seeds.
 *
 * Each column's marginal against the held-out rows is reported too (KS for number columns, total
 * variation for categorical ones; report.marginals).
 *
 *   npx tsx scripts/table-privacy.ts --data data/iris.csv --label-column species --n 50 [--seeds 1,2,3] [--out runs/tp]
 *     [--categorical COLS] [--normalize minmax|quantile] [-- train flags]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fitPerClass, gaussianFit, smote } from '../src/eval/baselines/index.js';
import type { ReferenceGenerator } from '../src/eval/baselines/index.js';
import { evaluateSamples, type EvaluationReport } from '../src/eval/evaluate.js';
import { runEvaluationInput } from '../src/eval/runInput.js';
import { meanSd } from '../src/eval/utility/index.js';
import { type RunSpec, prepareData } from '../src/cli/runData.js';
import type { Normalization } from '../src/data/columnScaler.js';
import { type ColumnFidelity, marginalFidelity } from '../src/eval/marginals.js';
import { parseLabelColumn } from '../src/cli/runData.js';
import { classCounts } from '../src/gan/conditional.js';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const extra = dash < 0 ? [] : argv.slice(dash + 1);
const option = (name: string, fallback: string): string => {
  const at = own.indexOf(`--${name}`);
  return at < 0 ? fallback : own[at + 1]!;
};
const data = resolve(option('data', 'data/iris.csv'));
const labelColumn = option('label-column', 'species');
const n = Number(option('n', '50'));
const seeds = option('seeds', '1,2,3').split(',').map(Number);
const out = option('out', 'runs/table-privacy');
const categoricalText = option('categorical', '');
const categorical = categoricalText === '' ? undefined : categoricalText.split(',').map(parseLabelColumn);
const normalize = option('normalize', 'minmax') as Normalization;
const dataFlags = [...(categorical === undefined ? [] : ['--categorical', categoricalText]), '--normalize', normalize];
const EVAL_SEED = 2024;

interface Cells { tstrLog: number; trtrLog: number; augLog: number; tstrMlp: number; trtrMlp: number; augMlp: number; closer: number; auc: number; epsilon: number | null; marginals: ColumnFidelity[] }
const cells = new Map<string, Cells[]>();
const add = (method: string, r: EvaluationReport, epsilon: number | null = null): void => {
  const [log, mlp] = r.utility!.classifiers;
  const c: Cells = {
    tstrLog: log!.tstr.mean, trtrLog: log!.trtr.mean, augLog: log!.augmented.mean, tstrMlp: mlp!.tstr.mean, trtrMlp: mlp!.trtr.mean, augMlp: mlp!.augmented.mean,
    closer: r.privacy!.distanceToClosestRecord.closerToTrain, auc: r.privacy!.membershipAuc, epsilon, marginals: r.marginals?.columns ?? [],
  };
  cells.set(method, [...(cells.get(method) ?? []), c]);
};

/** The training rows' own marginals against the held-out rows: what N real rows reach. */
const reference: ColumnFidelity[][] = [];
for (const seed of seeds) {
  const t0 = Date.now();
  const run = join(out, `n${n}-s${seed}`);
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', '--data', data, '--label-column', labelColumn, '--n', String(n), '--seed', String(seed), '--out', run, '--force', ...dataFlags, ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  const m = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { metrics: EvaluationReport; privacy?: { epsilon: number } };
  add('LR-GAN (lrgan train)', m.metrics, m.privacy?.epsilon ?? null);
  const spec: RunSpec = { data, n, seed, labelColumn: parseLabelColumn(labelColumn), normalize };
  if (categorical !== undefined) spec.categorical = categorical;
  const prep = prepareData(spec);
  const { train } = prep.split;
  const count = m.metrics.counts.generated;
  const counts = classCounts(train.labels!, prep.dataset.numClasses);
  const total = counts.reduce((a, b) => a + b, 0);
  const per = counts.map((c) => Math.round((count * c) / total));
  for (const [name, gen] of [['per-class Gaussian', gaussianFit], ['per-class SMOTE (k = 5)', smote]] as [string, ReferenceGenerator][]) {
    const s = fitPerClass(gen, train.x, train.labels!, train.dim, prep.dataset.numClasses, seed).sample(per, seed + 1);
    add(name, evaluateSamples(runEvaluationInput(Float32Array.from(s.x), prep.dataset, prep.split, EVAL_SEED, s.labels)));
  }
  const heldOut = { data: prep.split.heldOut.x, rows: prep.split.heldOut.n, cols: train.dim };
  const fields = runEvaluationInput(Float32Array.from(train.x), prep.dataset, prep.split, EVAL_SEED).tableFields!;
  reference.push(marginalFidelity({ data: train.x, rows: train.n, cols: train.dim }, heldOut, fields).columns);
  console.error(`seed ${seed}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const f = (xs: number[]): string => {
  const { mean, sd } = meanSd(xs);
  return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
};
console.log(`\n${data.split('/').pop()}, N = ${n}, seeds ${seeds.join(',')}, --normalize ${normalize}${categorical ? ` --categorical ${categoricalText}` : ''}${extra.length ? `, train flags: ${extra.join(' ')}` : ''}\n`);
console.log('| method | TRTR logistic | TSTR logistic | augmented logistic | TRTR MLP | TSTR MLP | augmented MLP | TSTR/TRTR (log, MLP) | closer to train | MIA AUC | ε |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [method, cs] of cells) {
  const col = (k: keyof Cells): number[] => cs.map((c) => c[k] as number);
  const ratio = (a: keyof Cells, b: keyof Cells): string => (meanSd(col(a)).mean / meanSd(col(b)).mean).toFixed(2);
  const eps = cs[0]!.epsilon === null ? '' : cs.map((c) => c.epsilon!.toFixed(2)).join(', ');
  console.log(`| ${method} | ${f(col('trtrLog'))} | ${f(col('tstrLog'))} | ${f(col('augLog'))} | ${f(col('trtrMlp'))} | ${f(col('tstrMlp'))} | ${f(col('augMlp'))} | ${ratio('tstrLog', 'trtrLog')}, ${ratio('tstrMlp', 'trtrMlp')} | ${f(col('closer'))} | ${f(col('auc'))} | ${eps} |`);
}

const first = [...cells.values()][0]![0]!.marginals;
if (first.length > 0) {
  console.log(`\nmarginals against the held-out rows (KS for number columns, TV for categorical ones; 0 = same distribution)\n`);
  console.log(`| method | ${first.map((c) => `${c.name} (${c.measure.toUpperCase()})`).join(' | ')} |`);
  console.log(`|---|${first.map(() => '---:').join('|')}|`);
  console.log(`| training rows (reference) | ${first.map((_, j) => f(reference.map((cols) => cols[j]!.value))).join(' | ')} |`);
  for (const [method, cs] of cells) console.log(`| ${method} | ${first.map((_, j) => f(cs.map((c) => c.marginals[j]!.value))).join(' | ')} |`);
}
