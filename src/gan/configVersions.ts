/**
 * Saved configs of older layouts. Version 1 (no `version` field) was one flat object; its scalar rank
 * meant every layer, output layers included, while version 2's means the hidden layers only.
 */
import type { AugmentSpec } from './augment.js';
import { CONFIG_VERSION, type GanConfig, checkConfig } from './config.js';
import type { LrSchedule } from './lrSchedule.js';
import type { DiscriminatorSpec, GeneratorSpec, LayerRank } from './model.js';

/** The flat config of version 1, as written before configs carried a version. */
export interface GanConfigV1 {
  seed: number;
  latentDim: number;
  generator: GeneratorSpec;
  discriminator: DiscriminatorSpec;
  batchSize: number;
  dSteps: number;
  lrG: number;
  lrD: number;
  lrSchedule: LrSchedule;
  lrDecayStart: number;
  totalSteps: number | null;
  betas: [number, number];
  augment: AugmentSpec;
  augmentP: number;
  adaptive: GanConfig['augmentation']['adaptive'];
  r1Gamma: number;
  lecam: number;
  emaDecay: number;
  l1: number;
  l2: number;
  factorPenalty: number;
  latentStdPenalty: number;
  topKKeep: number;
  topKDecay: number;
  jacobianKeep: number;
}

/** A saved config of any version as a checked current GanConfig; errors name `source`. */
export function upgradeConfig(raw: unknown, source = 'config'): GanConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${source}: expected a config object, got ${JSON.stringify(raw)}`);
  const version = (raw as { version?: unknown }).version;
  if (version !== undefined && version !== CONFIG_VERSION) {
    throw new Error(`${source}: config version ${JSON.stringify(version)} is not supported (this lrgan reads 1 to ${CONFIG_VERSION})`);
  }
  let c: GanConfig;
  try {
    c = version === undefined ? fromV1(raw as Partial<GanConfigV1>) : (raw as GanConfig);
    checkConfig(c);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
  return c;
}

function fromV1(v: Partial<GanConfigV1>): GanConfig {
  const need = <K extends keyof GanConfigV1>(k: K): GanConfigV1[K] => {
    if (v[k] === undefined) throw new Error(`config (version 1) lacks "${k}"`);
    return v[k]!;
  };
  for (const key of ['generator', 'discriminator'] as const) {
    const g = v[key];
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new Error(`config: ${key} must be an object, got ${JSON.stringify(g)}`);
  }
  if (!Array.isArray(v.betas) || v.betas.length !== 2) throw new Error(`config: betas must be [beta1, beta2], got ${JSON.stringify(v.betas)}`);
  const { latentComponents, ...generator } = need('generator');
  const discriminator = need('discriminator');
  const upgraded: GanConfig = {
    version: CONFIG_VERSION,
    seed: need('seed'),
    latent: { dim: need('latentDim'), mixture: latentComponents ?? 0 },
    generator: { ...generator, rank: everyLayer(generator.rank, generator.hidden.length) },
    discriminator: { ...discriminator, rank: everyLayer(discriminator.rank, discriminator.hidden.length) },
    training: { batchSize: need('batchSize'), dSteps: need('dSteps'), topKKeep: v.topKKeep ?? 1, topKDecay: v.topKDecay ?? 0.99 },
    // Fields newer than a checkpoint get the values it trained with: a constant lr, no mixture penalty, whole batches.
    optimizer: {
      lrG: need('lrG'), lrD: need('lrD'), betas: need('betas'),
      lrSchedule: v.lrSchedule ?? 'constant', lrDecayStart: v.lrDecayStart ?? 0.5, totalSteps: v.totalSteps ?? null,
    },
    augmentation: { method: need('augment'), p: need('augmentP'), adaptive: v.adaptive ?? null },
    penalties: {
      r1Gamma: need('r1Gamma'), lecam: need('lecam'), l1: need('l1'), l2: need('l2'),
      factor: need('factorPenalty'), latentStd: v.latentStdPenalty ?? 0,
    },
    ema: { decay: need('emaDecay') },
    sampling: { jacobianKeep: v.jacobianKeep ?? 1 },
  };
  // Convolutional networks arrived in version 1's flat layout shortly before version 2.
  const conv = (v as { conv?: GanConfig['conv'] }).conv;
  if (conv !== undefined) upgraded.conv = conv;
  return upgraded;
}

/** Version 1's scalar rank (every layer) as the explicit list version 2 reads the same way. */
function everyLayer(rank: LayerRank | LayerRank[], hidden: number): LayerRank | LayerRank[] {
  return Array.isArray(rank) || rank === 'full' ? rank : new Array<LayerRank>(hidden + 1).fill(rank);
}

/**
 * `c` in version 1's flat layout, keys in version 1's order (scalar ranks written out per layer as
 * version 1 would have built them): what identifies a study cell, so that cells measured before
 * the regrouping keep their names. Fields added to GanConfig after version 2 follow at the end as they
 * are, so that they still tell cells apart.
 */
export function toV1(c: GanConfig): GanConfigV1 {
  const perLayer = (rank: LayerRank | LayerRank[], hidden: number): LayerRank | LayerRank[] =>
    Array.isArray(rank) || rank === 'full' ? rank : [...new Array<LayerRank>(hidden).fill(rank), 'full'];
  const generator: GeneratorSpec = { ...c.generator, rank: perLayer(c.generator.rank, c.generator.hidden.length) };
  if (c.latent.mixture > 0) generator.latentComponents = c.latent.mixture;
  const o = c.optimizer, p = c.penalties, t = c.training, a = c.augmentation;
  const flat: GanConfigV1 = {
    seed: c.seed, latentDim: c.latent.dim, generator,
    discriminator: { ...c.discriminator, rank: perLayer(c.discriminator.rank, c.discriminator.hidden.length) },
    batchSize: t.batchSize, dSteps: t.dSteps, lrG: o.lrG, lrD: o.lrD, lrSchedule: o.lrSchedule, lrDecayStart: o.lrDecayStart,
    totalSteps: o.totalSteps, betas: o.betas, augment: a.method, augmentP: a.p, adaptive: a.adaptive, r1Gamma: p.r1Gamma,
    lecam: p.lecam, emaDecay: c.ema.decay, l1: p.l1, l2: p.l2, factorPenalty: p.factor, latentStdPenalty: p.latentStd,
    topKKeep: t.topKKeep, topKDecay: t.topKDecay, jacobianKeep: c.sampling.jacobianKeep,
  };
  const newer = Object.entries(c).filter(([k]) => !V2_FIELDS.includes(k));
  return newer.length === 0 ? flat : { ...flat, ...Object.fromEntries(newer) };
}

const V2_FIELDS: readonly string[] = ['version', 'seed', 'latent', 'generator', 'discriminator', 'training', 'optimizer', 'augmentation', 'penalties', 'ema', 'sampling'];
