/**
 * The metric report of a trained generator: sample quality against held-out real data, mode coverage
 * on known mixtures, class coverage on labelled data and memorization of the training set.
 * Everything is computed in data space (after inverse scaling). Browser-safe.
 */
import { Random } from '../tensor/random.js';
import { classHistogram, klToUniform } from './metrics/classHistogram.js';
import { copyFraction } from './metrics/copyFraction.js';
import { densityCoverage } from './metrics/densityCoverage.js';
import { rowSquaredDistances } from './metrics/distance.js';
import { energyDistance } from './metrics/energyDistance.js';
import type { Matrix, Matrix64 } from './metrics/matrix.js';
import { readMatrix } from './metrics/matrix.js';
import { mmd2 } from './metrics/mmd.js';
import { modeMetrics } from './metrics/modeMetrics.js';
import { nnRatio } from './metrics/nnRatio.js';
import { oneNNAccuracy } from './metrics/oneNNAccuracy.js';
import { precisionRecall } from './metrics/precisionRecall.js';
import { slicedWasserstein } from './metrics/slicedWasserstein.js';
import { type FeatureJudge, type FeatureReport, featureReport } from './featureReport.js';
import type { TableField } from '../data/tableLayout.js';
import { type MarginalReport, marginalFidelity } from './marginals.js';
import { type PrivacyReport, type UtilityReport, privacyReport, utilityReport } from './syntheticRows.js';

/** Generated samples used at most, by data dimension: pairwise metrics cost O(count²·dim). */
export function defaultEvalSamples(dim: number): number {
  return dim <= 4 ? 2500 : 1000;
}

/** Fewest generated and held-out rows the report needs: density/coverage use the 5th neighbour. */
export const MIN_EVAL_ROWS = 6;

/** Held-out rows used at most (a seeded random subset beyond this). */
export const MAX_HELD_OUT = 1000;

/** Training rows the training-set baseline uses at most: its MMD and energy distance cost O(n²). */
export const MAX_TRAIN_BASELINE = 1000;

/** Which rows a metric saw when a set was larger than its cap: `used` of `of`, drawn with the input's seed. */
export interface SubsetReport {
  used: number;
  of: number;
  seed: number;
}

export interface EvaluationOptions {
  /** Called before each metric (index 0..count-1), so that a caller can show progress. */
  onProgress?: (metric: string, index: number, count: number) => void;
}

export interface EvaluationInput {
  /** [g, d] generator samples in data space. */
  generated: Matrix;
  /** [n, d] the training examples the generator saw. */
  train: Matrix;
  /** [h, d] real examples not in train. */
  heldOut: Matrix;
  /** Known mixture components (ring8, grid25): adds PacGAN's mode metrics. centers: [K, d]. */
  modes?: { centers: Float64Array; sigma: number };
  /**
   * Class labels of train and heldOut: adds the class histogram of generated samples (labelled by their
   * nearest real example) and the utility figures; `generated` [generated rows]: the classes a
   * conditional generator was asked for, which utility trains on (else each row's nearest training row's).
   */
  labels?: { train: Int32Array; heldOut: Int32Array; numClasses: number; names?: string[]; generated?: Int32Array };
  /** [d] multipliers of the columns for the privacy figures (tables: inverseRanges of the training rows); absent: data space. */
  privacyScale?: Float64Array;
  /** Tables: the columns (number columns and one-hot blocks): adds report.marginals. */
  tableFields?: TableField[];
  /** A frozen classifier for this data (mnist, fashion): adds report.features (FCD and the classes it sees). */
  featureJudge?: FeatureJudge;
  /** Seed of subsampling and of the sliced-Wasserstein directions. */
  seed: number;
  /** Cap on generated samples; default defaultEvalSamples(d). */
  maxGenerated?: number;
}

export interface ModeReport {
  /** Number of mixture components K. */
  modes: number;
  modesCovered: number;
  highQualityFraction: number;
  /** KL(generated modes ‖ uniform) in nats; null when no sample is high quality. */
  reverseKL: number | null;
  /** Modes that some training point (within 3σ) belongs to: the most a generator can learn from them. */
  modesInTrain: number;
  modesCoveredOfTrain: number;
  /** [K] high-quality generated samples per mode. */
  modeCounts: number[];
}

export interface ClassReport {
  /** [numClasses] generated samples per class, each labelled by its nearest real (train or held-out) example. */
  counts: number[];
  /** Classes with at least one generated sample. */
  covered: number;
  numClasses: number;
  /** KL(class histogram ‖ uniform) in nats. */
  klToUniform: number;
  names?: string[];
}

export interface EvaluationReport {
  /** Rows each metric saw; trainBaseline: the training rows of trainBaseline. */
  counts: { generated: number; train: number; heldOut: number; trainBaseline: number };
  /** Sets that were subsampled to bound the cost (held-out beyond MAX_HELD_OUT, the baseline's training rows beyond MAX_TRAIN_BASELINE). */
  subsampled?: { heldOut?: SubsetReport; trainBaseline?: SubsetReport };
  modes?: ModeReport;
  classes?: ClassReport;
  /** Distance to closest record and membership inference: what the rows give away about the training rows. */
  privacy?: PrivacyReport;
  /** Classifier accuracy on held-out real rows when trained on real, synthetic and both (labelled data). */
  utility?: UtilityReport;
  /** Tables: each column's marginal against the held-out rows (KS for numbers, total variation for categories). */
  marginals?: MarginalReport;
  /** FCD against the held-out rows (and the training rows' FCD) in a frozen classifier's features, when input.featureJudge is given. */
  features?: FeatureReport;
  /** Generated against held-out real data (lower distances and 1-NN accuracy near 0.5 are better). */
  quality: {
    mmd2: number;
    energyDistance: number;
    slicedWasserstein: number;
    /** Improved precision/recall, k = 3, on equal-size sets. */
    precision: number;
    recall: number;
    /** Density/coverage, k = 5, on equal-size sets. */
    density: number;
    coverage: number;
    /** Leave-one-out 1-NN two-sample accuracy on equal-size sets (0.5 ideal, 1 separable, < 0.5 memorized). */
    oneNNAccuracy: number;
  };
  /** The training set itself against held-out data: the scores of a generator that replays its training examples. */
  trainBaseline: { mmd2: number; energyDistance: number; slicedWasserstein: number };
  /** nnRatio ≈ 1 generalizes, → 0 copies; copyFraction: share of samples that look copied (d1/d2 < 1/3). */
  memorization: { nnRatio: number; copyFraction: number };
  /** Why a metric is NaN (null in JSON), when one is: e.g. duplicate rows make a median distance 0. */
  notes?: string[];
}

/**
 * Computes the report. generated is capped at maxGenerated (first rows; samples are i.i.d.), heldOut
 * at MAX_HELD_OUT and the training-set baseline's rows at MAX_TRAIN_BASELINE (seeded random subsets,
 * listed in report.subsampled). Equal-size comparisons use the first h generated rows.
 */
export function evaluateSamples(input: EvaluationInput, opts: EvaluationOptions = {}): EvaluationReport {
  const fn = 'evaluateSamples';
  if (!Number.isSafeInteger(input.seed)) throw new Error(`${fn}: seed must be a safe integer, got ${input.seed}`);
  const train = readMatrix(fn, 'train', input.train);
  const dim = train.cols;
  for (const [name, m] of [['generated', input.generated], ['heldOut', input.heldOut]] as const) {
    if (m.cols !== dim) throw new Error(`${fn}: ${name} has ${m.cols} columns but train has ${dim}`);
  }
  const maxGenerated = input.maxGenerated ?? defaultEvalSamples(dim);
  const generated = firstRows(readMatrix(fn, 'generated', input.generated), maxGenerated);
  const heldAll = readMatrix(fn, 'heldOut', input.heldOut);
  const rng = new Random(input.seed);
  const heldRows = randomRows(heldAll.rows, MAX_HELD_OUT, rng);
  const heldOut = pickRows(heldAll, heldRows);
  if (generated.rows < MIN_EVAL_ROWS || heldOut.rows < MIN_EVAL_ROWS) {
    throw new Error(`${fn}: need at least ${MIN_EVAL_ROWS} generated and ${MIN_EVAL_ROWS} held-out rows for k-NN metrics (k = 5), got ${generated.rows} and ${heldOut.rows}`);
  }
  // Drawn after the held-out subset, and only when needed, so that smaller runs keep their numbers.
  const trainBase = pickRows(train, randomRows(train.rows, MAX_TRAIN_BASELINE, rng));
  const m = Math.min(generated.rows, heldOut.rows);
  const genSame = firstRows(generated, m);
  const realSame = firstRows(heldOut, m);
  const notes: string[] = [];
  const stages = ['precision/recall', 'density/coverage', 'MMD', 'energy distance', 'sliced Wasserstein', '1-NN accuracy', 'training-set baseline', 'NN ratio', 'copy fraction'];
  if (input.modes !== undefined) stages.push('modes');
  stages.push('privacy');
  if (input.tableFields !== undefined) stages.push('marginals');
  if (input.labels !== undefined) stages.push('classes', 'utility');
  if (input.featureJudge !== undefined) stages.push('FCD');
  const stage = (name: string): void => opts.onProgress?.(name, stages.indexOf(name), stages.length);
  // A metric undefined for this data (e.g. a median distance of 0 among duplicate rows) becomes NaN with a note.
  const attempt = (name: string, f: () => void): void => {
    try {
      f();
    } catch (e) {
      notes.push(`${name}: ${(e as Error).message}`);
    }
  };
  const safe = (name: string, f: () => number): number => {
    let v = NaN;
    attempt(name, () => (v = f()));
    return v;
  };
  let pr = { precision: NaN, recall: NaN };
  let dc = { density: NaN, coverage: NaN };
  stage('precision/recall');
  attempt('precision/recall', () => (pr = precisionRecall(realSame, genSame, { k: 3 })));
  stage('density/coverage');
  attempt('density/coverage', () => (dc = densityCoverage(realSame, genSame, { k: 5 })));
  stage('MMD');
  const mmd = safe('mmd2', () => mmd2(generated, heldOut));
  stage('energy distance');
  const energy = energyDistance(generated, heldOut);
  stage('sliced Wasserstein');
  const sliced = slicedWasserstein(generated, heldOut, { seed: input.seed });
  stage('1-NN accuracy');
  const oneNN = oneNNAccuracy(genSame, realSame).accuracy;
  stage('training-set baseline');
  const trainBaseline = {
    mmd2: safe('trainBaseline.mmd2', () => mmd2(trainBase, heldOut)),
    energyDistance: energyDistance(trainBase, heldOut),
    slicedWasserstein: slicedWasserstein(trainBase, heldOut, { seed: input.seed }),
  };
  stage('NN ratio');
  const ratio = safe('nnRatio', () => nnRatio(generated, train, heldOut));
  stage('copy fraction');
  const copies = safe('copyFraction', () => copyFraction(generated, train));
  const report: EvaluationReport = {
    counts: { generated: generated.rows, train: train.rows, heldOut: heldOut.rows, trainBaseline: trainBase.rows },
    quality: {
      mmd2: mmd,
      energyDistance: energy,
      slicedWasserstein: sliced,
      precision: pr.precision,
      recall: pr.recall,
      density: dc.density,
      coverage: dc.coverage,
      oneNNAccuracy: oneNN,
    },
    trainBaseline,
    memorization: { nnRatio: ratio, copyFraction: copies },
  };
  const subsampled: NonNullable<EvaluationReport['subsampled']> = {};
  if (heldOut.rows < heldAll.rows) subsampled.heldOut = { used: heldOut.rows, of: heldAll.rows, seed: input.seed };
  if (trainBase.rows < train.rows) subsampled.trainBaseline = { used: trainBase.rows, of: train.rows, seed: input.seed };
  if (subsampled.heldOut !== undefined || subsampled.trainBaseline !== undefined) report.subsampled = subsampled;
  if (input.modes !== undefined) {
    stage('modes');
    report.modes = modeReport(generated, train, input.modes, dim);
  }
  stage('privacy');
  attempt('privacy', () => (report.privacy = privacyReport(generated, train, heldOut, input.privacyScale, input.seed)));
  if (input.tableFields !== undefined) {
    stage('marginals');
    const fields = input.tableFields;
    attempt('marginals', () => (report.marginals = marginalFidelity(generated, heldOut, fields)));
  }
  if (input.labels !== undefined) {
    stage('classes');
    report.classes = classReport(generated, train, heldAll, input.labels);
    stage('utility');
    const l = input.labels;
    const given = l.generated === undefined ? {} : { generatedLabels: l.generated.subarray(0, generated.rows) };
    const heldLabels = Int32Array.from(heldRows, (r) => l.heldOut[r]!);
    attempt('utility', () => (report.utility = utilityReport({ generated, train, trainLabels: l.train, heldOut, heldOutLabels: heldLabels, numClasses: l.numClasses, ...given })));
  }
  if (input.featureJudge !== undefined) {
    stage('FCD');
    const judge = input.featureJudge;
    attempt('FCD', () => (report.features = featureReport(judge, generated, trainBase, heldOut)));
  }
  if (notes.length > 0) report.notes = notes;
  return report;
}

function modeReport(generated: Matrix64, train: Matrix64, modes: { centers: Float64Array; sigma: number }, dim: number): ModeReport {
  const centers = { data: modes.centers, rows: modes.centers.length / dim, cols: dim };
  const mm = modeMetrics(generated, centers, modes.sigma, { trainSet: train });
  return {
    modes: centers.rows,
    modesCovered: mm.modesCovered,
    highQualityFraction: mm.highQualityFraction,
    reverseKL: Number.isFinite(mm.reverseKL) ? mm.reverseKL : null,
    modesInTrain: mm.modesInTrain!,
    modesCoveredOfTrain: mm.modesCoveredOfTrain!,
    modeCounts: Array.from(mm.modeCounts),
  };
}

function classReport(generated: Matrix64, train: Matrix64, heldOut: Matrix64, labels: NonNullable<EvaluationInput['labels']>): ClassReport {
  const fn = 'evaluateSamples';
  if (labels.train.length !== train.rows || labels.heldOut.length !== heldOut.rows) {
    throw new Error(`${fn}: labels has ${labels.train.length} train and ${labels.heldOut.length} held-out labels for ${train.rows} and ${heldOut.rows} rows`);
  }
  const assigned = new Int32Array(generated.rows);
  const bestDist = new Float64Array(generated.rows).fill(Infinity);
  nearestLabel(generated, train, labels.train, assigned, bestDist);
  nearestLabel(generated, heldOut, labels.heldOut, assigned, bestDist);
  const counts = classHistogram(assigned, labels.numClasses);
  let covered = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > 0) covered++;
  const out: ClassReport = { counts: Array.from(counts), covered, numClasses: labels.numClasses, klToUniform: klToUniform(counts) };
  if (labels.names !== undefined) out.names = labels.names;
  return out;
}

/** For each generated row, adopts the label of a reference row closer than bestDist so far. */
function nearestLabel(generated: Matrix64, ref: Matrix64, refLabels: Int32Array, assigned: Int32Array, bestDist: Float64Array): void {
  const row = new Float64Array(ref.rows);
  for (let i = 0; i < generated.rows; i++) {
    rowSquaredDistances(generated, i, ref, row);
    let best = bestDist[i]!;
    let label = assigned[i]!;
    for (let j = 0; j < ref.rows; j++) {
      if (row[j]! < best) {
        best = row[j]!;
        label = refLabels[j]!;
      }
    }
    bestDist[i] = best;
    assigned[i] = label;
  }
}

function firstRows(m: Matrix64, count: number): Matrix64 {
  if (m.rows <= count) return m;
  return { data: m.data.subarray(0, count * m.cols), rows: count, cols: m.cols };
}

/** All of 0..rows-1 when rows ≤ max, else max of them at random, ascending. */
function randomRows(rows: number, max: number, rng: Random): Int32Array {
  if (rows <= max) return Int32Array.from({ length: rows }, (_, i) => i);
  return rng.permutation(rows).slice(0, max).sort();
}

function pickRows(m: Matrix64, rows: Int32Array): Matrix64 {
  if (rows.length === m.rows) return m;
  const d = m.cols;
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) out.set(m.data.subarray(rows[r]! * d, (rows[r]! + 1) * d), r * d);
  return { data: out, rows: rows.length, cols: d };
}
