/**
 * The fixed split of the shipped UCI digits (data/digits.csv.gz, 1,797 rows) into two disjoint pools:
 *   classifier pool: the rows the FCD digit classifier is trained on (896 rows), and
 *   study pool:      the rows few-shot studies draw their training and held-out sets from (901 rows).
 * Every few-shot split would otherwise draw from the whole file, so its training set (and the held-out
 * set the metrics compare against) would overlap the classifier's training data, and the feature space
 * would be fitted to the very examples being judged. The split is stratified: for each class c with
 * m_c rows, a permutation by Random(DIGITS_POOL_SEED + c) sends ⌊m_c/2⌋ of its rows to the classifier
 * pool and the rest to the study pool (classifier 89/91/88/91/90/91/90/89/87/90 for classes 0..9).
 * The split depends only on the labels of the shipped file, which the guards below pin. Browser-safe.
 */
import { Random } from '../../tensor/random.js';
import type { Dataset } from '../../data/dataset.js';
import { selectExamples } from '../../data/dataset.js';

/** Seed of the classifier/study split. Changing it invalidates data/fcd-digits-classifier.safetensors. */
export const DIGITS_POOL_SEED = 20_250_801;

/** Class counts of the shipped digits file (data/README.md). */
export const DIGITS_CLASS_COUNTS: readonly number[] = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];

export interface DigitsPools {
  /** Rows of the shipped file the FCD classifier trains on, ascending. */
  classifierRows: Int32Array;
  /** The complementary rows, from which few-shot studies draw, ascending. */
  studyRows: Int32Array;
}

/**
 * The fixed classifier/study split of ds, which must be the shipped digits (1,797 rows of 64 pixels,
 * 10 classes with the documented counts); throws naming what differs otherwise.
 */
export function digitsPools(ds: Dataset): DigitsPools {
  const fn = 'digitsPools';
  const total = DIGITS_CLASS_COUNTS.reduce((a, b) => a + b, 0);
  if (ds.n !== total || ds.dim !== 64 || ds.labels === null || ds.numClasses !== DIGITS_CLASS_COUNTS.length) {
    throw new Error(
      `${fn}: expected the shipped digits (${total} rows, 64 pixels, ${DIGITS_CLASS_COUNTS.length} classes), ` +
        `got ${ds.name} with ${ds.n} rows, ${ds.dim} columns, ${ds.labels === null ? 'no labels' : `${ds.numClasses} classes`}`,
    );
  }
  const labels = ds.labels;
  const members: number[][] = DIGITS_CLASS_COUNTS.map(() => []);
  for (let i = 0; i < ds.n; i++) members[labels[i]!]!.push(i);
  members.forEach((m, c) => {
    if (m.length !== DIGITS_CLASS_COUNTS[c]) throw new Error(`${fn}: class ${c} has ${m.length} rows, the shipped digits have ${DIGITS_CLASS_COUNTS[c]}`);
  });
  const inClassifier = new Uint8Array(ds.n);
  members.forEach((m, c) => {
    const perm = new Random(DIGITS_POOL_SEED + c).permutation(m.length);
    const half = Math.floor(m.length / 2);
    for (let k = 0; k < half; k++) inClassifier[m[perm[k]!]!] = 1;
  });
  let count = 0;
  for (let i = 0; i < ds.n; i++) count += inClassifier[i]!;
  const classifierRows = new Int32Array(count);
  const studyRows = new Int32Array(ds.n - count);
  for (let i = 0, a = 0, b = 0; i < ds.n; i++) {
    if (inClassifier[i]) classifierRows[a++] = i;
    else studyRows[b++] = i;
  }
  return { classifierRows, studyRows };
}

/** The 901 study rows of the shipped digits as a Dataset: pass it to fewShotSplit for digits studies. */
export function digitsStudyPool(ds: Dataset): Dataset {
  return selectExamples(ds, digitsPools(ds).studyRows);
}

/** The 896 rows the FCD classifier trains on, as a Dataset. */
export function digitsClassifierPool(ds: Dataset): Dataset {
  return selectExamples(ds, digitsPools(ds).classifierRows);
}

/** Rows as a bit mask in hex (bit i of the mask = row i, 4 rows per digit, lowest row first): for file metadata. */
export function rowsToHex(rows: Int32Array, total: number): string {
  const nibbles = new Uint8Array(Math.ceil(total / 4));
  for (const r of rows) nibbles[r >> 2]! |= 1 << (r & 3);
  let out = '';
  for (const v of nibbles) out += v.toString(16);
  return out;
}
