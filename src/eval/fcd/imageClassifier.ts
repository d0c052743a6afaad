/**
 * The small CNN whose penultimate activations are the feature space of FCD on the built-in 28x28 sets
 * (mnist, fashion), the analogue of DigitClassifier for 8x8 digits. One Sequential stack:
 *   0 ChannelsLastToNchw, 1 Conv2d(1→16, 4, s2, p1) → 14x14, 2 LeakyReLU(0.2), 3 Conv2d(16→32, 4, s2, p1) → 7x7,
 *   4 LeakyReLU, 5 Conv2d(32→16, 3, s2, p1) → 4x4, 6 LeakyReLU, 7 Flatten, 8 Linear(256→64), 9 LeakyReLU
 *   → features [64], 10 Linear(64→10) → logits.
 * State-dict keys 1.weight, 1.bias, 3.*, 5.*, 8.*, 10.* (float32, PyTorch layouts). Weights per set are
 * data/fcd28-<set>-classifier.safetensors, trained by scripts/train-fcd28-classifier.ts on the classifier
 * pool (imagePools.ts). Inputs are pixels in [0, 1] (row-major 28x28); generated values outside that range
 * go through the same network. Browser-safe.
 */
import { noGrad } from '../../autograd/index.js';
import { LeakyReLU } from '../../nn/activations.js';
import { Conv2d } from '../../nn/conv2d.js';
import { ChannelsLastToNchw } from '../../nn/imageLayout.js';
import { Linear } from '../../nn/linear.js';
import { Flatten } from '../../nn/resampling.js';
import { decodeSafetensors, encodeSafetensors } from '../../nn/safetensors.js';
import type { NamedArray } from '../../nn/safetensors.js';
import { Sequential } from '../../nn/sequential.js';
import { Random } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { type FeatureClassifier, accuracyOf, argmaxRows } from './featureClassifier.js';

/** Input pixels (28x28x1). */
export const IMAGE28_PIXELS = 784;
/** Width of the feature layer. */
export const IMAGE28_FEATURES = 64;
/** Classes 0..9. */
export const IMAGE28_CLASSES = 10;
const SLOPE = 0.2;
/** Layers before this index produce the features. */
const FEATURE_LAYERS = 10;
/** Rows per forward pass when extracting features, to bound the im2col buffers. */
const CHUNK = 500;

export class ImageClassifier28 implements FeatureClassifier {
  readonly inputDim = IMAGE28_PIXELS;
  readonly featureDim = IMAGE28_FEATURES;
  readonly numClasses = IMAGE28_CLASSES;
  readonly net: Sequential;

  /** A freshly initialized network (PyTorch's init) from seed; load weights or train it. */
  constructor(seed = 0) {
    const rng = new Random(seed);
    this.net = new Sequential(
      new ChannelsLastToNchw(28, 28, 1),
      new Conv2d(1, 16, 4, { seed: rng.fork(), stride: 2, padding: 1 }),
      new LeakyReLU(SLOPE),
      new Conv2d(16, 32, 4, { seed: rng.fork(), stride: 2, padding: 1 }),
      new LeakyReLU(SLOPE),
      new Conv2d(32, 16, 3, { seed: rng.fork(), stride: 2, padding: 1 }),
      new LeakyReLU(SLOPE),
      new Flatten(),
      new Linear(256, IMAGE28_FEATURES, { seed: rng.fork() }),
      new LeakyReLU(SLOPE),
      new Linear(IMAGE28_FEATURES, IMAGE28_CLASSES, { seed: rng.fork() }),
    );
    this.net.eval();
  }

  /** x: [n, 784] tensor → logits [n, 10] (differentiable, for training). */
  logits(x: Tensor): Tensor {
    return this.net.forward(x);
  }

  /** x: [n, 784] row-major → penultimate activations [n, 64], float64. */
  features(x: Float64Array): Float64Array {
    return this.run('ImageClassifier28.features', x, FEATURE_LAYERS, IMAGE28_FEATURES);
  }

  /** x: [n, 784] → [n] predicted class (argmax of the logits, the lowest class on ties). */
  classes(x: Float64Array): Int32Array {
    const logits = this.run('ImageClassifier28.classes', x, this.net.layers.length, IMAGE28_CLASSES);
    return argmaxRows(logits, IMAGE28_CLASSES);
  }

  /** Fraction of rows of x: [n, 784] whose predicted class equals labels: [n]. */
  accuracy(x: Float64Array, labels: Int32Array): number {
    return accuracyOf(this.classes(x), labels, 'ImageClassifier28');
  }

  /** The weights as safetensors bytes (float32), with optional string metadata. */
  toSafetensors(metadata?: Record<string, string>): Uint8Array {
    const tensors: Record<string, NamedArray> = {};
    for (const [key, t] of Object.entries(this.net.stateDict())) {
      tensors[key] = { dtype: 'float32', shape: t.shape.slice(), data: Float32Array.from(t.data) };
    }
    return encodeSafetensors(tensors, metadata);
  }

  /** Checks x: [n, 784] (n ≥ 1, finite) and runs the first `layers` layers in chunks → [n, width]. */
  private run(fn: string, x: Float64Array, layers: number, width: number): Float64Array {
    if (!(x instanceof Float64Array)) throw new Error(`${fn}: x must be a Float64Array of [n, ${IMAGE28_PIXELS}] rows`);
    if (x.length === 0 || x.length % IMAGE28_PIXELS !== 0) {
      throw new Error(`${fn}: x has ${x.length} entries; expected a positive multiple of ${IMAGE28_PIXELS} (rows of 28x28 pixels)`);
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v - v !== 0) throw new Error(`${fn}: x row ${Math.floor(i / IMAGE28_PIXELS)} has ${v} (column ${i % IMAGE28_PIXELS})`);
    }
    const n = x.length / IMAGE28_PIXELS;
    const out = new Float64Array(n * width);
    noGrad(() => {
      for (let start = 0; start < n; start += CHUNK) {
        const b = Math.min(CHUNK, n - start);
        let y = new Tensor(Float32Array.from(x.subarray(start * IMAGE28_PIXELS, (start + b) * IMAGE28_PIXELS)), [b, IMAGE28_PIXELS]);
        for (let l = 0; l < layers; l++) y = this.net.layers[l]!.forward(y);
        out.set(y.data, start * width);
      }
    });
    return out;
  }
}

/**
 * A classifier with the weights in safetensors bytes (e.g. data/fcd28-mnist-classifier.safetensors).
 * Throws a SafetensorsError for malformed bytes and an Error naming the key for missing, extra or
 * mis-shaped tensors. Returns the classifier and the file's metadata.
 */
export function loadImageClassifier28(bytes: Uint8Array): { classifier: ImageClassifier28; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const classifier = new ImageClassifier28(0);
  classifier.net.loadStateDict(tensors);
  return { classifier, metadata };
}
