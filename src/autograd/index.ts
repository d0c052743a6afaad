import './tensorMethods.js';

export { noGrad, isGradEnabled, withGradMode } from './gradMode.js';
export { backward, grad } from './backward.js';
export type { BackwardOptions, GradOptions } from './backward.js';
export type { Operand } from './record.js';
export { add, sub, mul, div, neg, pow, square, log } from './ops/arithmetic.js';
export { exp, log1p, sqrt, abs, sign } from './ops/math.js';
export { tanh, sigmoid, relu, leakyRelu, softplus } from './ops/activation.js';
export { straightThroughSoftmax } from './ops/straightThrough.js';
export { gt, lt, ge, le, eq, ne, where, maximum, minimum, clamp } from './ops/compare.js';
export { sum, mean, max, min, variance } from './ops/reduce.js';
export type { Dims } from './ops/reduce.js';
export { matmul } from './ops/matmul.js';
export { linear } from './ops/linear.js';
export type { MatmulOptions } from './ops/matmul.js';
export {
  reshape, flatten, unsqueeze, squeeze, permute, transpose, expand, sumToShape,
  concat, stack, narrow, sliceRows, indexSelect, takeRows, indexAdd, pad,
} from './ops/shape.js';
export {
  im2col, col2im, sumTaps, spreadTaps, rowsToImage, conv2d, convTranspose2d, upsampleNearest, blockSum, avgPool2d, convGeometry,
} from './ops/conv.js';
export type { ConvGeometry, ConvOptions, ConvTransposeOptions } from './ops/conv.js';
