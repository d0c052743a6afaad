/**
 * Training of the FCD28 classifier (imageClassifier.ts): Adam on softmax cross-entropy, seeded batch
 * order, a fixed number of epochs (no early stopping, so no held-out data is consulted). Deterministic:
 * the same data and options give the same weights. Browser-safe; scripts/train-fcd28-classifier.ts runs it.
 */
import { crossEntropy } from '../../nn/loss/crossEntropy.js';
import { Adam } from '../../nn/optim/adam.js';
import { Random } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { IMAGE28_PIXELS, ImageClassifier28 } from './imageClassifier.js';

export interface TrainImageClassifierOptions {
  /** Seeds the initialization (Random(seed)) and the batch order (its fork). */
  seed: number;
  /** Passes over the data; default 8. */
  epochs?: number;
  /** Rows per Adam step; default 64. */
  batchSize?: number;
  /** Adam learning rate; default 2e-3. */
  lr?: number;
  /** Called after every epoch with its mean training loss. */
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

/** x: [n, 784] pixels in [0, 1], labels: [n] in 0..9 → a trained classifier (in eval mode). */
export function trainImageClassifier28(x: Float64Array, labels: Int32Array, opts: TrainImageClassifierOptions): ImageClassifier28 {
  const fn = 'trainImageClassifier28';
  const epochs = opts.epochs ?? 8;
  const batchSize = opts.batchSize ?? 64;
  const n = x.length / IMAGE28_PIXELS;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: x must be [n, ${IMAGE28_PIXELS}] with n ≥ 1, got ${x.length} entries`);
  if (labels.length !== n) throw new Error(`${fn}: ${labels.length} labels for ${n} rows`);
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`${fn}: epochs must be a non-negative integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${fn}: batchSize must be a positive integer, got ${batchSize}`);
  const init = new Random(opts.seed);
  const order = init.fork();
  const classifier = new ImageClassifier28(init.nextUint32());
  const net = classifier.net.train();
  const adam = new Adam(net.namedParameters(), { lr: opts.lr ?? 2e-3 });
  const batchX = new Float32Array(batchSize * IMAGE28_PIXELS);
  const batchY = new Int32Array(batchSize);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const perm = order.permutation(n);
    let lossSum = 0;
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      for (let r = 0; r < b; r++) {
        const i = perm[start + r]!;
        batchX.set(x.subarray(i * IMAGE28_PIXELS, (i + 1) * IMAGE28_PIXELS), r * IMAGE28_PIXELS);
        batchY[r] = labels[i]!;
      }
      adam.zeroGrad();
      const loss = crossEntropy(classifier.logits(new Tensor(batchX.slice(0, b * IMAGE28_PIXELS), [b, IMAGE28_PIXELS])), batchY.subarray(0, b));
      loss.backward();
      adam.step();
      lossSum += loss.item() * b;
    }
    opts.onEpoch?.(epoch, lossSum / n);
  }
  net.eval();
  return classifier;
}
