import { allocate, formatShape, shapeSize } from '../../tensor/tensor.js';
import type { DType, FloatArray } from '../../tensor/tensor.js';
import type { Hyperparameters, OptimizerStateDict, ParamStateEntry } from './optimizer.js';

/** One named array as a tensor file stores it. */
export interface TensorRecord {
  dtype: DType;
  shape: number[];
  data: FloatArray;
}

/** What optimizerStateFromTensors accepts per key: a TensorRecord, or a decoded entry with any numeric array. */
export interface TensorLike {
  dtype?: string;
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** An optimizer's state split for a safetensors file: arrays, and a JSON string for its metadata. */
export interface OptimizerTensors {
  /** `state.<i>.step` (float64, shape []) and `state.<i>.<array>` (e.g. exp_avg) in the parameter's dtype and shape. */
  tensors: Record<string, TensorRecord>;
  /** JSON: format, version, kind, hyperparameters, and per parameter its name, shape, dtype and array names. */
  metadata: string;
}

const FORMAT = 'lrgan.optimizer';
const VERSION = 1;

interface ParamMeta {
  name: string | null;
  shape: number[];
  dtype: DType;
  buffers: string[];
}

interface Metadata {
  format: string;
  version: number;
  kind: string;
  hyperparameters: Hyperparameters;
  params: ParamMeta[];
}

/** Flattens a state dict into named arrays plus a metadata string (the arrays are copied). */
export function optimizerStateToTensors(state: OptimizerStateDict): OptimizerTensors {
  const tensors: Record<string, TensorRecord> = {};
  const params: ParamMeta[] = state.params.map((p, i) => {
    const step = allocate('float64', 1);
    step[0] = p.step;
    tensors[`state.${i}.step`] = { dtype: 'float64', shape: [], data: step };
    const names = Object.keys(p.buffers).sort();
    for (const k of names) tensors[`state.${i}.${k}`] = { dtype: p.dtype, shape: p.shape.slice(), data: p.buffers[k]!.slice() };
    return { name: p.name, shape: p.shape.slice(), dtype: p.dtype, buffers: names };
  });
  const meta: Metadata = { format: FORMAT, version: VERSION, kind: state.kind, hyperparameters: state.hyperparameters, params };
  return { tensors, metadata: JSON.stringify(meta) };
}

function parseMetadata(metadata: string): Metadata {
  const fn = 'optimizerStateFromTensors';
  let meta: Metadata;
  try {
    meta = JSON.parse(metadata) as Metadata;
  } catch (e) {
    throw new Error(`${fn}: metadata is not valid JSON (${(e as Error).message})`);
  }
  if (meta === null || typeof meta !== 'object' || meta.format !== FORMAT) throw new Error(`${fn}: metadata is not lrgan optimizer state (format ${JSON.stringify(meta?.format)})`);
  if (meta.version !== VERSION) throw new Error(`${fn}: metadata version ${meta.version} is not supported (expected ${VERSION})`);
  if (!Array.isArray(meta.params)) throw new Error(`${fn}: metadata has no params list`);
  return meta;
}

/**
 * Rebuilds a state dict from optimizerStateToTensors output (or its round trip through a file).
 * Every listed array must be present with the listed shape; keys under `state.` that are not listed are errors.
 */
export function optimizerStateFromTensors(tensors: Readonly<Record<string, TensorLike>>, metadata: string): OptimizerStateDict {
  const fn = 'optimizerStateFromTensors';
  const meta = parseMetadata(metadata);
  const used = new Set<string>();
  const take = (key: string, shape: readonly number[], dtype: DType): FloatArray => {
    const t = tensors[key];
    if (t === undefined) throw new Error(`${fn}: missing tensor "${key}"`);
    if (formatShape(t.shape) !== formatShape(shape)) throw new Error(`${fn}: tensor "${key}" has shape ${formatShape(t.shape)}, expected ${formatShape(shape)}`);
    if (t.dtype !== undefined && t.dtype !== dtype) throw new Error(`${fn}: tensor "${key}" is ${t.dtype}, expected ${dtype}`);
    if (t.data.length !== shapeSize(shape)) throw new Error(`${fn}: tensor "${key}" has ${t.data.length} values, expected ${shapeSize(shape)}`);
    used.add(key);
    const out = allocate(dtype, t.data.length);
    for (let i = 0; i < out.length; i++) out[i] = t.data[i]!;
    return out;
  };
  const params: ParamStateEntry[] = meta.params.map((p, i) => {
    if (p.dtype !== 'float32' && p.dtype !== 'float64') throw new Error(`${fn}: param ${i} has dtype ${JSON.stringify(p.dtype)}, expected float32 or float64`);
    const step = take(`state.${i}.step`, [], 'float64')[0]!;
    const buffers: Record<string, FloatArray> = {};
    for (const k of p.buffers) buffers[k] = take(`state.${i}.${k}`, p.shape, p.dtype);
    return { name: p.name, shape: p.shape.slice(), dtype: p.dtype, step, buffers };
  });
  for (const key of Object.keys(tensors)) {
    if (key.startsWith('state.') && !used.has(key)) throw new Error(`${fn}: tensor "${key}" is not described by the metadata`);
  }
  return { kind: meta.kind, hyperparameters: meta.hyperparameters, params };
}
