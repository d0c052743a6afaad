/**
 * Adapter checkpoints: only what an adaptation trained (the parameters of the adapted G, its moving
 * average and D, under `generator.`, `generator_ema.`, `discriminator.`), the mode, and the SHA-256 of
 * the source checkpoint's bytes, without which the frozen part cannot be rebuilt. Hashing is the
 * caller's (a file hash belongs at the edge); this module compares the hex strings.
 */
import { Tensor } from '../tensor/tensor.js';
import { decodeSafetensors, encodeSafetensors } from '../nn/safetensors.js';
import type { NamedArray } from '../nn/safetensors.js';
import type { Module } from '../nn/module.js';
import type { Sequential } from '../nn/sequential.js';
import { buildConfigGenerator } from './networks.js';
import type { LoadedCheckpoint } from './checkpoint.js';
import type { GanConfig } from './config.js';
import type { GanTrainer } from './trainer.js';
import { type AdaptMode, adaptNetwork, formatAdaptMode, parseAdaptMode } from './adapt.js';
import { Random } from '../tensor/random.js';

export const ADAPTER_FORMAT = 'lrgan-adapter';
const VERSION = '1';

export interface AdapterSource {
  /** SHA-256 of the source checkpoint's bytes, 64 hex digits. */
  sha256: string;
  /** Where the source was read from (shown in messages; the hash is what is checked). */
  file: string;
}

function parameterTensors(prefix: string, m: Module, out: Record<string, NamedArray>): void {
  for (const [k, t] of m.namedParameters()) out[`${prefix}.${k}`] = { dtype: t.dtype, shape: t.shape.slice(), data: t.data.slice() };
}

/** Adapter checkpoint bytes of an adaptation run. seed: adaptGan's (it draws the LoRA matrices). */
export function saveAdapterCheckpoint(trainer: GanTrainer, mode: AdaptMode, seed: number, source: AdapterSource, extra: Record<string, unknown> = {}): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(source.sha256)) throw new Error(`saveAdapterCheckpoint: source.sha256 must be 64 lowercase hex digits, got ${JSON.stringify(source.sha256)}`);
  const tensors: Record<string, NamedArray> = {};
  parameterTensors('generator', trainer.generator, tensors);
  parameterTensors('discriminator', trainer.discriminator, tensors);
  if (trainer.generatorEma) parameterTensors('generator_ema', trainer.generatorEma, tensors);
  return encodeSafetensors(tensors, {
    format: ADAPTER_FORMAT,
    version: VERSION,
    mode: formatAdaptMode(mode),
    seed: String(seed),
    source_sha256: source.sha256,
    source_file: source.file,
    step: String(trainer.stepCount),
    config: JSON.stringify(trainer.config),
    extra: JSON.stringify(extra),
  });
}

export interface LoadedAdapter {
  mode: AdaptMode;
  seed: number;
  source: AdapterSource;
  step: number;
  config: GanConfig;
  extra: Record<string, unknown>;
  /** Tensors under a prefix, with the prefix removed. */
  section(prefix: string): Record<string, Tensor>;
}

/** Whether bytes are safetensors whose metadata says lrgan-adapter (false for anything else). */
export function isAdapterCheckpoint(bytes: Uint8Array): boolean {
  try {
    return decodeSafetensors(bytes).metadata.format === ADAPTER_FORMAT;
  } catch {
    return false;
  }
}

/** Parses adapter checkpoint bytes; `file` names them in messages. */
export function readAdapterCheckpoint(bytes: Uint8Array, file = 'adapter'): LoadedAdapter {
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.format !== ADAPTER_FORMAT) throw new Error(`${file}: not an lrgan adapter checkpoint (metadata format is ${JSON.stringify(metadata.format ?? null)}, expected "${ADAPTER_FORMAT}")`);
  if (metadata.version !== VERSION) throw new Error(`${file}: adapter version ${metadata.version} is not supported (expected ${VERSION})`);
  for (const key of ['mode', 'seed', 'source_sha256', 'source_file', 'step', 'config', 'extra']) {
    if (typeof metadata[key] !== 'string') throw new Error(`${file}: adapter metadata lacks "${key}"`);
  }
  return {
    mode: parseAdaptMode(metadata.mode!),
    seed: Number(metadata.seed),
    source: { sha256: metadata.source_sha256!, file: metadata.source_file! },
    step: Number(metadata.step),
    config: JSON.parse(metadata.config!) as GanConfig,
    extra: JSON.parse(metadata.extra!) as Record<string, unknown>,
    section(prefix: string): Record<string, Tensor> {
      const out: Record<string, Tensor> = {};
      for (const [k, t] of Object.entries(tensors)) if (k.startsWith(prefix + '.')) out[k.slice(prefix.length + 1)] = new Tensor(t.data, t.shape);
      return out;
    },
  };
}

/** Throws unless sourceSha256 (of the bytes at sourceFile) is the source the adapter was trained from. */
export function checkAdapterSource(adapter: LoadedAdapter, adapterFile: string, sourceSha256: string, sourceFile: string): void {
  if (adapter.source.sha256 !== sourceSha256) {
    throw new Error(
      `${adapterFile} was adapted from a source checkpoint with SHA-256 ${adapter.source.sha256} (${adapter.source.file}), ` +
        `but ${sourceFile} has SHA-256 ${sourceSha256}; pass the original source with --source`,
    );
  }
}

/** Copies an adapter section's parameters into net; every parameter must be present with its shape. */
function loadParameters(net: Sequential, state: Record<string, Tensor>, what: string): void {
  const own = net.namedParameters();
  const errors: string[] = [];
  for (const [k, p] of own) {
    const t = state[k];
    if (t === undefined) errors.push(`missing "${k}"`);
    else if (t.size !== p.size || t.shape.join(',') !== p.shape.join(',')) errors.push(`"${k}" has shape [${t.shape.join(',')}], the model [${p.shape.join(',')}]`);
  }
  const extraKeys = Object.keys(state).filter((k) => !own.some(([o]) => o === k));
  for (const k of extraKeys) errors.push(`unexpected "${k}"`);
  if (errors.length > 0) throw new Error(`${what}: ${errors.join('; ')}`);
  for (const [k, p] of own) p.data.set(state[k]!.data);
}

/**
 * The adapted generator: the source's generator (its moving average when it has one, as adaptation
 * starts from it) wrapped for the adapter's mode, with the adapter's trained values (its moving average
 * when ema and present). Check the source's hash first (checkAdapterSource).
 */
export function adaptedGenerator(source: LoadedCheckpoint, adapter: LoadedAdapter, dim: number, ema: boolean): { net: Sequential; usedEma: boolean } {
  const base = buildConfigGenerator(source.config, dim, 0);
  const srcEma = source.section('generator_ema');
  base.loadStateDict(Object.keys(srcEma).length > 0 ? srcEma : source.section('generator'));
  const net = adaptNetwork(base, adapter.mode, 'generator', new Random(adapter.seed).fork());
  const emaState = adapter.section('generator_ema');
  const usedEma = ema && Object.keys(emaState).length > 0;
  loadParameters(net, usedEma ? emaState : adapter.section('generator'), 'adapter checkpoint');
  net.eval();
  return { net, usedEma };
}
