export { binaryCrossEntropyWithLogits } from './binaryCrossEntropyWithLogits.js';
export type { BinaryCrossEntropyWithLogitsOptions } from './binaryCrossEntropyWithLogits.js';
export { binaryCrossEntropy } from './binaryCrossEntropy.js';
export type { BinaryCrossEntropyOptions } from './binaryCrossEntropy.js';
export { mseLoss } from './mseLoss.js';
export type { MseLossOptions } from './mseLoss.js';
export type { Reduction } from './reduction.js';
export { crossEntropy } from './crossEntropy.js';
