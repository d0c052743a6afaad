// FCD: Fréchet distance in the feature space of the project's frozen digit classifier. Browser-safe.
export { DIGIT_CLASSES, DIGIT_FEATURES, DIGIT_PIXELS, DigitClassifier, loadDigitClassifier } from './classifier.js';
export type { FeatureStats } from './fcd.js';
export { digitFeatureStats, fcd } from './fcd.js';
export type { DigitsPools } from './digitsPools.js';
export { DIGITS_CLASS_COUNTS, DIGITS_POOL_SEED, digitsClassifierPool, digitsPools, digitsStudyPool, rowsToHex } from './digitsPools.js';
export type { TrainDigitClassifierOptions } from './train.js';
export { trainDigitClassifier } from './train.js';
export type { FeatureClassifier } from './featureClassifier.js';
export { IMAGE28_CLASSES, IMAGE28_FEATURES, IMAGE28_PIXELS, ImageClassifier28, loadImageClassifier28 } from './imageClassifier.js';
export type { PooledImageSet } from './imagePools.js';
export { IMAGE_POOL_SEEDS, POOLED_IMAGE_SETS, imageClassifierPool, imagePools, imageStudyPool, isPooledImageSet } from './imagePools.js';
export type { TrainImageClassifierOptions } from './trainImage.js';
export { trainImageClassifier28 } from './trainImage.js';
