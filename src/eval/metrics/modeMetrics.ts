/**
 * Mode-collapse metrics on a Gaussian mixture with known centers (the 2-D ring/grid protocol of
 * VEEGAN and PacGAN, Lin et al. 2018): a sample is high quality when it lies within 3σ (Euclidean)
 * of its nearest center; a mode is covered when it is the nearest center of some high-quality sample.
 */
import { klToUniform } from './classHistogram.js';
import { rowSquaredDistances } from './distance.js';
import type { Matrix, Matrix64 } from './matrix.js';
import { checkSameCols, readMatrix } from './matrix.js';

export interface ModeMetricsOptions {
  /** The training points the generator saw: adds modesInTrain and modesCoveredOfTrain. */
  trainSet?: Matrix;
}

export interface ModeMetrics {
  /** Modes that are the nearest mode of at least one high-quality sample (0..K). */
  modesCovered: number;
  /** Fraction of samples within 3σ of their nearest mode. */
  highQualityFraction: number;
  /**
   * KL(q ‖ uniform) in nats, q = histogram of high-quality samples over their nearest modes
   * (PacGAN's "reverse KL": generated distribution first, the true uniform second): Σ_{q>0} q log(qK).
   * Empty bins add 0, so it lies in [0, log K]. NaN when no sample is high quality (q undefined).
   */
  reverseKL: number;
  /** High-quality samples per mode: [K]. */
  modeCounts: Int32Array;
  /** With trainSet: modes that are the nearest mode of at least one training point within 3σ. */
  modesInTrain?: number;
  /** With trainSet: covered modes that are also among modesInTrain. */
  modesCoveredOfTrain?: number;
}

/**
 * samples: [n, 2], modes: [K, 2] centers, sigma: the components' standard deviation (> 0).
 * Works in any dimension as long as samples and modes agree.
 */
export function modeMetrics(samples: Matrix, modes: Matrix, sigma: number, opts: ModeMetricsOptions = {}): ModeMetrics {
  const fn = 'modeMetrics';
  const s = readMatrix(fn, 'samples', samples);
  const c = readMatrix(fn, 'modes', modes);
  checkSameCols(fn, 'samples', samples, 'modes', modes);
  if (!(sigma > 0) || sigma === Infinity) throw new Error(`${fn}: sigma must be a finite number > 0, got ${sigma}`);
  const radius2 = 9 * sigma * sigma;
  const modeCounts = highQualityCounts(s, c, radius2);
  let hq = 0;
  let modesCovered = 0;
  for (let k = 0; k < c.rows; k++) {
    hq += modeCounts[k]!;
    if (modeCounts[k]! > 0) modesCovered++;
  }
  const out: ModeMetrics = {
    modesCovered,
    highQualityFraction: hq / s.rows,
    reverseKL: hq > 0 ? klToUniform(modeCounts) : NaN,
    modeCounts,
  };
  if (opts.trainSet !== undefined) {
    const t = readMatrix(fn, 'trainSet', opts.trainSet);
    checkSameCols(fn, 'trainSet', opts.trainSet, 'modes', modes);
    const trainCounts = highQualityCounts(t, c, radius2);
    let inTrain = 0;
    let coveredOfTrain = 0;
    for (let k = 0; k < c.rows; k++) {
      if (trainCounts[k]! > 0) {
        inTrain++;
        if (modeCounts[k]! > 0) coveredOfTrain++;
      }
    }
    out.modesInTrain = inTrain;
    out.modesCoveredOfTrain = coveredOfTrain;
  }
  return out;
}

/** Per mode, how many points have it as nearest mode (first one on ties) at squared distance <= radius2. */
function highQualityCounts(points: Matrix64, modes: Matrix64, radius2: number): Int32Array {
  const K = modes.rows;
  const counts = new Int32Array(K);
  const row = new Float64Array(K);
  for (let i = 0; i < points.rows; i++) {
    rowSquaredDistances(points, i, modes, row);
    let best = 0;
    for (let k = 1; k < K; k++) if (row[k]! < row[best]!) best = k;
    if (row[best]! <= radius2) counts[best]!++;
  }
  return counts;
}
