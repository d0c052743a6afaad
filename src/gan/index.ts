// LR-GAN: low-rank generator and discriminator builders, the few-shot trainer, augmentation, penalties,
// truncation and checkpoints. Data, evaluation and pictures are layers of their own (src/data, src/eval, src/image).
export { buildGenerator, buildDiscriminator, isLowRank } from './model.js';
export type { LayerRank, MlpSpec, GeneratorSpec, DiscriminatorSpec } from './model.js';
export { defaultConfig, checkConfig, withOverrides, generatorSpec, CONFIG_VERSION } from './config.js';
export type {
  GanConfig, ConfigOverrides, LatentSettings, TrainingSettings, OptimizerSettings, AugmentationSettings, AdaptiveSettings, PenaltySettings,
} from './config.js';
export { upgradeConfig, toV1 } from './configVersions.js';
export type { GanConfigV1 } from './configVersions.js';
export { GanTrainer, NonFiniteLossError, sampleGenerator, r1Penalty } from './trainer.js';
export { buildConvGenerator, buildConvDiscriminator } from './convModel.js';
export type { ConvGeneratorSpec, ConvDiscriminatorSpec, ConvArchitecture } from './convModel.js';
export { ProjectionDiscriminator } from './projectionDiscriminator.js';
export { buildConfigGenerator, buildConfigDiscriminator, generatorInputDim } from './networks.js';
export { CONV_DEFAULT_STEPS, CONV_MIN_SIDE, convTrainingOverrides, defaultConvArchitecture, defaultConvConfig, prefersConv, setConvRank } from './convDefaults.js';
export { lrFactor, LR_SCHEDULES } from './lrSchedule.js';
export type { LrSchedule } from './lrSchedule.js';
export { topKCount, topRows } from './topK.js';
export { MixtureLatent, standardNormalCdf } from './mixtureLatent.js';
export { jacobianNormsSquared, smoothestRows, truncationPool } from './jacobianTruncation.js';
export type { StepStats, TrainerNetworks, TrainerStreams, SampleOptions } from './trainer.js';
export { checkConditional, classCounts, conditionalFromCounts, drawLabels, labelsFromCounts, proportionalLabels, withLabels } from './conditional.js';
export type { ConditionalSettings } from './conditional.js';
export { augment } from './augment.js';
export type { AugmentSpec } from './augment.js';
export { AdaptiveAugment } from './adaptiveAugment.js';
export { saveCheckpoint, readCheckpoint, resumeTrainer, checkpointStep } from './checkpoint.js';
export { HISTORY_COLUMNS, HISTORY_HEADER, formatHistoryRows, parseHistoryCsv } from './lossHistory.js';
export type { LoadedCheckpoint } from './checkpoint.js';
export { ADAPT_MODE_NAMES, adaptGan, adaptNetwork, formatAdaptMode, parseAdaptMode } from './adapt.js';
export type { AdaptMode, AdaptedGan } from './adapt.js';
export { diffAugment } from './diffAugment.js';
export type { DiffAugmentOptions } from './diffAugment.js';
