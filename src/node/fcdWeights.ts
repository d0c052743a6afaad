/**
 * The committed FCD classifier weights on disk: data/fcd-digits-classifier.safetensors (8x8 digits) and
 * data/fcd28-<set>-classifier.safetensors (mnist, fashion). Node only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DigitClassifier } from '../eval/fcd/classifier.js';
import { loadDigitClassifier } from '../eval/fcd/classifier.js';
import type { ImageClassifier28 } from '../eval/fcd/imageClassifier.js';
import { loadImageClassifier28 } from '../eval/fcd/imageClassifier.js';
import type { PooledImageSet } from '../eval/fcd/imagePools.js';

/** The shipped weights, found relative to this source file. */
export const FCD_WEIGHTS_FILE = fileURLToPath(new URL('../../data/fcd-digits-classifier.safetensors', import.meta.url));

/** The shipped FCD28 weights of a built-in 28x28 set. */
export function fcd28WeightsFile(set: PooledImageSet): string {
  return fileURLToPath(new URL(`../../data/fcd28-${set}-classifier.safetensors`, import.meta.url));
}

/** Reads, decodes and loads the classifier weights at path (default the shipped file); errors name the path. */
export function loadDigitClassifierFile(path: string = FCD_WEIGHTS_FILE): { classifier: DigitClassifier; metadata: Record<string, string> } {
  return loadWeights('loadDigitClassifierFile', path, loadDigitClassifier);
}

/** Reads and loads FCD28 weights from path (default the shipped file of set); errors name the path. */
export function loadImageClassifier28File(set: PooledImageSet, path: string = fcd28WeightsFile(set)): { classifier: ImageClassifier28; metadata: Record<string, string> } {
  const loaded = loadWeights('loadImageClassifier28File', path, loadImageClassifier28);
  const stored = loaded.metadata['dataset'];
  if (stored !== set) throw new Error(`loadImageClassifier28File: '${path}' holds a classifier for ${stored ?? 'no named data set'}, expected ${set}`);
  return loaded;
}

function loadWeights<T>(fn: string, path: string, load: (bytes: Uint8Array) => T): T {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`${fn}: cannot read '${path}': ${(e as Error).message}`, { cause: e });
  }
  try {
    return load(bytes);
  } catch (e) {
    throw new Error(`${fn}: '${path}': ${(e as Error).message}`, { cause: e });
  }
}
