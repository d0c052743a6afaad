// lrgan/nn: modules, initializers, regularizers. Losses and optimizers live in ./loss and ./optim
// (the lead adds `export * from './nn/loss/index.js'` and `'./nn/optim/index.js'` to src/index.ts).
export { Module } from './module.js';
export type { StateValue, LoadStateDictOptions, LoadStateDictResult } from './module.js';
export { Sequential } from './sequential.js';
export { withFrozen, inEvalMode } from './modes.js';
export { ReLU, LeakyReLU, Tanh, Sigmoid, Identity } from './activations.js';
export { Dropout } from './dropout.js';
export type { DropoutOptions } from './dropout.js';
export {
  calculateGain, fanInAndFanOut, uniform_, normal_, constant_, zeros_,
  kaimingUniform_, kaimingNormal_, xavierUniform_, xavierNormal_, orthogonal_, linearInit_,
} from './init.js';
export type { Nonlinearity, FanMode, KaimingOptions } from './init.js';
export { Linear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { LowRankLinear } from './lowRankLinear.js';
export type { LowRankLinearOptions, LowRankSpectralNorm, FromLinearOptions } from './lowRankLinear.js';
export { SpectralNorm } from './spectralNorm.js';
export { Conv2d } from './conv2d.js';
export type { Conv2dOptions } from './conv2d.js';
export { ConvTranspose2d } from './convTranspose2d.js';
export type { ConvTranspose2dOptions } from './convTranspose2d.js';
export { LowRankConv2d } from './lowRankConv2d.js';
export type { LowRankConv2dOptions, FromConvOptions } from './lowRankConv2d.js';
export { AvgPool2d, Upsample, Flatten, Unflatten } from './resampling.js';
export { l1Penalty, l2Penalty, factorPenalty, nuclearNormBound } from './regularization.js';
export * from './loss/index.js';
export * from './optim/index.js';
export { encodeSafetensors, decodeSafetensors, SafetensorsError } from './safetensors.js';
export type { NamedArray, SafeDType } from './safetensors.js';
export { FrozenLinear } from './frozenLinear.js';
export { Embedding } from './embedding.js';
export type { PretrainedLinear } from './frozenLinear.js';
export { LoraLinear } from './loraLinear.js';
export type { LoraOptions } from './loraLinear.js';
export { SigmaLinear } from './sigmaLinear.js';
export { ScaleShiftLinear } from './scaleShiftLinear.js';
export { FrozenConv, isPretrainedConv } from './frozenConv.js';
export type { PretrainedConv } from './frozenConv.js';
export { LoraConv } from './loraConv.js';
export { SigmaConv } from './sigmaConv.js';
export { ScaleShiftConv } from './scaleShiftConv.js';
export { ChannelsLastToNchw, NchwToChannelsLast } from './imageLayout.js';
