/**
 * The small digit classifier whose penultimate activations are the feature space of FCD (the Fréchet
 * distance of src/eval/fcd/fcd.ts), the 8x8-digits analogue of FID's Inception features:
 *   Linear(64→128), LeakyReLU(0.2), Linear(128→64), LeakyReLU(0.2) → features [64], Linear(64→10) → logits.
 * One torch.nn.Sequential-style stack, so the state-dict keys are 0.weight, 0.bias, 2.weight, 2.bias,
 * 4.weight, 4.bias (float32). The project's frozen weights are data/fcd-digits-classifier.safetensors,
 * trained by scripts/train-fcd-classifier.ts on the classifier pool (see digitsPools.ts); load them with
 * loadDigitClassifier(bytes) here or loadDigitClassifierFile() in src/node/fcdWeights.ts.
 * Inputs are digits scaled as parseDigits does (pixel/16 in [0, 1]); values outside [0, 1], as generated
 * samples may have, are accepted and go through the same network. Browser-safe.
 */
import { noGrad } from '../../autograd/index.js';
import { LeakyReLU } from '../../nn/activations.js';
import { Linear } from '../../nn/linear.js';
import { decodeSafetensors, encodeSafetensors } from '../../nn/safetensors.js';
import type { NamedArray } from '../../nn/safetensors.js';
import { Sequential } from '../../nn/sequential.js';
import { Random } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { type FeatureClassifier, accuracyOf, argmaxRows } from './featureClassifier.js';

/** Input pixels (8x8). */
export const DIGIT_PIXELS = 64;
/** Width of the feature layer. */
export const DIGIT_FEATURES = 64;
/** Classes 0..9. */
export const DIGIT_CLASSES = 10;
const HIDDEN = 128;
const SLOPE = 0.2;
/** Layers up to and including this index produce the features. */
const FEATURE_LAYERS = 4;

export class DigitClassifier implements FeatureClassifier {
  readonly inputDim = DIGIT_PIXELS;
  readonly featureDim = DIGIT_FEATURES;
  readonly numClasses = DIGIT_CLASSES;
  /** Layers 0..3 give the features, layer 4 the logits. */
  readonly net: Sequential;

  /** A freshly initialized network (PyTorch's Linear init) from seed; load weights or train it. */
  constructor(seed = 0) {
    const rng = new Random(seed);
    this.net = new Sequential(
      new Linear(DIGIT_PIXELS, HIDDEN, { seed: rng.fork() }),
      new LeakyReLU(SLOPE),
      new Linear(HIDDEN, DIGIT_FEATURES, { seed: rng.fork() }),
      new LeakyReLU(SLOPE),
      new Linear(DIGIT_FEATURES, DIGIT_CLASSES, { seed: rng.fork() }),
    );
    this.net.eval();
  }

  /** x: [n, 64] tensor → logits [n, 10] (differentiable, for training). */
  logits(x: Tensor): Tensor {
    return this.net.forward(x);
  }

  /** x: [n, 64] row-major → penultimate activations [n, 64], float64. Same input, same bytes. */
  features(x: Float64Array): Float64Array {
    const input = this.input('DigitClassifier.features', x);
    return noGrad(() => {
      let y = input;
      for (let l = 0; l < FEATURE_LAYERS; l++) y = this.net.layers[l]!.forward(y);
      return Float64Array.from(y.data);
    });
  }

  /** x: [n, 64] → [n] predicted class (argmax of the logits, the lowest class on ties). */
  classes(x: Float64Array): Int32Array {
    const input = this.input('DigitClassifier.classes', x);
    const logits = noGrad(() => this.net.forward(input)).data;
    return argmaxRows(logits, DIGIT_CLASSES);
  }

  /** Fraction of rows of x: [n, 64] whose predicted class equals labels: [n]. */
  accuracy(x: Float64Array, labels: Int32Array): number {
    return accuracyOf(this.classes(x), labels, 'DigitClassifier');
  }

  /** The weights as safetensors bytes (keys 0.weight … 4.bias, float32), with optional string metadata. */
  toSafetensors(metadata?: Record<string, string>): Uint8Array {
    const tensors: Record<string, NamedArray> = {};
    for (const [key, t] of Object.entries(this.net.stateDict())) {
      tensors[key] = { dtype: 'float32', shape: t.shape.slice(), data: Float32Array.from(t.data) };
    }
    return encodeSafetensors(tensors, metadata);
  }

  /** Checks x: [n, 64] with n ≥ 1 and finite entries; returns it as a float32 tensor. */
  private input(fn: string, x: Float64Array): Tensor {
    if (!(x instanceof Float64Array)) throw new Error(`${fn}: x must be a Float64Array of [n, ${DIGIT_PIXELS}] rows`);
    if (x.length === 0 || x.length % DIGIT_PIXELS !== 0) {
      throw new Error(`${fn}: x has ${x.length} entries; expected a positive multiple of ${DIGIT_PIXELS} (rows of 8x8 pixels)`);
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v - v !== 0) throw new Error(`${fn}: x row ${Math.floor(i / DIGIT_PIXELS)} has ${v} (column ${i % DIGIT_PIXELS})`);
    }
    return new Tensor(Float32Array.from(x), [x.length / DIGIT_PIXELS, DIGIT_PIXELS]);
  }
}

/**
 * A classifier with the weights in safetensors bytes (e.g. data/fcd-digits-classifier.safetensors
 * fetched by a browser). Throws a SafetensorsError for malformed bytes and an Error naming the key for
 * missing, extra or mis-shaped tensors. Returns the classifier and the file's metadata.
 */
export function loadDigitClassifier(bytes: Uint8Array): { classifier: DigitClassifier; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const classifier = new DigitClassifier(0);
  classifier.net.loadStateDict(tensors);
  return { classifier, metadata };
}
