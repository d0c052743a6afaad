/**
 * The fixed split of the built-in 28x28 sets (mnist, fashion: 10,000 labelled images each) into two
 * disjoint pools, as digitsPools.ts does for the 8x8 digits:
 *   classifier pool: the images the FCD28 classifier (imageClassifier.ts) is trained on, and
 *   study pool:      the images every few-shot training and held-out split of mnist/fashion is drawn from.
 * Stratified: for each class c with m_c images, a permutation by Random(seed + c) sends ⌊m_c/2⌋ of them
 * to the classifier pool and the rest to the study pool; seed is MNIST_POOL_SEED or FASHION_POOL_SEED.
 * The split depends only on the labels of the shipped files (in file order). Browser-safe.
 */
import type { Dataset } from '../../data/dataset.js';
import { selectExamples } from '../../data/dataset.js';
import { Random } from '../../tensor/random.js';
import type { DigitsPools } from './digitsPools.js';

/** The built-in 28x28 sets that have a classifier/study split. */
export const POOLED_IMAGE_SETS = ['mnist', 'fashion'] as const;
export type PooledImageSet = (typeof POOLED_IMAGE_SETS)[number];

/** Seeds of the splits. Changing one invalidates that set's data/fcd28-*-classifier.safetensors. */
export const IMAGE_POOL_SEEDS: Record<PooledImageSet, number> = { mnist: 20_251_203, fashion: 20_251_204 };

/** Images in each shipped file. */
export const IMAGE_POOL_TOTAL = 10_000;
const PIXELS = 28 * 28;
const CLASSES = 10;

/** Whether name is one of the pooled built-in sets. */
export function isPooledImageSet(name: string): name is PooledImageSet {
  return (POOLED_IMAGE_SETS as readonly string[]).includes(name);
}

/**
 * The fixed classifier/study split of ds, which must be the built-in mnist or fashion (10,000 images of
 * 784 pixels, 10 classes); throws naming what differs otherwise.
 */
export function imagePools(ds: Dataset): DigitsPools {
  const fn = 'imagePools';
  if (!isPooledImageSet(ds.name) || ds.n !== IMAGE_POOL_TOTAL || ds.dim !== PIXELS || ds.labels === null || ds.numClasses !== CLASSES) {
    throw new Error(
      `${fn}: expected the built-in mnist or fashion (${IMAGE_POOL_TOTAL} images, ${PIXELS} pixels, ${CLASSES} classes), ` +
        `got ${ds.name} with ${ds.n} rows, ${ds.dim} columns, ${ds.labels === null ? 'no labels' : `${ds.numClasses} classes`}`,
    );
  }
  const seed = IMAGE_POOL_SEEDS[ds.name];
  const labels = ds.labels;
  const members: number[][] = Array.from({ length: CLASSES }, () => []);
  for (let i = 0; i < ds.n; i++) members[labels[i]!]!.push(i);
  const inClassifier = new Uint8Array(ds.n);
  members.forEach((m, c) => {
    const perm = new Random(seed + c).permutation(m.length);
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

/** The study pool of the built-in mnist/fashion as a Dataset: every few-shot split of these sets comes from it. */
export function imageStudyPool(ds: Dataset): Dataset {
  return selectExamples(ds, imagePools(ds).studyRows);
}

/** The images the FCD28 classifier trains on, as a Dataset. */
export function imageClassifierPool(ds: Dataset): Dataset {
  return selectExamples(ds, imagePools(ds).classifierRows);
}
