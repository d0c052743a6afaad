import { Tensor } from '../tensor/tensor.js';
import { SafetensorsError, encodeSafetensors, decodeSafetensors } from '../nn/safetensors.js';
import type { NamedArray } from '../nn/safetensors.js';
import type { Module } from '../nn/module.js';
import { optimizerStateFromTensors, optimizerStateToTensors } from '../nn/optim/stateTensors.js';
import type { OptimizerStateDict } from '../nn/optim/optimizer.js';
import type { RandomState } from '../tensor/random.js';
import type { AdaptiveAugmentState } from './adaptiveAugment.js';
import type { GanConfig } from './config.js';
import { upgradeConfig } from './configVersions.js';
import { GanTrainer } from './trainer.js';
import type { StepStats } from './trainer.js';
import type { AccountantEntry } from '../privacy/rdpAccountant.js';

const FORMAT = 'lrgan-checkpoint';
const VERSION = '1';

/** Everything besides weights that an exact resume needs. */
interface TrainerMeta {
  step: number;
  streams: { data: RandomState; latent: RandomState; augment: RandomState };
  dropouts: RandomState[];
  ada: AdaptiveAugmentState | null;
  lecamEma: { real: number; fake: number };
  /** The privacy accountant's entries of a DP run (config.privacy). */
  privacy?: AccountantEntry[];
  /** Only in checkpoints written before the history moved out of the header (see lossHistory.ts). */
  history?: StepStats[];
}

function moduleTensors(prefix: string, m: Module, out: Record<string, NamedArray>): void {
  for (const [k, t] of Object.entries(m.stateDict())) out[`${prefix}.${k}`] = { dtype: t.dtype, shape: t.shape.slice(), data: t.data.slice() };
}

function optimizerTensors(prefix: string, opt: { stateDict(): OptimizerStateDict }, out: Record<string, NamedArray>): string {
  const { tensors, metadata } = optimizerStateToTensors(opt.stateDict());
  for (const [k, t] of Object.entries(tensors)) out[`${prefix}.${k}`] = t;
  return metadata;
}

/**
 * A checkpoint of a run as safetensors bytes: the three networks under `generator.`, `discriminator.`,
 * `generator_ema.` (PyTorch key names below the prefix), both Adam states, and in `__metadata__` the
 * config, random states, ADA and LeCam state. `extra` carries what the caller needs to use the model
 * (the data scaler, the data set's name and split). The loss history (trainer.history) is not stored,
 * so the header stays the same size however long the run: keep it beside the checkpoint
 * (formatHistoryRows) and hand it back to resumeTrainer.
 */
export function saveCheckpoint(trainer: GanTrainer, extra: Record<string, unknown> = {}): Uint8Array {
  const tensors: Record<string, NamedArray> = {};
  moduleTensors('generator', trainer.generator, tensors);
  moduleTensors('discriminator', trainer.discriminator, tensors);
  if (trainer.generatorEma) moduleTensors('generator_ema', trainer.generatorEma, tensors);
  const optG = optimizerTensors('optimizer_g', trainer.optG, tensors);
  const optD = optimizerTensors('optimizer_d', trainer.optD, tensors);
  const meta: TrainerMeta = {
    step: trainer.stepCount,
    streams: { data: trainer.streams.data.getState(), latent: trainer.streams.latent.getState(), augment: trainer.streams.augment.getState() },
    dropouts: trainer.dropouts().map((d) => d.getState()),
    ada: trainer.ada ? { ...trainer.ada.state } : null,
    lecamEma: { ...trainer.lecamEma },
  };
  if (trainer.privacy) meta.privacy = trainer.privacy.history();
  return encodeSafetensors(tensors, {
    format: FORMAT,
    version: VERSION,
    config: JSON.stringify(trainer.config),
    trainer: JSON.stringify(meta),
    optimizer_g: optG,
    optimizer_d: optD,
    extra: JSON.stringify(extra),
  });
}

export interface LoadedCheckpoint {
  config: GanConfig;
  extra: Record<string, unknown>;
  /** Tensors under a prefix, with the prefix removed (e.g. prefix 'generator_ema'). */
  section(prefix: string): Record<string, Tensor>;
  trainerMeta: string;
  optimizerMeta: { g: string; d: string };
  raw: Record<string, NamedArray>;
}

/** Parses checkpoint bytes; errors name what is missing. `source` names the file in messages. */
export function readCheckpoint(bytes: Uint8Array, source = 'checkpoint'): LoadedCheckpoint {
  let decoded: ReturnType<typeof decodeSafetensors>;
  try {
    decoded = decodeSafetensors(bytes);
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw e;
    throw new SafetensorsError(`${source}: ${e.message.replace(/^decodeSafetensors: /, '')}`, { cause: e });
  }
  const { tensors, metadata } = decoded;
  checkFinite(tensors, source);
  if (metadata.format !== FORMAT) {
    throw new Error(`${source}: not an lrgan checkpoint (metadata format is ${JSON.stringify(metadata.format ?? null)}, expected "${FORMAT}")`);
  }
  if (metadata.version !== VERSION) throw new Error(`${source}: checkpoint version ${metadata.version} is not supported (expected ${VERSION})`);
  for (const key of ['config', 'trainer', 'optimizer_g', 'optimizer_d', 'extra']) {
    if (typeof metadata[key] !== 'string') throw new Error(`${source}: checkpoint metadata lacks "${key}"`);
  }
  const parse = (key: string): Record<string, unknown> => {
    let v: unknown;
    try {
      v = JSON.parse(metadata[key]!);
    } catch (e) {
      throw new Error(`${source}: checkpoint metadata "${key}" is not valid JSON (${(e as Error).message})`);
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${source}: checkpoint metadata "${key}" must be a JSON object, got ${JSON.stringify(v).slice(0, 40)}`);
    return v as Record<string, unknown>;
  };
  const step = parse('trainer').step;
  if (!Number.isSafeInteger(step) || (step as number) < 0) throw new Error(`${source}: checkpoint metadata "trainer" has step ${JSON.stringify(step)}, expected an integer ≥ 0`);
  return {
    config: upgradeConfig(parse('config'), source),
    extra: parse('extra'),
    trainerMeta: metadata.trainer!,
    optimizerMeta: { g: metadata.optimizer_g!, d: metadata.optimizer_d! },
    raw: tensors,
    section(prefix: string): Record<string, Tensor> {
      const out: Record<string, Tensor> = {};
      for (const [k, t] of Object.entries(tensors)) {
        if (k.startsWith(prefix + '.')) out[k.slice(prefix.length + 1)] = new Tensor(t.data, t.shape);
      }
      return out;
    },
  };
}

/** Every weight and optimizer moment must be finite: a NaN would only show up later, as NaN samples. */
function checkFinite(tensors: Record<string, NamedArray>, source: string): void {
  for (const [name, t] of Object.entries(tensors)) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v - v !== 0) throw new Error(`${source}: tensor '${name}' holds ${v} at element ${i}; a checkpoint's weights must be finite`);
    }
  }
}

/** The step a checkpoint was written at. */
export function checkpointStep(ckpt: LoadedCheckpoint): number {
  return (JSON.parse(ckpt.trainerMeta) as TrainerMeta).step;
}

/**
 * Rebuilds a trainer from a checkpoint so that training continues exactly as an uninterrupted run would.
 * data: the same scaled training set the run used. opts.history: the loss history of steps
 * 1..step (e.g. parseHistoryCsv of the file kept beside the checkpoint); without it the history is that
 * of an old checkpoint's header, or empty.
 */
export function resumeTrainer(ckpt: LoadedCheckpoint, data: Tensor, opts: { history?: StepStats[]; labels?: Int32Array } = {}): GanTrainer {
  const trainer = new GanTrainer(data, ckpt.config, undefined, opts.labels);
  trainer.generator.loadStateDict(ckpt.section('generator'));
  trainer.discriminator.loadStateDict(ckpt.section('discriminator'));
  if (trainer.generatorEma) trainer.generatorEma.loadStateDict(ckpt.section('generator_ema'));
  trainer.optG.loadStateDict(optimizerStateFromTensors(ckpt.section('optimizer_g'), ckpt.optimizerMeta.g));
  trainer.optD.loadStateDict(optimizerStateFromTensors(ckpt.section('optimizer_d'), ckpt.optimizerMeta.d));
  const meta = JSON.parse(ckpt.trainerMeta) as TrainerMeta;
  trainer.stepCount = meta.step;
  trainer.streams.data.setState(meta.streams.data);
  trainer.streams.latent.setState(meta.streams.latent);
  trainer.streams.augment.setState(meta.streams.augment);
  const dropouts = trainer.dropouts();
  if (dropouts.length !== meta.dropouts.length) throw new Error(`resumeTrainer: checkpoint has ${meta.dropouts.length} dropout states, the model has ${dropouts.length}`);
  dropouts.forEach((d, i) => d.setState(meta.dropouts[i]!));
  if (trainer.ada && meta.ada) trainer.ada.state = { ...meta.ada };
  trainer.lecamEma = { ...meta.lecamEma };
  if (trainer.privacy) {
    if (!Array.isArray(meta.privacy)) throw new Error('resumeTrainer: the config asks for privacy but the checkpoint has no accountant state; it cannot resume with a known ε');
    trainer.privacy.restore(meta.privacy);
  }
  trainer.history = opts.history ?? meta.history ?? [];
  return trainer;
}
