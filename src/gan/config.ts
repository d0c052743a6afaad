import type { AugmentSpec } from './augment.js';
import { LR_SCHEDULES, type LrScheduleSettings } from './lrSchedule.js';
import type { ConvArchitecture } from './convModel.js';
import { type ConditionalSettings, checkConditional } from './conditional.js';
import { type PrivacySettings, checkPrivacySettings } from './dpDiscriminator.js';
import type { DiscriminatorSpec, GeneratorSpec } from './model.js';
import type { OneHotBlock } from '../nn/tableOutput.js';

/** The layout of GanConfig; saved configs carry it, and upgradeConfig reads older ones. */
export const CONFIG_VERSION = 2;

/** The latent z the generator starts from. */
export interface LatentSettings {
  /** Dimension of z. */
  dim: number;
  /** K > 0: a learned K-component Gaussian mixture in front of the first layer (DeLiGAN); 0: z ~ N(0, I). */
  mixture: number;
}

/** The loop around the two optimizers. */
export interface TrainingSettings {
  batchSize: number;
  /** Discriminator updates per generator update (k). */
  dSteps: number;
  /** Top-k generator updates (see topKCount): the smallest fraction ν of each batch kept, in (0, 1]; 1 is off. */
  topKKeep: number;
  /** Top-k: factor γ by which the kept fraction decays every 100 generator updates, in (0, 1]. */
  topKDecay: number;
}

/** Adam for both networks, and the learning-rate schedule (see lrFactor). */
export interface OptimizerSettings extends LrScheduleSettings {
  lrG: number;
  lrD: number;
  /** Adam betas; GANs use (0.5, 0.999) (Radford et al. 2016). */
  betas: [number, number];
}

/** ADA's controller (Karras et al. 2020). */
export interface AdaptiveSettings {
  target: number;
  interval: number;
  rampSteps: number;
  maxP: number;
}

/** Differentiable augmentation of real and fake samples before D. */
export interface AugmentationSettings {
  method: AugmentSpec;
  /** Fixed augmentation probability, or the start value under ADA. */
  p: number;
  /** null: p stays fixed. */
  adaptive: AdaptiveSettings | null;
}

/** Terms added to the losses; 0 turns each off. */
export interface PenaltySettings {
  /** R1 gradient penalty weight γ: γ/2 · E‖∇ₓD(x_real)‖² (Mescheder et al. 2018), on D. */
  r1Gamma: number;
  /** LeCam regularization weight λ (Tseng et al. 2021), on D. */
  lecam: number;
  /** Weight penalties on each network's own parameters. */
  l1: number;
  l2: number;
  /** Weight of ½(‖U‖² + ‖V‖²) summed over low-rank layers: a bound on the nuclear norm of each W. */
  factor: number;
  /** Weight λ of DeLiGAN's λ·mean((1 − σ)²) over a mixture latent's std, which keeps components from shrinking to points. */
  latentStd: number;
}

/** The one-hot blocks of G's output and the temperature of their straight-through softmax. */
export interface CategoricalOutputSettings {
  blocks: OneHotBlock[];
  temperature: number;
}

/** Default τ of the straight-through softmax: why, README "Labels, utility and privacy". */
export const DEFAULT_CATEGORY_TEMPERATURE = 0.5;

/** Everything that defines a training run. Same config and seed: same numbers. */
export interface GanConfig {
  version: typeof CONFIG_VERSION;
  seed: number;
  latent: LatentSettings;
  generator: Omit<GeneratorSpec, 'latentComponents' | 'categorical'>;
  discriminator: DiscriminatorSpec;
  /**
   * Convolutional networks for image data (see convModel.ts); when set they replace the MLPs that
   * `generator` and `discriminator` describe. Absent: MLPs.
   */
  conv?: ConvArchitecture;
  /** Class-conditional G(z, y) and D(x, y) (see conditional.ts); absent: unconditional. */
  conditional?: ConditionalSettings;
  /** Differentially private D updates (DP-SGD, see dpDiscriminator.ts); absent: ordinary updates. */
  privacy?: PrivacySettings;
  /** Tables with categorical columns: G's one-hot output blocks (see nn/tableOutput.ts); absent: none. */
  categorical?: CategoricalOutputSettings;
  training: TrainingSettings;
  optimizer: OptimizerSettings;
  augmentation: AugmentationSettings;
  penalties: PenaltySettings;
  /** Decay of the exponential moving average of the generator's weights; 0 disables it. */
  ema: { decay: number };
  /**
   * Sampling only: the fraction of latents kept by Jacobian-based truncation (see jacobianTruncation),
   * which drops the samples where ‖∂G/∂z‖_F is largest, in (0, 1]; 1 is off.
   */
  sampling: { jacobianKeep: number };
}

/** Overrides of a config, group by group: { penalties: { r1Gamma: 1 } } changes only γ. */
export type ConfigOverrides = {
  [K in keyof GanConfig]?: GanConfig[K] extends unknown[] | null | number | string ? GanConfig[K] : Partial<GanConfig[K]>;
};

/** The defaults for data of `dataDim` columns; why each value: README "What works". */
export function defaultConfig(dataDim: number, overrides: ConfigOverrides = {}): GanConfig {
  const small = dataDim <= 4;
  return withOverrides(
    {
      version: CONFIG_VERSION,
      seed: 1,
      latent: { dim: small ? 8 : 32, mixture: 0 },
      generator: { hidden: [128, 128], rank: 'full', output: small ? 'linear' : 'tanh', spectralNorm: false },
      discriminator: { hidden: [128, 128], rank: 'full', spectralNorm: false, dropout: small ? 0 : 0.2 },
      training: { batchSize: 64, dSteps: 1, topKKeep: 1, topKDecay: 0.99 },
      optimizer: { lrG: small ? 2e-3 : 1e-3, lrD: 1e-3, betas: [0.5, 0.999], lrSchedule: 'constant', lrDecayStart: 0.5, totalSteps: null },
      augmentation: { method: { kind: 'none' }, p: 0, adaptive: null },
      penalties: { r1Gamma: small ? 0.1 : 10, lecam: 0, l1: 0, l2: 0, factor: 0, latentStd: 0.1 },
      ema: { decay: small ? 0.99 : 0.999 },
      sampling: { jacobianKeep: small ? 0.85 : 1 },
    },
    overrides,
  );
}

/** Optional parts that an override sets or replaces whole. */
const WHOLE_VALUE_KEYS = new Set(['conv', 'conditional', 'privacy', 'categorical']);

/** A copy of `c` with `overrides` merged group by group; shares no arrays or objects with either. */
export function withOverrides(c: GanConfig, overrides: ConfigOverrides): GanConfig {
  const merged: Record<string, unknown> = { ...c };
  const isGroup = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  for (const [k, v] of Object.entries(overrides)) {
    // A misspelt or pre-version-2 key (e.g. batchSize for training.batchSize) would otherwise be ignored.
    if (!(k in merged) && !WHOLE_VALUE_KEYS.has(k)) {
      throw new Error(`config: unknown setting '${k}'; the groups are ${Object.keys(c).join(', ')}`);
    }
    const base = merged[k];
    if (isGroup(base) && isGroup(v) && !WHOLE_VALUE_KEYS.has(k)) {
      for (const key of Object.keys(v)) {
        if (!(key in base)) throw new Error(`config: unknown setting '${k}.${key}'; ${k} has ${Object.keys(base).join(', ')}`);
      }
    }
    merged[k] = !WHOLE_VALUE_KEYS.has(k) && isGroup(base) && isGroup(v) ? { ...base, ...v } : v;
  }
  return structuredClone(merged) as unknown as GanConfig;
}

/** The generator's builder spec: the network settings with the latent mixture. */
export function generatorSpec(c: GanConfig): GeneratorSpec {
  const spec: GeneratorSpec = { ...c.generator, latentComponents: c.latent.mixture };
  if (c.categorical !== undefined) spec.categorical = c.categorical;
  return spec;
}

/** Throws on a config no run could use, naming the field. */
export function checkConfig(c: GanConfig): void {
  if (typeof c !== 'object' || c === null) throw new Error(`config: expected a GanConfig object, got ${c === null ? 'null' : typeof c}`);
  if (c.version !== CONFIG_VERSION) throw new Error(`config: version must be ${CONFIG_VERSION} (read older configs with upgradeConfig), got ${String(c.version)}`);
  for (const g of ['latent', 'generator', 'discriminator', 'training', 'optimizer', 'augmentation', 'penalties', 'ema', 'sampling'] as const) {
    if (typeof c[g] !== 'object' || c[g] === null) throw new Error(`config: ${g} must be an object, got ${String(c[g])}`);
  }
  const positiveInt = (v: number, name: string): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`config: ${name} must be a positive integer, got ${v}`);
  };
  const nonNegative = (v: number, name: string): void => {
    if (!Number.isFinite(v) || v < 0) throw new Error(`config: ${name} must be a finite number ≥ 0, got ${v}`);
  };
  const within = (v: number, name: string, ok: boolean, range: string): void => {
    if (!ok) throw new Error(`config: ${name} must be in ${range}, got ${v}`);
  };
  if (!Number.isSafeInteger(c.seed) || c.seed < 0) throw new Error(`config: seed must be an integer ≥ 0, got ${c.seed}`);
  positiveInt(c.latent.dim, 'latent.dim');
  if (!Number.isInteger(c.latent.mixture) || c.latent.mixture < 0) throw new Error(`config: latent.mixture must be an integer ≥ 0, got ${c.latent.mixture}`);
  const t = c.training;
  positiveInt(t.batchSize, 'training.batchSize');
  positiveInt(t.dSteps, 'training.dSteps');
  within(t.topKKeep, 'training.topKKeep', t.topKKeep > 0 && t.topKKeep <= 1, '(0, 1]');
  within(t.topKDecay, 'training.topKDecay', t.topKDecay > 0 && t.topKDecay <= 1, '(0, 1]');
  const o = c.optimizer;
  for (const [v, name] of [[o.lrG, 'optimizer.lrG'], [o.lrD, 'optimizer.lrD']] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`config: ${name} must be a positive number, got ${v}`);
  }
  if (!(LR_SCHEDULES as readonly string[]).includes(o.lrSchedule)) {
    throw new Error(`config: optimizer.lrSchedule must be one of ${LR_SCHEDULES.join(', ')}, got ${String(o.lrSchedule)}`);
  }
  within(o.lrDecayStart, 'optimizer.lrDecayStart', o.lrDecayStart >= 0 && o.lrDecayStart < 1, '[0, 1)');
  if (o.totalSteps !== null) positiveInt(o.totalSteps, 'optimizer.totalSteps');
  o.betas.forEach((b, i) => within(b, `optimizer.betas[${i}]`, b >= 0 && b < 1, '[0, 1)'));
  const a = c.augmentation;
  within(a.p, 'augmentation.p', a.p >= 0 && a.p <= 1, '[0, 1]');
  within(c.ema.decay, 'ema.decay', c.ema.decay >= 0 && c.ema.decay < 1, '[0, 1)');
  for (const k of ['r1Gamma', 'lecam', 'l1', 'l2', 'factor', 'latentStd'] as const) nonNegative(c.penalties[k], `penalties.${k}`);
  if (c.conditional !== undefined) {
    checkConditional(c.conditional);
    if (c.latent.mixture > 0) throw new Error('config: a conditional generator takes [z | onehot(y)]; latent.mixture must be 0 with conditional');
  }
  if (c.privacy !== undefined) checkPrivateConfig(c, c.privacy);
  if (c.categorical !== undefined) {
    const { blocks, temperature } = c.categorical;
    if (!Array.isArray(blocks) || blocks.length === 0) throw new Error('config: categorical.blocks must be a non-empty list of { offset, size }');
    if (!(Number.isFinite(temperature) && temperature > 0)) throw new Error(`config: categorical.temperature must be a finite number > 0, got ${temperature}`);
    if (c.conv !== undefined) throw new Error('config: categorical output blocks are for tables (MLPs), not convolutional networks');
  }
  const keep = c.sampling.jacobianKeep;
  within(keep, 'sampling.jacobianKeep', keep > 0 && keep <= 1, '(0, 1]');
}

/** What DP-SGD on D rules out: every other use of the real rows in D's update, and layers that mix examples. */
function checkPrivateConfig(c: GanConfig, p: PrivacySettings): void {
  checkPrivacySettings(p);
  const clash = (what: string, why: string): never => {
    throw new Error(`config: privacy (DP-SGD on the discriminator) cannot be combined with ${what}: ${why}`);
  };
  if (c.penalties.r1Gamma > 0) clash(`R1 (penalties.r1Gamma ${c.penalties.r1Gamma})`, "R1's gradient of the real rows is not clipped; set it to 0");
  if (c.penalties.lecam > 0) clash(`LeCam (penalties.lecam ${c.penalties.lecam})`, 'its moving average of the real logits is not private; set it to 0');
  if (c.augmentation.adaptive !== null) clash('ADA (augmentation.adaptive)', 'its controller reads D on the real rows; use a fixed augmentation.p');
  if (c.discriminator.spectralNorm) clash('spectral normalization in D', 'its power iteration mixes the examples of a batch');
  if (c.conv !== undefined) clash('convolutional networks', 'per-example norms are implemented for Linear and LowRankLinear layers only');
  if (c.conditional?.discriminator === 'projection') clash("a projection discriminator (conditional.discriminator 'projection')", "per-example norms do not cover its class embedding; use 'concat'");
}
