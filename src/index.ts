// lrgan: the public API. Layers, each importing only those before it:
// tensor ← linalg ← autograd ← nn ← data, image, privacy ← eval, gan.
export * from './tensor/index.js';
export * from './linalg/index.js';
export * from './autograd/index.js';
export * from './nn/index.js';
export * from './data/index.js';
export * from './image/index.js';
export * from './privacy/index.js';
export * from './eval/index.js';
export * from './gan/index.js';
