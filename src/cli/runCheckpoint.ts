/**
 * What the CLI keeps in a checkpoint besides the trainer (the `extra` metadata), reading checkpoint
 * files, and turning a stored generator into data-space samples.
 */
import { readFileSync } from 'node:fs';
import { type LoadedCheckpoint, readCheckpoint } from '../gan/checkpoint.js';
import type { ImageShape } from '../data/dataset.js';
import { type ColumnScaler, type ColumnScalerJSON, columnScalerFromJSON } from '../data/columnScaler.js';
import { type TableLayout, checkTableLayout } from '../data/tableLayout.js';
import { buildConfigGenerator } from '../gan/networks.js';
import { sampleGenerator } from '../gan/trainer.js';
import type { Sequential } from '../nn/sequential.js';
import type { ConditionalSettings } from '../gan/conditional.js';
import { type ParsedFlags, UsageError } from './args.js';
import type { PreparedData, RunSpec } from './runData.js';

/** Checkpoint `extra` written by `lrgan train`. */
export interface RunExtra {
  run: RunSpec;
  scaler: ColumnScalerJSON;
  dataset: {
    name: string;
    dim: number;
    numClasses: number;
    image?: ImageShape;
    labelNames?: string[];
    columns?: string[];
    labelColumn?: { name: string; index: number };
    fileScale?: number;
    /** Tables: columns whose training values are all integers in the file's units (samples are written rounded). */
    integerColumns?: number[];
    /** Tables: [dim] the training rows' smallest and largest value of each column (data units). */
    ranges?: [number, number][];
    /** Tables with categorical columns: each file column's place in the encoded rows, with its category names. */
    layout?: TableLayout;
  };
}

export function makeExtra(prep: PreparedData): RunExtra {
  const ds = prep.dataset;
  const dataset: RunExtra['dataset'] = { name: ds.name, dim: ds.dim, numClasses: ds.numClasses };
  if (ds.image !== undefined) dataset.image = ds.image;
  if (ds.labelNames !== undefined) dataset.labelNames = ds.labelNames;
  if (ds.columns !== undefined) dataset.columns = ds.columns;
  if (ds.labelColumn !== undefined) dataset.labelColumn = ds.labelColumn;
  if (ds.fileScale !== undefined) dataset.fileScale = ds.fileScale;
  if (ds.layout !== undefined) dataset.layout = ds.layout;
  if (ds.image === undefined) Object.assign(dataset, columnFacts(prep.split.train.x, ds.dim, ds.fileScale ?? 1));
  return { run: prep.spec, scaler: prep.scaler.toJSON(), dataset };
}

/** The integer columns (in file units) and per-column ranges of training rows x [n, dim]. */
function columnFacts(x: Float64Array, dim: number, fileScale: number): { integerColumns: number[]; ranges: [number, number][] } {
  const n = x.length / dim;
  const integerColumns: number[] = [];
  const ranges: [number, number][] = [];
  for (let j = 0; j < dim; j++) {
    let lo = Infinity, hi = -Infinity, whole = true;
    for (let i = 0; i < n; i++) {
      const v = x[i * dim + j]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      if (whole && !Number.isInteger(Math.fround(v * fileScale))) whole = false;
    }
    if (whole) integerColumns.push(j);
    ranges.push([lo, hi]);
  }
  return { integerColumns, ranges };
}

/** Reads and parses a checkpoint file; errors name the path. */
export function loadCheckpointFile(path: string): LoadedCheckpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(`cannot read checkpoint '${path}' (${err.message})`);
  }
  return readCheckpoint(bytes, path);
}

/** The CLI metadata of a checkpoint, checked enough that later steps fail with a clear message. */
export function runExtra(ckpt: LoadedCheckpoint, source: string): RunExtra {
  const e = ckpt.extra as Partial<RunExtra>;
  const run = e.run;
  if (!run || typeof run.data !== 'string' || typeof run.n !== 'number' || typeof run.seed !== 'number' || !e.scaler || !e.dataset || typeof e.dataset.dim !== 'number') {
    throw new Error(`${source}: checkpoint was not written by 'lrgan train' (its metadata lacks the data set, split or scaler)`);
  }
  if (e.dataset.layout !== undefined) checkTableLayout(e.dataset.layout, e.dataset.dim, source);
  return e as RunExtra;
}

export function runScaler(extra: RunExtra, source: string): ColumnScaler {
  try {
    return columnScalerFromJSON(extra.scaler);
  } catch (e) {
    throw new Error(`${source}: bad scaler in checkpoint metadata: ${(e as Error).message}`);
  }
}

/** The checkpoint's generator: its EMA copy when asked for and present, else the trained weights. */
export function checkpointGenerator(ckpt: LoadedCheckpoint, dim: number, ema: boolean): { net: Sequential; usedEma: boolean } {
  const net = buildConfigGenerator(ckpt.config, dim, 0);
  const emaWeights = ckpt.section('generator_ema');
  const usedEma = ema && Object.keys(emaWeights).length > 0;
  net.loadStateDict(usedEma ? emaWeights : ckpt.section('generator'));
  net.eval();
  return { net, usedEma };
}

/**
 * count samples from z ~ N(0, I) drawn with `seed`, mapped back to data space: [count, dim]. keep < 1:
 * Jacobian-based truncation (the run's config.sampling.jacobianKeep, unless a command overrides it).
 * A conditional generator samples classes.labels (default: the training rows' class mix).
 */
export function generateData(
  net: Sequential, latentDim: number, count: number, seed: number, scaler: ColumnScaler, keep = 1, classes: { conditional?: ConditionalSettings; labels?: Int32Array } = {},
): Float32Array {
  const raw = sampleGenerator(net, latentDim, count, seed, { keep, ...classes });
  return scaler.inverse(Float32Array.from(raw.data));
}

/** --jacobian-keep of `sample` and `eval`, else the run's own setting; 0 is refused (nothing would be kept). */
export function jacobianKeep(f: ParsedFlags, runKeep: number, command: string): number {
  if (!f.has('jacobian-keep')) return runKeep;
  const keep = f.number('jacobian-keep')!;
  if (!(keep > 0)) throw new UsageError(`--jacobian-keep: expected a fraction in (0, 1], got ${keep}`, command);
  return keep;
}
