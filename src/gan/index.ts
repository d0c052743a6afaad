// LR-GAN: low-rank generator and discriminator builders, the few-shot trainer, data, metrics, pictures.
export { buildGenerator, buildDiscriminator } from './model.js';
export type { LayerRank, MlpSpec, GeneratorSpec, DiscriminatorSpec } from './model.js';
export { defaultConfig, checkConfig } from './config.js';
export type { GanConfig } from './config.js';
export { GanTrainer, NonFiniteLossError, sampleGenerator } from './trainer.js';
export type { StepStats, TrainerStreams } from './trainer.js';
export { augment } from './augment.js';
export type { AugmentSpec } from './augment.js';
export { AdaptiveAugment } from './adaptiveAugment.js';
export { saveCheckpoint, readCheckpoint, resumeTrainer } from './checkpoint.js';
export type { LoadedCheckpoint } from './checkpoint.js';
export * from './data/index.js';
export * from './metrics/index.js';
export * from './image/index.js';
export * from './baselines/index.js';
export * from './fcd/index.js';
export { evaluateSamples } from './evaluate.js';
