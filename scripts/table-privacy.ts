/**
 * Utility and privacy of synthetic table rows as a user gets them: `lrgan train` (conditional by default on
 * a CSV with --label-column) on each split seed, its metrics.json read back, beside a per-class Gaussian and
 * per-class SMOTE (k = 5) fitted to the same training rows and judged by the same evaluateSamples call
 * (runEvaluationInput: privacy on columns scaled by their training range, utility with logistic and MLP
 * classifiers, 3 classifier seeds). Cells are mean ± sd over the split seeds.
 *
 *   npx tsx scripts/table-privacy.ts --data data/iris.csv --label-column species --n 50 [--seeds 1,2,3] [--out runs/tp] [-- train flags]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fitPerClass, gaussianFit, smote } from '../src/eval/baselines/index.js';
import type { ReferenceGenerator } from '../src/eval/baselines/index.js';
import { evaluateSamples, type EvaluationReport } from '../src/eval/evaluate.js';
import { runEvaluationInput } from '../src/eval/runInput.js';
import { meanSd } from '../src/eval/utility/index.js';
import { prepareData } from '../src/cli/runData.js';
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
const EVAL_SEED = 2024;

interface Cells { tstrLog: number; trtrLog: number; augLog: number; tstrMlp: number; trtrMlp: number; augMlp: number; closer: number; auc: number; epsilon: number | null }
const cells = new Map<string, Cells[]>();
const add = (method: string, r: EvaluationReport, epsilon: number | null = null): void => {
  const [log, mlp] = r.utility!.classifiers;
  const c: Cells = {
    tstrLog: log!.tstr.mean, trtrLog: log!.trtr.mean, augLog: log!.augmented.mean, tstrMlp: mlp!.tstr.mean, trtrMlp: mlp!.trtr.mean, augMlp: mlp!.augmented.mean,
    closer: r.privacy!.distanceToClosestRecord.closerToTrain, auc: r.privacy!.membershipAuc, epsilon,
  };
  cells.set(method, [...(cells.get(method) ?? []), c]);
};

for (const seed of seeds) {
  const t0 = Date.now();
  const run = join(out, `n${n}-s${seed}`);
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'train', '--data', data, '--label-column', labelColumn, '--n', String(n), '--seed', String(seed), '--out', run, '--force', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  const m = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { metrics: EvaluationReport; privacy?: { epsilon: number } };
  add('LR-GAN (lrgan train)', m.metrics, m.privacy?.epsilon ?? null);
  const prep = prepareData({ data, n, seed, labelColumn: parseLabelColumn(labelColumn) });
  const { train } = prep.split;
  const count = m.metrics.counts.generated;
  const counts = classCounts(train.labels!, prep.dataset.numClasses);
  const total = counts.reduce((a, b) => a + b, 0);
  const per = counts.map((c) => Math.round((count * c) / total));
  for (const [name, gen] of [['per-class Gaussian', gaussianFit], ['per-class SMOTE (k = 5)', smote]] as [string, ReferenceGenerator][]) {
    const s = fitPerClass(gen, train.x, train.labels!, train.dim, prep.dataset.numClasses, seed).sample(per, seed + 1);
    add(name, evaluateSamples(runEvaluationInput(Float32Array.from(s.x), prep.dataset, prep.split, EVAL_SEED, s.labels)));
  }
  console.error(`seed ${seed}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const f = (xs: number[]): string => {
  const { mean, sd } = meanSd(xs);
  return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
};
console.log(`\n${data.split('/').pop()}, N = ${n}, seeds ${seeds.join(',')}${extra.length ? `, train flags: ${extra.join(' ')}` : ''}\n`);
console.log('| method | TRTR logistic | TSTR logistic | augmented logistic | TRTR MLP | TSTR MLP | augmented MLP | TSTR/TRTR (log, MLP) | closer to train | MIA AUC | ε |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [method, cs] of cells) {
  const col = (k: keyof Cells): number[] => cs.map((c) => c[k] as number);
  const ratio = (a: keyof Cells, b: keyof Cells): string => (meanSd(col(a)).mean / meanSd(col(b)).mean).toFixed(2);
  const eps = cs[0]!.epsilon === null ? '' : cs.map((c) => c.epsilon!.toFixed(2)).join(', ');
  console.log(`| ${method} | ${f(col('trtrLog'))} | ${f(col('tstrLog'))} | ${f(col('augLog'))} | ${f(col('trtrMlp'))} | ${f(col('tstrMlp'))} | ${f(col('augMlp'))} | ${ratio('tstrLog', 'trtrLog')}, ${ratio('tstrMlp', 'trtrMlp')} | ${f(col('closer'))} | ${f(col('auc'))} | ${eps} |`);
}
