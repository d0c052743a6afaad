/**
 * One cell of a study: a (data set, N, seed, model) combination, trained or fitted, measured and stored
 * as its own JSON file, so that a stopped study resumes where it stopped. The file name carries a hash
 * of everything that defines the result (config, steps, counts), so a changed default or --steps
 * never reuses a stale cell.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyTraining } from '../../eval/baselines/copyTraining.js';
import { gaussianFit } from '../../eval/baselines/gaussianFit.js';
import { heldOutRows } from '../../eval/baselines/heldOutRows.js';
import { pcaGaussianMixture } from '../../eval/baselines/pcaGaussianMixture.js';
import type { FittedGenerator } from '../../eval/baselines/referenceGenerator.js';
import type { GanConfig } from '../../gan/config.js';
import { toV1 } from '../../gan/configVersions.js';
import type { EvaluationReport } from '../../eval/evaluate.js';
import { encodePng } from '../../image/png.js';
import { GanTrainer, NonFiniteLossError } from '../../gan/trainer.js';
import { writeFileAtomic } from '../../node/checkpointFile.js';
import { summarizeNetwork } from '../modelSummary.js';
import { imageComparison, scatterComparison } from '../pictures.js';
import { EVAL_SEED } from '../runEvaluation.js';
import type { StudyData, StudyDataName } from './studyData.js';
import { type CellMetrics, type StudyJudge, measureSamples } from './studyMetrics.js';

/** Bumped when the measuring protocol changes, which invalidates every stored cell. */
export const CELL_VERSION = 1;

/** A reference row of every table: fitted to the same training set, measured by the same code. */
export interface ReferenceRow {
  /** File-name part, e.g. 'ref-copy'. */
  id: string;
  /** Row label. */
  label: string;
  fit(data: StudyData, seed: number): FittedGenerator;
}

export const REFERENCE_ROWS: readonly ReferenceRow[] = [
  { id: 'ref-real', label: 'held-out real', fit: (data) => heldOutRows(data.extraReal, data.train.dim) },
  { id: 'ref-copy', label: copyTraining.name, fit: (data, seed) => copyTraining.fit(data.train.x, data.train.dim, seed) },
  { id: 'ref-gauss', label: gaussianFit.name, fit: (data, seed) => gaussianFit.fit(data.train.x, data.train.dim, seed) },
  { id: 'ref-pcagmm', label: 'PCA + GMM', fit: (data, seed) => pcaGaussianMixture.fit(data.train.x, data.train.dim, seed) },
];

export interface CellSpec {
  data: StudyDataName;
  n: number;
  seed: number;
  /** The model name (e.g. 'r16+aug') or a reference row's id. */
  model: string;
  kind: 'gan' | 'reference';
  /** GAN cells: generator updates and the full config. */
  steps: number | null;
  config: GanConfig | null;
  /** GAN cells of a study with --budget-seconds: training stops after this much wall time, or at `steps`. Absent without a budget (old cell ids unchanged). */
  budgetSeconds?: number;
}

export interface CellResult {
  version: number;
  id: string;
  spec: CellSpec;
  counts: { train: number; heldOut: number; samples: number };
  /** GAN cells: parameter counts, and what the same widths would need at full rank. */
  params: { generator: number; generatorFullRank: number; discriminator: number; discriminatorFullRank: number } | null;
  /** steps: the updates done (fewer than spec.steps when the budget ran out; absent in cells stored before it was kept). */
  training: { seconds: number; stepsPerSecond: number; finalLossD: number; finalLossG: number; steps?: number } | null;
  /** Why there are no metrics (a diverged run), or null. */
  failed: string | null;
  metrics: CellMetrics | null;
  report: EvaluationReport | null;
  /** The sample picture, relative to the study folder. */
  picture: string | null;
  /** Wall time of the whole cell, training and measuring. */
  seconds: number;
}

/**
 * '<data>-n<N>-s<seed>-<model>-<hash>': the hash covers everything that defines the result, with the
 * config in version 1's layout, so that cells stored before the config was regrouped are found again.
 */
export function cellId(spec: CellSpec, data: StudyData): string {
  const config = spec.config === null ? null : toV1(spec.config);
  const defining = JSON.stringify({ v: CELL_VERSION, spec: { ...spec, config }, counts: [data.train.n, data.heldOut.n, data.samples] });
  const hash = createHash('sha256').update(defining).digest('hex').slice(0, 10);
  return `${spec.data}-n${spec.n}-s${spec.seed}-${spec.model}-${hash}`;
}

export function cellPath(out: string, id: string): string {
  return join(out, 'cells', `${id}.json`);
}

/** The stored result of a finished cell, or null (missing, unreadable or from another protocol version). */
export function readCell(out: string, id: string): CellResult | null {
  const path = cellPath(out, id);
  if (!existsSync(path)) return null;
  try {
    const cell = JSON.parse(readFileSync(path, 'utf8')) as CellResult;
    return cell.version === CELL_VERSION && cell.id === id ? cell : null;
  } catch {
    return null;
  }
}

function writeCell(out: string, cell: CellResult): void {
  mkdirSync(join(out, 'cells'), { recursive: true });
  writeFileAtomic(cellPath(out, cell.id), new TextEncoder().encode(`${JSON.stringify(cell, null, 1)}\n`));
}

/** Writes the picture of samples (data space) next to the cells; returns its path relative to out. */
function writePicture(out: string, id: string, data: StudyData, samples: Float64Array, title: string): string {
  mkdirSync(join(out, 'pictures'), { recursive: true });
  const rel = join('pictures', `${id}.png`);
  const { train, shape } = data;
  const image = shape.image !== undefined
    ? imageComparison(train.x, Math.min(10, train.n), samples, Math.min(60, samples.length / shape.dim), shape.image, 10)
    : scatterComparison(train.x, samples, shape.dim, title);
  writeFileAtomic(join(out, rel), encodePng(image));
  return rel;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

/** Fits a reference row on the cell's training set, measures data.samples of its samples, stores the cell. */
export function runReferenceCell(out: string, spec: CellSpec, data: StudyData, judge: StudyJudge | null): CellResult {
  const row = REFERENCE_ROWS.find((r) => r.id === spec.model);
  if (row === undefined) throw new Error(`runReferenceCell: unknown reference row '${spec.model}'`);
  const t0 = performance.now();
  const samples = row.fit(data, spec.seed).sample(data.samples, EVAL_SEED);
  const { metrics, report } = measureSamples(samples, data, judge);
  const id = cellId(spec, data);
  const cell: CellResult = {
    version: CELL_VERSION,
    id,
    spec,
    counts: { train: data.train.n, heldOut: data.heldOut.n, samples: data.samples },
    params: null,
    training: null,
    failed: null,
    metrics,
    report,
    picture: writePicture(out, id, data, samples, `${data.name}, n = ${data.n}: ${row.label}`),
    seconds: round((performance.now() - t0) / 1000, 3),
  };
  writeCell(out, cell);
  return cell;
}

/**
 * Trains spec.config for spec.steps (or until spec.budgetSeconds of training time, whichever comes first)
 * on the cell's training set, measures data.samples samples of the EMA generator (when there is one) from
 * the fixed EVAL_SEED, stores the cell. A diverged run is stored as failed, so a rerun does not repeat it.
 * A budgeted cell depends on the machine's speed: its stored result, not a rerun, is the record.
 */
export function runGanCell(out: string, spec: CellSpec, data: StudyData, judge: StudyJudge | null): CellResult {
  if (spec.config === null || spec.steps === null) throw new Error(`runGanCell: cell '${spec.model}' has no config or steps`);
  const t0 = performance.now();
  const id = cellId(spec, data);
  const trainer = new GanTrainer(data.scaled, spec.config, undefined, spec.config.conditional ? data.train.labels ?? undefined : undefined);
  const g = summarizeNetwork(trainer.generator);
  const d = summarizeNetwork(trainer.discriminator);
  const cell: CellResult = {
    version: CELL_VERSION,
    id,
    spec,
    counts: { train: data.train.n, heldOut: data.heldOut.n, samples: data.samples },
    params: { generator: g.parameters, generatorFullRank: g.fullRankParameters, discriminator: d.parameters, discriminatorFullRank: d.fullRankParameters },
    training: null,
    failed: null,
    metrics: null,
    report: null,
    picture: null,
    seconds: 0,
  };
  const tTrain = performance.now();
  const budgetMs = spec.budgetSeconds === undefined ? Infinity : spec.budgetSeconds * 1000;
  try {
    trainer.train(spec.steps, () => performance.now() - tTrain < budgetMs);
  } catch (e) {
    if (!(e instanceof NonFiniteLossError)) throw e;
    cell.failed = e.message;
  }
  const trainSeconds = (performance.now() - tTrain) / 1000;
  const last = trainer.history.slice(-100);
  const mean = (k: 'lossD' | 'lossG'): number => last.reduce((a, h) => a + h[k], 0) / Math.max(1, last.length);
  cell.training = {
    seconds: round(trainSeconds, 3),
    stepsPerSecond: round(trainer.stepCount / Math.max(trainSeconds, 1e-9), 2),
    finalLossD: round(mean('lossD'), 5),
    finalLossG: round(mean('lossG'), 5),
    steps: trainer.stepCount,
  };
  if (cell.failed === null) {
    const samples = data.scaler.inverse(Float64Array.from(trainer.sample(data.samples, EVAL_SEED, { ema: true }).data));
    const measured = measureSamples(samples, data, judge);
    cell.metrics = measured.metrics;
    cell.report = measured.report;
    cell.picture = writePicture(out, id, data, samples, `${data.name}, n = ${data.n}, ${spec.model}, seed ${spec.seed}, step ${trainer.stepCount}`);
  }
  cell.seconds = round((performance.now() - t0) / 1000, 3);
  writeCell(out, cell);
  return cell;
}
