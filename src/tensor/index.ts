export { Tensor, shapeSize, stridesOf, formatShape } from './tensor.js';
export type { DType, FloatArray, Shape, NestedArray, GradFn } from './tensor.js';
export { Random } from './random.js';
export type { RandomState } from './random.js';
export { tensor, scalar, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, rand, randn, randint, randperm } from './create.js';
export type { CreateOptions, Seed } from './create.js';
export { broadcastShapes } from './broadcast.js';
export { gemm } from './gemm.js';
export { workCounters, resetWorkCounters } from './workCounters.js';
