// lrgan: the public API. Layers: tensor ← autograd ← nn ← gan.
export * from './tensor/index.js';
export * from './autograd/index.js';
export * from './nn/index.js';
export * from './gan/index.js';
