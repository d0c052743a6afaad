/**
 * Classifiers written in the engine, for judging synthetic tables by what they teach: multinomial
 * logistic regression (one Linear layer, softmax) and a small MLP (one hidden ReLU layer). Both
 * standardize each column by the training rows' mean and std, then run Adam on softmax cross-entropy
 * in seeded mini-batches (drawn in order from successive shuffles of the rows) for a fixed number of
 * steps, not epochs, so that a larger training set (real + synthetic) gets the same optimization budget
 * as a small one; no early stopping, so no held-out row is consulted. Same data, options and seed → same weights, byte for byte. Browser-safe.
 */
import { noGrad } from '../../autograd/index.js';
import { crossEntropy } from '../../nn/loss/crossEntropy.js';
import { Adam } from '../../nn/optim/adam.js';
import { ReLU } from '../../nn/activations.js';
import { Linear } from '../../nn/linear.js';
import type { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/sequential.js';
import { Random } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';

export type ClassifierKind = 'logistic' | 'mlp';

export interface ClassifierOptions {
  /** Seeds the initialization and the batch order. */
  seed: number;
  /** Adam steps; default 500. */
  steps?: number;
  /** Rows per Adam step; default 32. */
  batchSize?: number;
  /** Adam learning rate; default 1e-2. */
  lr?: number;
  /** Adam's coupled L2 weight decay; default 1e-4. */
  weightDecay?: number;
  /** Hidden width of the MLP; default 32 (unused by 'logistic'). */
  hidden?: number;
}

export interface TrainedClassifier {
  kind: ClassifierKind;
  /** x: [m, d] row-major → [m] predicted class (the largest logit; the first on ties). */
  predict(x: Float64Array): Int32Array;
  /** Share of rows of x: [m, d] whose prediction equals labels: [m]. */
  accuracy(x: Float64Array, labels: Int32Array): number;
}

/**
 * x: [n, d] row-major training rows, labels: [n] in 0..numClasses−1. Columns with zero spread are
 * centred and left unscaled.
 */
export function trainClassifier(kind: ClassifierKind, x: Float64Array, labels: Int32Array, d: number, numClasses: number, opts: ClassifierOptions): TrainedClassifier {
  const fn = 'trainClassifier';
  if (kind !== 'logistic' && kind !== 'mlp') throw new Error(`${fn}: kind must be 'logistic' or 'mlp', got ${JSON.stringify(kind)}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`${fn}: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new Error(`${fn}: numClasses must be an integer >= 2, got ${numClasses}`);
  if (x.length % d !== 0 || x.length === 0) throw new Error(`${fn}: x has ${x.length} entries, not a positive multiple of d = ${d}`);
  const n = x.length / d;
  if (labels.length !== n) throw new Error(`${fn}: ${labels.length} labels for ${n} rows`);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!(c >= 0 && c < numClasses)) throw new Error(`${fn}: labels[${i}] = ${c} is outside 0..${numClasses - 1}`);
  }
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) throw new Error(`${fn}: x row ${Math.floor(i / d)} has ${x[i]} (column ${i % d})`);
  const steps = opts.steps ?? 500;
  const batchSize = opts.batchSize ?? 32;
  const hidden = opts.hidden ?? 32;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`${fn}: steps must be a positive integer, got ${steps}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${fn}: batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(hidden) || hidden < 1) throw new Error(`${fn}: hidden must be a positive integer, got ${hidden}`);

  const { mean, scale } = columnStats(x, n, d);
  const rng = new Random(opts.seed);
  const layers: Module[] = kind === 'logistic'
    ? [new Linear(d, numClasses, { seed: rng })]
    : [new Linear(d, hidden, { seed: rng }), new ReLU(), new Linear(hidden, numClasses, { seed: rng })];
  const net = new Sequential(...layers);
  const opt = new Adam(net.parameters(), { lr: opts.lr ?? 1e-2, weightDecay: opts.weightDecay ?? 1e-4 });
  const order = rng.fork();
  const b = Math.min(batchSize, n);
  const standardized = standardize(x, mean, scale);
  const xb = Tensor.empty([b, d]);
  const batchRows = xb.data;
  const yb = new Int32Array(b);
  let perm = order.permutation(n);
  let next = 0;
  for (let step = 0; step < steps; step++) {
    for (let r = 0; r < b; r++) {
      if (next === n) {
        perm = order.permutation(n);
        next = 0;
      }
      const i = perm[next++]!;
      batchRows.set(standardized.subarray(i * d, (i + 1) * d), r * d);
      yb[r] = labels[i]!;
    }
    opt.zeroGrad();
    crossEntropy(net.forward(xb), yb).backward();
    opt.step();
  }

  const predict = (rows: Float64Array): Int32Array => {
    if (rows.length % d !== 0) throw new Error(`${kind} classifier: x has ${rows.length} entries, not a multiple of d = ${d}`);
    const m = rows.length / d;
    const t = new Tensor(standardize(rows, mean, scale), [m, d]);
    const logits = noGrad(() => net.forward(t)).data;
    const out = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      let best = 0;
      for (let c = 1; c < numClasses; c++) if (logits[i * numClasses + c]! > logits[i * numClasses + best]!) best = c;
      out[i] = best;
    }
    return out;
  };
  return {
    kind,
    predict,
    accuracy(rows: Float64Array, truth: Int32Array): number {
      const p = predict(rows);
      if (truth.length !== p.length) throw new Error(`${kind} classifier: ${truth.length} labels for ${p.length} rows`);
      let right = 0;
      for (let i = 0; i < p.length; i++) if (p[i] === truth[i]) right++;
      return right / p.length;
    },
  };
}

/** (x − mean) · scale per column, for rows x: [m, d] row-major, in float32 as the network computes. */
function standardize(x: Float64Array, mean: Float64Array, scale: Float64Array): Float32Array {
  const d = mean.length;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += d) for (let j = 0; j < d; j++) out[i + j] = (x[i + j]! - mean[j]!) * scale[j]!;
  return out;
}

/** Per column: mean and 1/std (population std; 1 where the std is 0). */
function columnStats(x: Float64Array, n: number, d: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (x[i * d + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = scale[j]! > 0 ? 1 / Math.sqrt(scale[j]!) : 1;
  return { mean, scale };
}
