/**
 * The data of one study cell: the few-shot split, the real rows of the "held-out real" reference row,
 * the sample count every row of the table is measured with, and the scaling to the model range.
 *
 * Mixtures (ring8, grid25): the split of `lrgan train --data <name> --n N --seed S` (N + 2,500 points,
 * 500 held out), so a study cell can be rerun with `train`; the 2,000 points left over are the real
 * reference rows, and every row of the table draws 2,000 samples.
 * Digits: drawn from the 901-row study pool (digitsStudyPool), never from the rows the FCD classifier
 * was trained on. The rest after N is shared between the held-out set (at most 500) and the real
 * reference rows (= the sample count, at most 300): with S = min(300, ⌊(901 − N)/2⌋) and
 * H = min(500, 901 − N − S), N = 10…100 gives H = 500, S = 300 (as scripts/reference-rows.ts) and
 * N = 500 gives H = 201, S = 200. FCD and coverage depend on H and S, so a study over several N
 * measures every N with the counts of its largest N (evalN), and its rows compare across N.
 */
import { classCounts } from '../../gan/conditional.js';
import { heldOutRows } from '../../eval/baselines/heldOutRows.js';
import type { Dataset } from '../../data/dataset.js';
import { selectExamples } from '../../data/dataset.js';
import { type Scaler, fitScaler } from '../../data/scaler.js';
import { fewShotSplit } from '../../data/split.js';
import { digitsStudyPool } from '../../eval/fcd/digitsPools.js';
import { MIXTURE_HELD_OUT_POOL, loadDataset } from '../../node/loadData.js';
import { Tensor } from '../../tensor/tensor.js';
import { scaledZero } from '../runData.js';
import type { StudyShape } from './modelSpec.js';

export const STUDY_DATASETS = ['ring8', 'grid25', 'digits'] as const;
export type StudyDataName = (typeof STUDY_DATASETS)[number];

/** Held-out rows of the mixtures (fewShotSplit's default for N ≤ 500). */
const MIXTURE_HELD_OUT = 500;
/** Digits: most held-out rows and most samples per row. */
const DIGITS_HELD_OUT = 500;
const DIGITS_SAMPLES = 300;

export interface StudyData {
  name: StudyDataName;
  n: number;
  seed: number;
  /** Few-shot training set and the held-out set every metric compares against (data space). */
  train: Dataset;
  heldOut: Dataset;
  /** [samples, dim] real rows disjoint from train and heldOut, a seeded choice: the "held-out real" reference row. */
  extraReal: Float64Array;
  /** Samples drawn for every row of the table (FCD, density and coverage depend on the count). */
  samples: number;
  scaler: Scaler;
  /** [n, dim] training examples in the model range, float32. */
  scaled: Tensor;
  shape: StudyShape;
  /** Known mixture components (mixtures only). */
  modes?: { centers: Float64Array; sigma: number };
  /** Why the counts differ from the usual ones, when they do. */
  note?: string;
}

/**
 * The held-out and sample counts of a data set at N, measured as at evalN ≥ N (the largest N of the study),
 * and the note explaining a cap; throws when N leaves too little.
 */
export function studyCounts(name: StudyDataName, n: number, evalN = n): { heldOut: number; samples: number; note?: string } {
  if (name !== 'digits') return { heldOut: MIXTURE_HELD_OUT, samples: MIXTURE_HELD_OUT_POOL - MIXTURE_HELD_OUT };
  if (!(evalN >= n)) throw new Error(`studyCounts: evalN must be ≥ n (${n}), got ${evalN}`);
  const pool = 901;
  const rest = pool - evalN;
  const samples = Math.min(DIGITS_SAMPLES, Math.floor(rest / 2));
  const heldOut = Math.min(DIGITS_HELD_OUT, rest - samples);
  if (samples < 10) throw new Error(`study: digits --n ${n} leaves ${rest} of the ${pool} study-pool rows; at least 20 are needed for held-out and reference rows`);
  if (samples === DIGITS_SAMPLES && heldOut === DIGITS_HELD_OUT) return { heldOut, samples };
  return {
    heldOut,
    samples,
    note: `digits N=${n}: ${evalN === n ? 'the' : `measured as N=${evalN}, the largest N of this study, so that rows compare across N: the`} ${pool}-row study pool leaves ${rest} rows, split into ${heldOut} held-out and ${samples} real reference rows; every row draws ${samples} samples (usually ${DIGITS_HELD_OUT} and ${DIGITS_SAMPLES}), so compare FCD and coverage only with tables measured the same way`,
  };
}

/** Loads and splits the data of one (data set, N, seed) cell, measured with the counts of evalN (see studyCounts). */
export function prepareStudyData(name: StudyDataName, n: number, seed: number, evalN = n): StudyData {
  const { heldOut, samples, note } = studyCounts(name, n, evalN);
  const pool = name === 'digits' ? digitsStudyPool(loadDataset('digits', { seed, n })) : loadDataset(name, { seed, n, heldOutPool: MIXTURE_HELD_OUT_POOL });
  const split = fewShotSplit(pool, { n, seed, heldOut });
  const used = new Uint8Array(pool.n);
  for (const i of split.trainIndices) used[i] = 1;
  for (const i of split.heldOutIndices) used[i] = 1;
  const rest: number[] = [];
  for (let i = 0; i < pool.n; i++) if (used[i] === 0) rest.push(i);
  if (rest.length < samples) throw new Error(`prepareStudyData: ${name} N=${n} leaves ${rest.length} real rows, fewer than the ${samples} samples per row`);
  const train = split.train;
  const scaler = fitScaler(train.x, train.dim, { perColumn: pool.image === undefined });
  const shape: StudyShape = { dim: pool.dim, fill: scaledZero(scaler) };
  if (pool.image !== undefined) shape.image = pool.image;
  if (train.labels !== null) shape.classCounts = classCounts(train.labels, pool.numClasses);
  const out: StudyData = {
    name,
    n,
    seed,
    train,
    heldOut: split.heldOut,
    // A seeded random choice among the rows left: the file's row order need not be random (digits by writer).
    extraReal: heldOutRows(selectExamples(pool, Int32Array.from(rest)).x, pool.dim).sample(samples, seed),
    samples,
    scaler,
    scaled: new Tensor(Float32Array.from(scaler.transform(train.x)), [train.n, train.dim]),
    shape,
  };
  if (pool.modes !== undefined) out.modes = pool.modes;
  if (note !== undefined) out.note = note;
  return out;
}
