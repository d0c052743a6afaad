/**
 * Few-shot train / held-out split of one pool of examples. Browser-safe.
 * Generated mixtures use the same interface: the caller generates an ample pool (e.g. ring8(n + 2500))
 * and splits it, so held-out points are fresh draws from the same distribution.
 */
import { Random } from '../tensor/random.js';
import type { Dataset } from './dataset.js';
import { selectExamples } from './dataset.js';

/** Held-out size when not given: min(rest, max(n, DEFAULT_HELD_OUT)). */
export const DEFAULT_HELD_OUT = 500;

export interface FewShotOptions {
  /** Number of training examples, 1 ≤ n < ds.n. */
  n: number;
  seed: number;
  /**
   * Number of held-out examples, 1..ds.n − n. Default min(ds.n − n, max(n, 500)): at least 500 when
   * available, so sample-based metrics (precision/recall, MMD, Fréchet) are not dominated by noise,
   * and at least n, so train-vs-held-out memorization checks compare sets of equal size; never more
   * than what is left.
   */
  heldOut?: number;
}

export interface FewShotSplit {
  train: Dataset;
  heldOut: Dataset;
  /** [n] rows of ds in the training set, ascending. */
  trainIndices: Int32Array;
  /** [heldOut] rows of ds in the held-out set, ascending; disjoint from trainIndices. */
  heldOutIndices: Int32Array;
}

/**
 * Picks n training examples by seed and a disjoint held-out set uniformly from the rest.
 * With labels the training set is stratified: every class gets ⌊n/C⌋ examples and n mod C classes
 * (chosen by seed among those with an example to spare) get one more, so class counts differ by at
 * most one. The held-out set keeps the rest's natural class frequencies. Same (ds, n, seed, heldOut)
 * gives the same indices. Draws from Random(seed).fork(), so a mixture generated with the same seed
 * does not share a random stream with its split.
 */
export function fewShotSplit(ds: Dataset, opts: FewShotOptions): FewShotSplit {
  const fn = 'fewShotSplit';
  const { n, seed } = opts;
  const total = ds.n;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: --n must be a positive integer, got ${n}`);
  if (n > total) throw new Error(`${fn}: --n ${n} is more than the ${total} examples of ${ds.name}`);
  if (n === total) throw new Error(`${fn}: --n ${n} uses all ${total} examples of ${ds.name} and leaves none held out`);
  const rest = total - n;
  const heldOut = opts.heldOut ?? Math.min(rest, Math.max(n, DEFAULT_HELD_OUT));
  if (!Number.isInteger(heldOut) || heldOut < 1) throw new Error(`${fn}: heldOut must be a positive integer, got ${heldOut}`);
  if (heldOut > rest) {
    throw new Error(`${fn}: heldOut ${heldOut} is more than the ${rest} examples of ${ds.name} left after --n ${n}`);
  }

  const rng = new Random(seed).fork();
  const chosen = new Uint8Array(total);
  const trainIndices = ds.labels === null ? pickUniform(rng, total, n, chosen) : pickStratified(ds, rng, n, chosen);

  const restIdx = new Int32Array(rest);
  for (let i = 0, r = 0; i < total; i++) if (chosen[i] === 0) restIdx[r++] = i;
  const perm = rng.permutation(rest);
  const heldOutIndices = new Int32Array(heldOut);
  for (let i = 0; i < heldOut; i++) heldOutIndices[i] = restIdx[perm[i]!]!;
  heldOutIndices.sort();

  return { train: selectExamples(ds, trainIndices), heldOut: selectExamples(ds, heldOutIndices), trainIndices, heldOutIndices };
}

/** n distinct indices of 0..total-1, ascending; marks them in `chosen`. */
function pickUniform(rng: Random, total: number, n: number, chosen: Uint8Array): Int32Array {
  const perm = rng.permutation(total);
  const out = perm.slice(0, n).sort();
  for (let i = 0; i < n; i++) chosen[out[i]!] = 1;
  return out;
}

/** n indices with class counts ⌊n/C⌋ or ⌈n/C⌉, ascending; marks them in `chosen`. */
function pickStratified(ds: Dataset, rng: Random, n: number, chosen: Uint8Array): Int32Array {
  const labels = ds.labels!;
  const numClasses = ds.numClasses;
  const members: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < ds.n; i++) members[labels[i]!]!.push(i);

  const base = Math.floor(n / numClasses);
  const quota = new Int32Array(numClasses).fill(base);
  for (let c = 0; c < numClasses; c++) {
    const have = members[c]!.length;
    if (have < base) {
      throw new Error(
        `fewShotSplit: class ${className(ds, c)} of ${ds.name} has ${have} examples, but a stratified split of ` +
          `--n ${n} over ${numClasses} classes needs at least ${base} per class`,
      );
    }
  }
  let extra = n - base * numClasses;
  const order = rng.permutation(numClasses);
  for (let k = 0; k < numClasses && extra > 0; k++) {
    const c = order[k]!;
    if (members[c]!.length > base) {
      quota[c] = base + 1;
      extra--;
    }
  }
  if (extra > 0) {
    throw new Error(
      `fewShotSplit: ${ds.name} has too few examples for a stratified split of --n ${n} over ${numClasses} classes ` +
        `(${n - extra} fit with at most ${base + 1} per class)`,
    );
  }

  const out = new Int32Array(n);
  let w = 0;
  for (let c = 0; c < numClasses; c++) {
    const m = members[c]!;
    const perm = rng.permutation(m.length);
    for (let k = 0; k < quota[c]!; k++) out[w++] = m[perm[k]!]!;
  }
  out.sort();
  for (let i = 0; i < n; i++) chosen[out[i]!] = 1;
  return out;
}

function className(ds: Dataset, c: number): string {
  const name = ds.labelNames?.[c];
  return name === undefined || name === String(c) ? `${c}` : `${c} ('${name}')`;
}
