import { Random } from './random.js';
import { Tensor, allocate, formatShape, shapeSize, dtypeOf } from './tensor.js';
import type { DType, FloatArray, NestedArray, Shape } from './tensor.js';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** A seed or a generator: every random creation takes one. */
export type Seed = number | Random;

function rngOf(seed: Seed): Random {
  return typeof seed === 'number' ? new Random(seed) : seed;
}

function finish(t: Tensor, options: CreateOptions | undefined): Tensor {
  if (options?.requiresGrad) t.requiresGrad = true;
  return t;
}

function inferShape(values: NestedArray, where: string): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  // Every sub-array must match the first one's shape.
  const check = (x: NestedArray, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof x !== 'number') throw new Error(`${where}: ragged nested array: element ${path} is an array, expected a number`);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[dim]) {
      const got = Array.isArray(x) ? `length ${x.length}` : 'a number';
      throw new Error(`${where}: ragged nested array: element ${path || 'root'} has ${got}, expected length ${shape[dim]}`);
    }
    for (let i = 0; i < x.length; i++) check(x[i]!, dim + 1, `${path}[${i}]`);
  };
  check(values, 0, '');
  return shape;
}

function fillFlat(values: NestedArray, out: FloatArray, pos: { i: number }): void {
  if (typeof values === 'number') out[pos.i++] = values;
  else for (const v of values) fillFlat(v, out, pos);
}

/**
 * A tensor from nested arrays (shape inferred) or a typed/plain array with an explicit shape.
 * tensor([[1, 2], [3, 4]]) is [2,2]; tensor(new Float32Array(6), [2, 3]) shares the given Float32Array.
 */
export function tensor(values: NestedArray | FloatArray | readonly number[], shape?: Shape, options?: CreateOptions): Tensor {
  if (values instanceof Float32Array || values instanceof Float64Array) {
    const wanted = options?.dtype;
    let data: FloatArray = values;
    if (wanted && wanted !== dtypeOf(values)) data = wanted === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
    return finish(new Tensor(data, shape ?? [values.length]), options);
  }
  if (shape !== undefined) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'number')) {
      throw new Error('tensor: with an explicit shape, values must be a flat array of numbers');
    }
    const flat = values as readonly number[];
    if (flat.length !== shapeSize(shape)) {
      throw new Error(`tensor: ${flat.length} values do not fill shape ${formatShape(shape)} (needs ${shapeSize(shape)})`);
    }
    const data = allocate(options?.dtype ?? 'float32', flat.length);
    data.set(flat);
    return finish(new Tensor(data, shape), options);
  }
  const inferred = inferShape(values as NestedArray, 'tensor');
  const data = allocate(options?.dtype ?? 'float32', shapeSize(inferred));
  fillFlat(values as NestedArray, data, { i: 0 });
  return finish(new Tensor(data, inferred), options);
}

/** A 0-d tensor holding one number. */
export function scalar(value: number, options?: CreateOptions): Tensor {
  const t = Tensor.empty([], options?.dtype);
  t.data[0] = value;
  return finish(t, options);
}

export function zeros(shape: Shape, options?: CreateOptions): Tensor {
  return finish(Tensor.empty(shape, options?.dtype), options);
}

export function ones(shape: Shape, options?: CreateOptions): Tensor {
  return full(shape, 1, options);
}

export function full(shape: Shape, value: number, options?: CreateOptions): Tensor {
  const t = Tensor.empty(shape, options?.dtype);
  t.data.fill(value);
  return finish(t, options);
}

export function zerosLike(x: Tensor): Tensor {
  return Tensor.empty(x.shape, x.dtype);
}

export function onesLike(x: Tensor): Tensor {
  return full(x.shape, 1, { dtype: x.dtype });
}

/** [start, start+step, …) up to but excluding end, as torch.arange. */
export function arange(start: number, end?: number, step = 1, options?: CreateOptions): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(step) || step === 0) {
    throw new Error(`arange: start, end and step must be finite and step non-zero, got ${start}, ${end}, ${step}`);
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const t = Tensor.empty([n], options?.dtype);
  for (let i = 0; i < n; i++) t.data[i] = start + i * step;
  return finish(t, options);
}

/** count points evenly spaced from start to end inclusive, as torch.linspace. */
export function linspace(start: number, end: number, count: number, options?: CreateOptions): Tensor {
  if (!Number.isInteger(count) || count < 0) throw new Error(`linspace: count must be a non-negative integer, got ${count}`);
  const t = Tensor.empty([count], options?.dtype);
  const step = count > 1 ? (end - start) / (count - 1) : 0;
  for (let i = 0; i < count; i++) t.data[i] = start + i * step;
  if (count > 1) t.data[count - 1] = end;
  return finish(t, options);
}

/** Identity matrix [n, m] (m defaults to n). */
export function eye(n: number, m = n, options?: CreateOptions): Tensor {
  const t = Tensor.empty([n, m], options?.dtype);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return finish(t, options);
}

/** Uniform samples in [low, high). */
export function rand(shape: Shape, seed: Seed, options?: CreateOptions & { low?: number; high?: number }): Tensor {
  const rng = rngOf(seed);
  const t = Tensor.empty(shape, options?.dtype);
  const low = options?.low ?? 0;
  const span = (options?.high ?? 1) - low;
  const d = t.data;
  if (t.dtype === 'float32') for (let i = 0; i < d.length; i++) d[i] = low + span * rng.uniform24();
  else for (let i = 0; i < d.length; i++) d[i] = low + span * rng.uniform();
  return finish(t, options);
}

/** Normal samples with the given mean and standard deviation (default 0, 1). */
export function randn(shape: Shape, seed: Seed, options?: CreateOptions & { mean?: number; std?: number }): Tensor {
  const rng = rngOf(seed);
  const t = Tensor.empty(shape, options?.dtype);
  const mean = options?.mean ?? 0;
  const std = options?.std ?? 1;
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * rng.normal();
  return finish(t, options);
}

/** count integers drawn uniformly from [low, high): minibatch indices, for example. */
export function randint(low: number, high: number, count: number, seed: Seed): Int32Array {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new Error(`randint: need integers low < high, got low=${low}, high=${high}`);
  }
  if (!Number.isInteger(count) || count < 0) throw new Error(`randint: count must be a non-negative integer, got ${count}`);
  const rng = rngOf(seed);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = low + rng.int(high - low);
  return out;
}

/** A random permutation of 0..n-1. */
export function randperm(n: number, seed: Seed): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randperm: n must be a non-negative integer, got ${n}`);
  return rngOf(seed).permutation(n);
}
