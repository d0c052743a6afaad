/**
 * The model names of `lrgan study --models`: a base rank followed by edits of defaultConfig, e.g.
 *   full            every layer full rank
 *   r16             rank 16 in every hidden layer of G and D, full-rank output layers
 *   r16+ada+r1=1    the same with ADA and R1 (γ = 1)
 *   full-ema+lr=1e-3+hidden=512x512
 *   best+aug        the best of the other listed models (on held-out metrics) with augmentation
 * '+name[=value]' turns a technique on (with its default value when none is given) or sets a
 * hyperparameter; '-name' turns a technique off. A '-' only starts an edit when a letter follows,
 * so values such as 1e-3 read as numbers.
 */
import { type GanConfig, defaultConfig } from '../../gan/config.js';
import type { ImageShape } from '../../data/dataset.js';
import type { LayerRank } from '../../gan/model.js';
import { UsageError } from '../args.js';
import { ADA_INTERVAL, ADA_MAX_P, ADA_RAMP_STEPS, IMAGE_CUTOUT, IMAGE_TRANSLATION } from '../commands/trainFlags.js';

/** What a study needs to know about the data to build a config. */
export interface StudyShape {
  dim: number;
  image?: ImageShape;
  /** Model-space value of a black pixel (image augmentation fill). */
  fill: number;
}

export interface ModelEdit {
  sign: '+' | '-';
  name: string;
  /** The text after '=', if any. */
  value: string | null;
}

export interface ModelSpec {
  /** The name as written (after 'best' is resolved). */
  name: string;
  /** 'best' until resolved against the plain rank models of the study. */
  rank: LayerRank | 'best';
  edits: ModelEdit[];
}

/** Techniques a study switches on and off one at a time (the ablation of the best rank). */
export const TECHNIQUES = ['aug', 'ada', 'r1', 'lecam', 'ema', 'sn', 'factor', 'topk', 'mix', 'jbt'] as const;

/**
 * Values a technique takes when switched on without '=value'. aug/ada: DiffAugment translation + cutout
 * on images, Gaussian noise (σ = 0.02 in the model range) on other data.
 */
export const TECHNIQUE_DEFAULTS = { augP: 0.5, adaTarget: 0.6, noiseStd: 0.02, r1: 1, lecam: 0.01, factor: 1e-4, dropout: 0.2, topK: 0.5, mix: 64, jbt: 0.85 } as const;

const fail = (msg: string): never => {
  throw new UsageError(`--models: ${msg}`, 'study');
};

/** 'r16+ada-ema' → { rank: 16, edits: [+ada, -ema] }; throws a UsageError naming the bad part. */
export function parseModel(text: string): ModelSpec {
  const name = text.trim();
  const parts = name.split(/(?=[+-][a-z])/);
  const head = parts[0]!;
  let rank: ModelSpec['rank'];
  if (head === 'full' || head === 'best') rank = head;
  else if (/^r[1-9]\d*$/.test(head)) rank = Number(head.slice(1));
  else fail(`a model starts with full, best or r<rank> (e.g. r16), got '${head}' in '${name}'`);
  const edits: ModelEdit[] = [];
  for (const part of parts.slice(1)) {
    const m = /^([+-])([a-z][a-z0-9]*)(?:=(.+))?$/.exec(part);
    if (m === null) fail(`cannot read '${part}' in '${name}' (expected +name, +name=value or -name)`);
    const edit: ModelEdit = { sign: m![1] as '+' | '-', name: m![2]!, value: m![3] ?? null };
    if (!(edit.name in EDITS)) fail(`unknown setting '${edit.name}' in '${name}'; known: ${Object.keys(EDITS).join(', ')}`);
    if (edit.sign === '-' && edit.value !== null) fail(`'-${edit.name}' turns a setting off and takes no value, in '${name}'`);
    if (edit.sign === '-' && !EDITS[edit.name]!.canDisable) fail(`'${edit.name}' cannot be turned off with '-', set it with +${edit.name}=value, in '${name}'`);
    edits.push(edit);
  }
  return { name, rank: rank!, edits };
}

/** The same edits on top of another model, renamed: best+aug on r16 → r16+aug. */
export function resolveBest(spec: ModelSpec, base: ModelSpec): ModelSpec {
  if (spec.rank !== 'best') return spec;
  if (base.rank === 'best') throw new Error(`resolveBest: the base model '${base.name}' is itself unresolved`);
  return { name: base.name + spec.name.slice('best'.length), rank: base.rank, edits: [...base.edits, ...spec.edits] };
}

/**
 * The ablation around a base config: for each technique, '+t' when the base has it off, '-t' when on.
 * The names start with 'best' (resolve them with resolveBest).
 */
export function techniqueToggles(base: GanConfig): ModelSpec[] {
  return TECHNIQUES.map((t) => parseModel(`best${techniqueIsOn(base, t) ? '-' : '+'}${t}`));
}

function techniqueIsOn(c: GanConfig, t: (typeof TECHNIQUES)[number]): boolean {
  switch (t) {
    case 'aug':
      return c.augment.kind !== 'none' && c.augmentP > 0 && c.adaptive === null;
    case 'ada':
      return c.adaptive !== null;
    case 'r1':
      return c.r1Gamma > 0;
    case 'lecam':
      return c.lecam > 0;
    case 'ema':
      return c.emaDecay > 0;
    case 'sn':
      return c.discriminator.spectralNorm === true;
    case 'factor':
      return c.factorPenalty > 0;
    case 'topk':
      return c.topKKeep < 1;
    case 'mix':
      return (c.generator.latentComponents ?? 0) > 0;
    case 'jbt':
      return c.jacobianKeep < 1;
  }
}

/** defaultConfig for the data with the model's rank and edits applied (rank resolved: not 'best'). */
export function modelConfig(spec: ModelSpec, shape: StudyShape, seed: number): GanConfig {
  if (spec.rank === 'best') throw new Error(`modelConfig: '${spec.name}' is not resolved yet (best → a rank)`);
  const c = defaultConfig(shape.dim, { seed });
  c.generator = { ...c.generator, hidden: [...c.generator.hidden] };
  c.discriminator = { ...c.discriminator, hidden: [...c.discriminator.hidden] };
  let rankD: LayerRank = spec.rank, rankOut: LayerRank = 'full';
  for (const e of spec.edits) {
    const r = EDITS[e.name]!.apply(c, e, shape, spec.name);
    if (r?.rankD !== undefined) rankD = r.rankD;
    if (r?.rankOut !== undefined) rankOut = r.rankOut;
  }
  c.generator.rank = layerRanks(spec.rank, c.generator.hidden.length, rankOut);
  c.discriminator.rank = layerRanks(rankD, c.discriminator.hidden.length, 'full');
  return c;
}

/** Rank r in every hidden layer, the output layer at rankOut. */
function layerRanks(r: LayerRank, hidden: number, rankOut: LayerRank): LayerRank | LayerRank[] {
  return r === 'full' && rankOut === 'full' ? 'full' : [...new Array<LayerRank>(hidden).fill(r), rankOut];
}

interface Edit {
  canDisable: boolean;
  /** Applies the edit in place; may return a rank that the model's rank would otherwise set ('rankd', 'rankout'). */
  apply(c: GanConfig, e: ModelEdit, shape: StudyShape, model: string): { rankD?: LayerRank; rankOut?: LayerRank } | void;
}

function number(e: ModelEdit, model: string, fallback: number | null, check: (v: number) => boolean, expected: string): number {
  if (e.value === null) {
    if (fallback === null) fail(`'+${e.name}' needs a value (+${e.name}=X, ${expected}) in '${model}'`);
    return fallback!;
  }
  const v = Number(e.value);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(e.value) || !Number.isFinite(v) || !check(v)) {
    fail(`'+${e.name}=${e.value}' in '${model}': expected ${expected}`);
  }
  return v;
}

const positive = (v: number): boolean => v > 0;
const nonNegative = (v: number): boolean => v >= 0;
const unit = (v: number): boolean => v >= 0 && v < 1;
const probability = (v: number): boolean => v >= 0 && v <= 1;
const positiveInt = (v: number): boolean => Number.isInteger(v) && v >= 1;
const fraction = (v: number): boolean => v > 0 && v <= 1;

function augmentSpec(shape: StudyShape, std: number): GanConfig['augment'] {
  const img = shape.image;
  if (img === undefined) return { kind: 'noise', std };
  return { kind: 'image', height: img.height, width: img.width, channels: img.channels, translation: IMAGE_TRANSLATION, cutout: IMAGE_CUTOUT, fill: shape.fill };
}

/**
 * A numeric setting: '+name=v' sets v, '+name' the fallback (none: a value is required), '-name' the
 * off value (none: it cannot be turned off).
 */
function numeric(
  set: (c: GanConfig, v: number) => void, fallback: number | null, check: (v: number) => boolean, expected: string,
  off?: number, dataFallback?: (s: StudyShape) => number,
): Edit {
  return {
    canDisable: off !== undefined,
    apply(c, e, shape, model) {
      set(c, e.sign === '-' ? off! : number(e, model, dataFallback ? dataFallback(shape) : fallback, check, expected));
    },
  };
}

/** Every setting a model name may edit. */
const EDITS: Record<string, Edit> = {
  aug: {
    canDisable: true,
    apply(c, e, shape, model) {
      if (e.sign === '-') {
        c.augment = { kind: 'none' };
        c.augmentP = 0;
        c.adaptive = null;
        return;
      }
      c.augmentP = number(e, model, TECHNIQUE_DEFAULTS.augP, probability, 'a probability in [0, 1]');
      c.adaptive = null;
      if (c.augment.kind === 'none') c.augment = augmentSpec(shape, TECHNIQUE_DEFAULTS.noiseStd);
    },
  },
  noise: {
    canDisable: false,
    apply(c, e, _shape, model) {
      c.augment = { kind: 'noise', std: number(e, model, null, positive, 'a std > 0') };
      if (c.augmentP === 0 && c.adaptive === null) c.augmentP = TECHNIQUE_DEFAULTS.augP;
    },
  },
  ada: {
    canDisable: true,
    apply(c, e, shape, model) {
      if (e.sign === '-') {
        c.adaptive = null;
        return;
      }
      const target = number(e, model, TECHNIQUE_DEFAULTS.adaTarget, probability, 'a target in [0, 1]');
      if (c.augment.kind === 'none') c.augment = augmentSpec(shape, TECHNIQUE_DEFAULTS.noiseStd);
      c.augmentP = 0;
      c.adaptive = { target, interval: ADA_INTERVAL, rampSteps: ADA_RAMP_STEPS, maxP: ADA_MAX_P };
    },
  },
  r1: numeric((c, v) => (c.r1Gamma = v), TECHNIQUE_DEFAULTS.r1, nonNegative, 'γ ≥ 0', 0),
  lecam: numeric((c, v) => (c.lecam = v), TECHNIQUE_DEFAULTS.lecam, nonNegative, 'λ ≥ 0', 0),
  ema: numeric((c, v) => (c.emaDecay = v), null, unit, 'a decay in [0, 1)', 0, (s) => defaultConfig(s.dim).emaDecay || 0.999),
  sn: {
    canDisable: true,
    apply(c, e, _s, model) {
      if (e.value !== null) fail(`'+sn' takes no value in '${model}'`);
      c.discriminator.spectralNorm = e.sign === '+';
    },
  },
  factor: numeric((c, v) => (c.factorPenalty = v), TECHNIQUE_DEFAULTS.factor, nonNegative, 'a weight ≥ 0', 0),
  dropout: numeric((c, v) => (c.discriminator.dropout = v), TECHNIQUE_DEFAULTS.dropout, unit, 'a probability in [0, 1)', 0),
  lr: numeric((c, v) => (c.lrG = c.lrD = v), null, positive, 'a learning rate > 0'),
  lrg: numeric((c, v) => (c.lrG = v), null, positive, 'a learning rate > 0'),
  lrd: numeric((c, v) => (c.lrD = v), null, positive, 'a learning rate > 0'),
  sched: {
    canDisable: true,
    apply(c, e, _s, model) {
      if (e.sign === '-') {
        c.lrSchedule = 'constant';
        return;
      }
      if (e.value !== 'constant' && e.value !== 'linear' && e.value !== 'cosine') fail(`'+sched=${e.value ?? ''}' in '${model}': expected constant, linear or cosine`);
      c.lrSchedule = e.value as GanConfig['lrSchedule'];
    },
  },
  decaystart: numeric((c, v) => (c.lrDecayStart = v), null, unit, 'a fraction in [0, 1)'),
  beta1: numeric((c, v) => (c.betas = [v, c.betas[1]]), null, unit, 'a number in [0, 1)'),
  beta2: numeric((c, v) => (c.betas = [c.betas[0], v]), null, unit, 'a number in [0, 1)'),
  batch: numeric((c, v) => (c.batchSize = v), null, positiveInt, 'a positive integer'),
  latent: numeric((c, v) => (c.latentDim = v), null, positiveInt, 'a positive integer'),
  dsteps: numeric((c, v) => (c.dSteps = v), null, positiveInt, 'a positive integer'),
  l2: numeric((c, v) => (c.l2 = v), null, nonNegative, 'a weight ≥ 0'),
  topk: numeric((c, v) => (c.topKKeep = v), TECHNIQUE_DEFAULTS.topK, fraction, 'a kept fraction in (0, 1]', 1),
  mix: numeric((c, v) => (c.generator.latentComponents = v), TECHNIQUE_DEFAULTS.mix, positiveInt, 'a number of components ≥ 1', 0),
  mixstd: numeric((c, v) => (c.latentStdPenalty = v), null, nonNegative, 'a weight ≥ 0'),
  jbt: numeric((c, v) => (c.jacobianKeep = v), TECHNIQUE_DEFAULTS.jbt, fraction, 'a kept fraction in (0, 1]', 1),
  topkdecay: numeric((c, v) => (c.topKDecay = v), null, fraction, 'a decay in (0, 1]'),
  hidden: {
    canDisable: false,
    apply(c, e, _s, model) {
      c.generator.hidden = widthsValue(e, model);
      c.discriminator.hidden = widthsValue(e, model);
    },
  },
  hiddend: {
    canDisable: false,
    apply(c, e, _s, model) {
      c.discriminator.hidden = widthsValue(e, model);
    },
  },
  rankd: { canDisable: false, apply: (_c, e, _s, model) => ({ rankD: rankValue(e, model) }) },
  rankout: { canDisable: false, apply: (_c, e, _s, model) => ({ rankOut: rankValue(e, model) }) },
};

/** The layer widths of a '+hidden=' or '+hiddend=' edit: positive integers joined by x. */
function widthsValue(e: ModelEdit, model: string): number[] {
  const widths = (e.value ?? '').split('x');
  if (e.value === null || !widths.every((w) => /^[1-9]\d*$/.test(w))) fail(`'+${e.name}=${e.value ?? ''}' in '${model}': expected widths joined by x, e.g. 256x256`);
  return widths.map(Number);
}

/** The rank of a '+rankd=' or '+rankout=' edit: full or a positive integer. */
function rankValue(e: ModelEdit, model: string): LayerRank {
  if (e.value === 'full') return 'full';
  if (e.value === null || !/^[1-9]\d*$/.test(e.value)) fail(`'+${e.name}=${e.value ?? ''}' in '${model}': expected full or a positive integer`);
  return Number(e.value);
}

/** Names of the settings, for the usage text. */
export const MODEL_SETTINGS: readonly string[] = Object.keys(EDITS);
