/**
 * Privacy figures of synthetic rows against the real rows they came from (Euclidean distances):
 * - distance to closest record (DCR): for each synthetic row, its distance to the nearest training row
 *   and to the nearest held-out row (an equal number of real rows the generator never saw);
 * - a distance-based membership-inference attack: a candidate row is scored −(distance to its nearest
 *   synthetic row) and called a member when the score is high; its AUC over training rows (members)
 *   against as many held-out rows (non-members) is 0.5 for a generator that leaks nothing about who
 *   was in the training set and 1 for one that hands back the training rows.
 * Browser-safe.
 */
import { nearestSquaredDistances } from './knn.js';
import type { Matrix, Matrix64 } from './matrix.js';
import { checkSameCols, readMatrix } from './matrix.js';
import { medianInPlace } from './select.js';
import { Random } from '../../tensor/random.js';

export interface DistanceToClosestRecord {
  /** median over synthetic rows of the distance to the nearest training row. */
  medianToTrain: number;
  /** The same to the nearest held-out row. */
  medianToHeldOut: number;
  /** medianToTrain / medianToHeldOut: ≈ 1 when the generator sits no nearer its training rows than fresh rows, → 0 when it copies. */
  ratio: number;
  /** Share of synthetic rows strictly nearer a training row than any held-out row (a tie counts ½); ≈ 0.5 leaks nothing. */
  closerToTrain: number;
}

/**
 * synthetic: [s, d], train: [n, d], heldOut: [m, d]. When m ≠ n the larger of the two real sets is cut
 * to the smaller's size by a seeded draw without replacement, so that both sides have equal chances.
 */
export function distanceToClosestRecord(synthetic: Matrix, train: Matrix, heldOut: Matrix, seed = 0): DistanceToClosestRecord {
  const fn = 'distanceToClosestRecord';
  const s = readMatrix(fn, 'synthetic', synthetic);
  const [t, h] = equalCounts(fn, train, heldOut, seed);
  checkSameCols(fn, 'synthetic', synthetic, 'train', train);
  const toTrain = nearestSquaredDistances(s, t);
  const toHeld = nearestSquaredDistances(s, h);
  let closer = 0;
  for (let i = 0; i < s.rows; i++) closer += toTrain[i]! < toHeld[i]! ? 1 : toTrain[i] === toHeld[i] ? 0.5 : 0;
  const medianToTrain = Math.sqrt(medianInPlace(toTrain));
  const medianToHeldOut = Math.sqrt(medianInPlace(toHeld));
  return { medianToTrain, medianToHeldOut, ratio: medianToTrain / medianToHeldOut, closerToTrain: closer / s.rows };
}

/**
 * AUC of the attack above: P(score of a random member > score of a random non-member) + ½·P(tie),
 * computed from mid-ranks (Mann–Whitney U / (n·m)). synthetic: [s, d]; train, heldOut as in
 * distanceToClosestRecord (cut to equal counts with the same seeded draw).
 */
export function membershipInferenceAuc(synthetic: Matrix, train: Matrix, heldOut: Matrix, seed = 0): number {
  const fn = 'membershipInferenceAuc';
  const s = readMatrix(fn, 'synthetic', synthetic);
  const [t, h] = equalCounts(fn, train, heldOut, seed);
  checkSameCols(fn, 'train', train, 'synthetic', synthetic);
  // Squared distance is monotone in distance, so ranking −d² ranks −d.
  const members = nearestSquaredDistances(t, s);
  const others = nearestSquaredDistances(h, s);
  for (let i = 0; i < members.length; i++) members[i] = -members[i]!;
  for (let i = 0; i < others.length; i++) others[i] = -others[i]!;
  return aucFromScores(members, others);
}

/**
 * AUC = (Σ mid-ranks of positives − n(n + 1)/2) / (n·m) over the pooled scores (ties share the mean
 * of their ranks, so a tie between a positive and a negative counts ½). positives: [n], negatives: [m].
 */
export function aucFromScores(positives: Float64Array, negatives: Float64Array): number {
  const n = positives.length;
  const m = negatives.length;
  if (n === 0 || m === 0) throw new Error(`aucFromScores: need at least one positive and one negative score, got ${n} and ${m}`);
  const total = n + m;
  const scores = new Float64Array(total);
  scores.set(positives);
  scores.set(negatives, n);
  for (let i = 0; i < total; i++) if (Number.isNaN(scores[i]!)) throw new Error(`aucFromScores: score ${i < n ? `positives[${i}]` : `negatives[${i - n}]`} is NaN`);
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  for (let start = 0; start < total;) {
    let end = start + 1;
    while (end < total && scores[order[end]!] === scores[order[start]!]) end++;
    const midRank = (start + 1 + end) / 2; // ranks start + 1 .. end, 1-based
    for (let k = start; k < end; k++) if (order[k]! < n) rankSum += midRank;
    start = end;
  }
  return (rankSum - (n * (n + 1)) / 2) / (n * m);
}

/** train and heldOut as float64, the larger cut to the smaller's row count by a seeded draw without replacement. */
function equalCounts(fn: string, train: Matrix, heldOut: Matrix, seed: number): [Matrix64, Matrix64] {
  const t = readMatrix(fn, 'train', train);
  const h = readMatrix(fn, 'heldOut', heldOut);
  checkSameCols(fn, 'heldOut', heldOut, 'train', train);
  if (!Number.isSafeInteger(seed)) throw new Error(`${fn}: seed must be a safe integer, got ${seed}`);
  const k = Math.min(t.rows, h.rows);
  const cut = (m: Matrix64): Matrix64 => {
    if (m.rows === k) return m;
    const perm = new Random(seed).permutation(m.rows);
    const data = new Float64Array(k * m.cols);
    for (let i = 0; i < k; i++) data.set(m.data.subarray(perm[i]! * m.cols, (perm[i]! + 1) * m.cols), i * m.cols);
    return { data, rows: k, cols: m.cols };
  };
  return [cut(t), cut(h)];
}
