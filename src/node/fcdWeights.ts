/**
 * The committed FCD digit classifier weights on disk (data/fcd-digits-classifier.safetensors). Node only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DigitClassifier } from '../eval/fcd/classifier.js';
import { loadDigitClassifier } from '../eval/fcd/classifier.js';

/** The shipped weights, found relative to this source file. */
export const FCD_WEIGHTS_FILE = fileURLToPath(new URL('../../data/fcd-digits-classifier.safetensors', import.meta.url));

/** Reads, decodes and loads the classifier weights at path (default the shipped file); errors name the path. */
export function loadDigitClassifierFile(path: string = FCD_WEIGHTS_FILE): { classifier: DigitClassifier; metadata: Record<string, string> } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`loadDigitClassifierFile: cannot read '${path}': ${(e as Error).message}`, { cause: e });
  }
  try {
    return loadDigitClassifier(bytes);
  } catch (e) {
    throw new Error(`loadDigitClassifierFile: '${path}': ${(e as Error).message}`, { cause: e });
  }
}
