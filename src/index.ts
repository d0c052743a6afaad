// lrgan: the public API. Layers: tensor ← autograd ← nn ← gan.
export * from './tensor/index.js';
export * from './autograd/index.js';
