/**
 * Study cells → table rows: per (data set, N) and model, each number as mean ± spread over the seeds
 * (spread = sample standard deviation; none with one seed). Reference rows first, then the models.
 */
import type { CellResult } from './cells.js';
import type { CellMetrics } from './studyMetrics.js';
import { type StudyDataName, hasClassifier } from './studyData.js';

export interface Stat {
  mean: number;
  /** Sample standard deviation over the seeds that have a value; null with one. */
  sd: number | null;
  /** Seeds with a value. */
  count: number;
}

export type MetricKey = Exclude<keyof CellMetrics, 'classCounts'>;

export interface StudyRow {
  model: string;
  /** 'reference' rows are classical generators (and real data) fitted to the same training set. */
  kind: 'gan' | 'reference';
  label: string;
  seeds: number[];
  /** Seeds whose training diverged (no metrics). */
  failedSeeds: number[];
  /** GAN rows: convolutional or MLP networks; null for reference rows. */
  arch: 'conv' | 'mlp' | null;
  paramsG: number | null;
  /** Of the same widths at full rank, in percent. */
  paramsGPercent: number | null;
  paramsD: number | null;
  stepsPerSecond: Stat | null;
  /** GAN rows: generator updates done and training seconds (wall clock), over seeds. */
  stepsDone: Stat | null;
  trainSeconds: Stat | null;
  metrics: Partial<Record<MetricKey, Stat>>;
  /** Cell files behind the row (ids, one per seed), and their sample pictures relative to the study folder. */
  cells: string[];
  pictures: (string | null)[];
}

export interface StudyGroup {
  data: StudyDataName;
  n: number;
  counts: { train: number; heldOut: number; samples: number };
  steps: number;
  /** A study with --budget-seconds: each GAN cell's training time cap. */
  budgetSeconds?: number;
  note?: string;
  /** The plain rank model the technique rows build on, and how it was chosen. */
  selection?: { metric: string; best: string; scores: Record<string, number | null> };
  rows: StudyRow[];
}

export function stat(values: readonly number[]): Stat | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length < 2 ? null : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd, count: values.length };
}

const METRIC_KEYS: readonly MetricKey[] = [
  'modes', 'modesCovered', 'highQuality', 'reverseKL', 'fcd', 'classesCovered', 'classKL',
  'density', 'coverage', 'precision', 'recall', 'mmd2', 'oneNNAccuracy', 'nnRatio', 'copyFraction', 'featureDensity', 'featureCoverage',
];

/** One row from the cells of one model over seeds (all cells of the same data set, N and model). */
export function summarizeRow(model: string, label: string, cells: readonly CellResult[]): StudyRow {
  const first = cells[0];
  const kind = first?.spec.kind ?? 'gan';
  const row: StudyRow = {
    model,
    kind,
    label,
    seeds: cells.map((c) => c.spec.seed),
    failedSeeds: cells.filter((c) => c.failed !== null).map((c) => c.spec.seed),
    arch: first?.spec.config ? (first.spec.config.conv === undefined ? 'mlp' : 'conv') : null,
    paramsG: first?.params?.generator ?? null,
    paramsGPercent: first?.params ? Math.round((1000 * first.params.generator) / first.params.generatorFullRank) / 10 : null,
    paramsD: first?.params?.discriminator ?? null,
    stepsPerSecond: stat(cells.flatMap((c) => (c.training === null ? [] : [c.training.stepsPerSecond]))),
    stepsDone: stat(cells.flatMap((c) => (c.training === null ? [] : [c.training.steps ?? c.spec.steps ?? 0]))),
    trainSeconds: stat(cells.flatMap((c) => (c.training === null ? [] : [c.training.seconds]))),
    metrics: {},
    cells: cells.map((c) => c.id),
    pictures: cells.map((c) => c.picture),
  };
  for (const key of METRIC_KEYS) {
    const s = stat(cells.flatMap((c) => {
      const v = c.metrics?.[key];
      return v === null || v === undefined ? [] : [v];
    }));
    if (s !== null) row.metrics[key] = s;
  }
  return row;
}

/**
 * The metric that picks the best plain rank model, computed on the held-out split only:
 * FCD (lower is better) on the sets with a classifier (digits, mnist, fashion), coverage (higher is better) elsewhere.
 */
export function selectionMetric(data: StudyDataName): { key: MetricKey; higherIsBetter: boolean } {
  return hasClassifier(data) ? { key: 'fcd', higherIsBetter: false } : { key: 'coverage', higherIsBetter: true };
}

/**
 * The best of the candidate rows by mean selection metric over seeds; a row with a diverged seed
 * or no value loses. Ties keep the earlier row. Returns null when no candidate has a value.
 */
export function pickBest(data: StudyDataName, rows: readonly StudyRow[]): { best: StudyRow; scores: Record<string, number | null> } | null {
  const { key, higherIsBetter } = selectionMetric(data);
  const scores: Record<string, number | null> = {};
  let best: StudyRow | null = null;
  let bestScore = NaN;
  for (const r of rows) {
    const s = r.failedSeeds.length > 0 ? null : (r.metrics[key]?.mean ?? null);
    scores[r.model] = s;
    if (s === null) continue;
    if (best === null || (higherIsBetter ? s > bestScore : s < bestScore)) {
      best = r;
      bestScore = s;
    }
  }
  return best === null ? null : { best, scores };
}
