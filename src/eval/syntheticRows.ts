/**
 * What synthetic rows are worth to a user and what they give away, for the report of evaluateSamples:
 * - privacy: distance to closest record and the membership-inference AUC (metrics/membershipInference),
 *   on columns multiplied by a scale (tables: 1 / each column's training range, so that no column
 *   outweighs the others by its units);
 * - utility: TRTR, TSTR and augmented accuracy of the engine's classifiers (utility/utility.ts), the
 *   synthetic rows labelled by the class a conditional generator was asked for, or else by their
 *   nearest training row's class. Browser-safe.
 */
import type { ClassifierUtility } from './utility/utility.js';
import { utilityFigures } from './utility/utility.js';
import { distanceToClosestRecord, membershipInferenceAuc, type DistanceToClosestRecord } from './metrics/membershipInference.js';
import { rowSquaredDistances } from './metrics/distance.js';
import type { Matrix64 } from './metrics/matrix.js';

export interface PrivacyReport {
  distanceToClosestRecord: DistanceToClosestRecord;
  /** AUC of the distance-based membership-inference attack: 0.5 = a coin, 1 = every training row told apart. */
  membershipAuc: number;
  /** 'scaled': columns divided by their training range; 'data': as they are. */
  space: 'scaled' | 'data';
}

export interface UtilityReport {
  classifiers: ClassifierUtility[];
  /** Where the synthetic rows' labels came from. */
  syntheticLabels: 'conditional' | 'nearest training row';
  syntheticRows: number;
}

/** x [rows, cols] with each column multiplied by scale[j]; x itself when scale is undefined. */
export function scaleColumns(x: Matrix64, scale: Float64Array | undefined): Matrix64 {
  if (scale === undefined) return x;
  if (scale.length !== x.cols) throw new Error(`scaleColumns: scale has ${scale.length} entries for ${x.cols} columns`);
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) {
    const o = i * x.cols;
    for (let j = 0; j < x.cols; j++) data[o + j] = x.data[o + j]! * scale[j]!;
  }
  return { data, rows: x.rows, cols: x.cols };
}

/** 1 / (max − min) of each column of x [rows, cols] (1 for a constant column). */
export function inverseRanges(x: Matrix64): Float64Array {
  const scale = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < x.rows; i++) {
      const v = x.data[i * x.cols + j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    scale[j] = hi > lo ? 1 / (hi - lo) : 1;
  }
  return scale;
}

/** Privacy figures of generated rows against the training rows and as many held-out rows. */
export function privacyReport(generated: Matrix64, train: Matrix64, heldOut: Matrix64, scale: Float64Array | undefined, seed: number): PrivacyReport {
  const [g, t, h] = [generated, train, heldOut].map((m) => scaleColumns(m, scale)) as [Matrix64, Matrix64, Matrix64];
  return {
    distanceToClosestRecord: distanceToClosestRecord(g, t, h, seed),
    membershipAuc: membershipInferenceAuc(g, t, h, seed),
    space: scale === undefined ? 'data' : 'scaled',
  };
}

export interface UtilityInput {
  generated: Matrix64;
  /** [generated rows] the classes a conditional generator was asked for; absent: nearest training row's class. */
  generatedLabels?: Int32Array;
  train: Matrix64;
  trainLabels: Int32Array;
  heldOut: Matrix64;
  heldOutLabels: Int32Array;
  numClasses: number;
}

/** Utility of the generated rows for a classifier of the data's classes. */
export function utilityReport(input: UtilityInput): UtilityReport {
  const { generated, train, heldOut, numClasses } = input;
  const given = input.generatedLabels;
  if (given !== undefined && given.length !== generated.rows) throw new Error(`utilityReport: ${given.length} generated labels for ${generated.rows} generated rows`);
  const labels = given ?? nearestTrainingLabels(generated, train, input.trainLabels);
  const classifiers = utilityFigures({
    d: train.cols, numClasses,
    train: { x: train.data, labels: input.trainLabels },
    heldOut: { x: heldOut.data, labels: input.heldOutLabels },
    synthetic: { x: generated.data, labels },
  });
  return { classifiers, syntheticLabels: given === undefined ? 'nearest training row' : 'conditional', syntheticRows: generated.rows };
}

function nearestTrainingLabels(generated: Matrix64, train: Matrix64, trainLabels: Int32Array): Int32Array {
  const out = new Int32Array(generated.rows);
  const d = new Float64Array(train.rows);
  for (let i = 0; i < generated.rows; i++) {
    rowSquaredDistances(generated, i, train, d);
    let best = 0;
    for (let j = 1; j < train.rows; j++) if (d[j]! < d[best]!) best = j;
    out[i] = trainLabels[best]!;
  }
  return out;
}
