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
 * mnist, fashion: drawn from the study pool of imagePools.ts (about 5,000 images the FCD28 classifier never
 * saw); the held-out set and the real reference rows both have `samples` rows (default 500, `--samples`),
 * the same at every N, which may go up to 5,000 − 2·samples (4,000 at the default 500).
 */
import { classCounts } from '../../gan/conditional.js';
import { heldOutRows } from '../../eval/baselines/heldOutRows.js';
import type { Dataset } from '../../data/dataset.js';
import { selectExamples } from '../../data/dataset.js';
import { type Scaler, fitScaler } from '../../data/scaler.js';
import { fewShotSplit } from '../../data/split.js';
import { digitsStudyPool } from '../../eval/fcd/digitsPools.js';
import { IMAGE_POOL_TOTAL, type PooledImageSet, imageStudyPool, isPooledImageSet } from '../../eval/fcd/imagePools.js';
import { MIXTURE_HELD_OUT_POOL, loadDataset } from '../../node/loadData.js';
import { Tensor } from '../../tensor/tensor.js';
import { scaledZero } from '../runData.js';
import type { StudyShape } from './modelSpec.js';

export const STUDY_DATASETS = ['ring8', 'grid25', 'digits', 'mnist', 'fashion'] as const;
export type StudyDataName = (typeof STUDY_DATASETS)[number];

/** The study sets with a committed FCD classifier: FCD, classes and feature coverage are measured on them. */
export function hasClassifier(name: StudyDataName): name is 'digits' | PooledImageSet {
  return name === 'digits' || isPooledImageSet(name);
}

/** Held-out rows of the mixtures (fewShotSplit's default for N ≤ 500). */
const MIXTURE_HELD_OUT = 500;
/** Digits: most held-out rows and most samples per row. */
const DIGITS_HELD_OUT = 500;
const DIGITS_SAMPLES = 300;
/** mnist, fashion: held-out rows = samples per row, unless `--samples` says otherwise. */
export const IMAGE_SAMPLES = 500;
/** The smallest study pool of mnist and fashion (half of each class's images, rounded up: 5,002 and 5,000). */
const IMAGE_STUDY_POOL = IMAGE_POOL_TOTAL / 2;

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
export function studyCounts(name: StudyDataName, n: number, evalN = n, imageSamples = IMAGE_SAMPLES): { heldOut: number; samples: number; note?: string } {
  if (isPooledImageSet(name)) {
    if (!Number.isSafeInteger(imageSamples) || imageSamples < 6) throw new Error(`studyCounts: ${name} needs at least 6 samples per row (the 5th neighbour of coverage), got ${imageSamples}`);
    const left = IMAGE_STUDY_POOL - n - 2 * imageSamples;
    if (left < 0) {
      throw new Error(`study: ${name} --n ${n} with ${imageSamples} held-out rows and ${imageSamples} real reference rows needs ${n + 2 * imageSamples} of the ${IMAGE_STUDY_POOL} study-pool images; lower --n or --samples`);
    }
    return { heldOut: imageSamples, samples: imageSamples };
  }
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
export function prepareStudyData(name: StudyDataName, n: number, seed: number, evalN = n, imageSamples = IMAGE_SAMPLES): StudyData {
  const { heldOut, samples, note } = studyCounts(name, n, evalN, imageSamples);
  const pool = name === 'digits'
    ? digitsStudyPool(loadDataset('digits', { seed, n }))
    : isPooledImageSet(name)
      ? imageStudyPool(loadDataset(name, { seed, n }))
      : loadDataset(name, { seed, n, heldOutPool: MIXTURE_HELD_OUT_POOL });
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
