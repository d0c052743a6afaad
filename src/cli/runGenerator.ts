/**
 * The generator behind a --checkpoint of `sample` and `eval`: a run of `lrgan train`, or an adapter of
 * `lrgan adapt` together with its source checkpoint (found where the adapter was trained from, or at
 * --source), whose SHA-256 must be the one the adapter records.
 */
import { readFileSync } from 'node:fs';
import { adaptedGenerator, checkAdapterSource, isAdapterCheckpoint, readAdapterCheckpoint } from '../gan/adapterCheckpoint.js';
import { readCheckpoint } from '../gan/checkpoint.js';
import type { Sequential } from '../nn/sequential.js';
import type { ConditionalSettings } from '../gan/conditional.js';
import { DiscriminatorPrivacy } from '../gan/dpDiscriminator.js';
import type { AccountantEntry } from '../privacy/rdpAccountant.js';
import { sha256Hex } from '../node/fileHash.js';
import { type RunExtra, checkpointGenerator, runExtra } from './runCheckpoint.js';

export interface RunGenerator {
  net: Sequential;
  usedEma: boolean;
  latentDim: number;
  /** The run's Jacobian-truncation keep fraction. */
  keep: number;
  /** The data side: the target's for an adapter. */
  extra: RunExtra;
  step: number | null;
  /** e.g. "adapter lora:2 on runs/src/checkpoint.safetensors". */
  kind: string;
  /** A conditional run's classes (its generator reads [z | onehot(y)]). */
  conditional?: ConditionalSettings;
  /** A private run's guarantee: ε at δ after its D updates. */
  privacy?: { epsilon: number; delta: number; updates: number };
}

function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(`cannot read ${what} '${path}' (${err.code ?? 'error'}: ${err.message})`);
  }
}

/** Loads path (a checkpoint or an adapter); sourcePath overrides where an adapter's source is read from. */
export function loadRunGenerator(path: string, ema: boolean, sourcePath?: string): RunGenerator {
  const bytes = readBytes(path, 'checkpoint');
  if (!isAdapterCheckpoint(bytes)) {
    if (sourcePath !== undefined) throw new Error(`--source: ${path} is not an adapter checkpoint, so it has no source to replace`);
    const ckpt = readCheckpoint(bytes, path);
    const extra = runExtra(ckpt, path);
    const { net, usedEma } = checkpointGenerator(ckpt, extra.dataset.dim, ema);
    const step = (JSON.parse(ckpt.trainerMeta) as { step?: number }).step ?? null;
    const found: RunGenerator = { net, usedEma, latentDim: ckpt.config.latent.dim, keep: ckpt.config.sampling.jacobianKeep, extra, step, kind: 'checkpoint' };
    if (ckpt.config.conditional) found.conditional = ckpt.config.conditional;
    const meta = JSON.parse(ckpt.trainerMeta) as { privacy?: AccountantEntry[] };
    if (ckpt.config.privacy && meta.privacy) {
      const dp = new DiscriminatorPrivacy(ckpt.config.privacy, meta.privacy[0]?.sampleRate ?? 1);
      dp.restore(meta.privacy);
      found.privacy = { epsilon: dp.epsilon(), delta: ckpt.config.privacy.delta, updates: dp.updates };
    }
    return found;
  }
  const adapter = readAdapterCheckpoint(bytes, path);
  const srcPath = sourcePath ?? adapter.source.file;
  const srcBytes = readBytes(srcPath, "the adapter's source checkpoint");
  checkAdapterSource(adapter, path, sha256Hex(srcBytes), srcPath);
  const source = readCheckpoint(srcBytes, srcPath);
  const extra = runExtra({ ...source, extra: adapter.extra }, path);
  const { net, usedEma } = adaptedGenerator(source, adapter, extra.dataset.dim, ema);
  return {
    net, usedEma, latentDim: source.config.latent.dim, keep: adapter.config.sampling.jacobianKeep, extra, step: adapter.step,
    kind: `adapter ${adapter.mode.kind === 'lora' ? `lora:${adapter.mode.rank}` : adapter.mode.kind} on ${srcPath}`,
  };
}
