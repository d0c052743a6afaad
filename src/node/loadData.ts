/**
 * Resolves a data-set argument (the CLI's --data) to a Dataset: a built-in name, a CSV file or a
 * folder of PNG images. Node only: reads files and gunzips with node:zlib.
 */
import { type Stats, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type CsvOptions, parseCsv } from '../data/csv.js';
import { type Dataset, checkDataset } from '../data/dataset.js';
import { oneHotEncode } from '../data/tableLayout.js';
import { parseDigits } from '../data/digits.js';
import { FASHION_LABELS, MNIST_LABELS, idxImageDataset } from '../data/idx.js';
import { grid25, ring8 } from '../data/mixtures.js';
import type { ImageSize } from '../image/resize.js';
import { readImageFolder } from './imageFolder.js';

export const BUILT_IN_DATASETS = ['ring8', 'grid25', 'digits', 'mnist', 'fashion'] as const;

/** Points a generated mixture gets beyond the n training points, to draw the held-out set from. */
export const MIXTURE_HELD_OUT_POOL = 2500;

/** The shipped digits file (data/digits.csv.gz at the project root), found relative to this source file. */
export const DIGITS_FILE = fileURLToPath(new URL('../../data/digits.csv.gz', import.meta.url));

/** The shipped 28×28 image sets (data/*.gz, see data/README.md): IDX image and label files and class names. */
const IDX_SETS = {
  mnist: { images: 'mnist-10k-images-idx3-ubyte.gz', labels: 'mnist-10k-labels-idx1-ubyte.gz', labelNames: MNIST_LABELS },
  fashion: { images: 'fashion-mnist-t10k-images-idx3-ubyte.gz', labels: 'fashion-mnist-t10k-labels-idx1-ubyte.gz', labelNames: FASHION_LABELS },
} as const;

/** The path of a file shipped in data/ at the project root. */
function dataFile(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}

export interface LoadDataOptions {
  /** Seed of generated mixtures (files ignore it; fewShotSplit takes its own). */
  seed: number;
  /** Training examples the caller will split off (--n). A mixture generates n + heldOutPool points; files ignore it. */
  n: number;
  /** Extra mixture points for the held-out set; default MIXTURE_HELD_OUT_POOL (2500). */
  heldOutPool?: number;
  /** CSV only: the class-label column, as a 0-based index (negative from the end) or a header name. */
  labelColumn?: number | string;
  /** CSV only: whether the first row is a header; default 'auto'. */
  header?: boolean | 'auto';
  /** CSV only: feature columns read as categories (indices or header names; see CsvOptions.categorical). */
  categorical?: (number | string)[];
  /** PNG folders only: resize every image to this size (readImageFolder's size); absent: the images' own, which must agree. */
  imageSize?: ImageSize;
}

/**
 * spec: 'ring8' | 'grid25' | 'digits' | 'mnist' | 'fashion' | path to a .csv or .csv.gz file | path to a folder of .png files.
 * Built-in names win over files of the same name (write ./digits for a file called digits).
 * Returns a checked Dataset: CSV rows as features (labels from labelColumn), images as
 * [count, height·width·channels] in [0, 1], channels last (see ImageShape).
 */
export function loadDataset(spec: string, opts: LoadDataOptions): Dataset {
  const fn = 'loadDataset';
  if (typeof spec !== 'string' || spec === '') throw new Error(`${fn}: the data set must be a name or a path, got ${JSON.stringify(spec)}`);
  if (opts.imageSize !== undefined && (BUILT_IN_DATASETS as readonly string[]).includes(spec)) {
    throw new Error(`${fn}: an image size resizes the PNGs of a folder; '${spec}' is a built-in data set${spec === 'mnist' || spec === 'fashion' ? ' (28x28 already)' : ''}`);
  }
  if (spec === 'ring8' || spec === 'grid25') {
    const { seed, n } = opts;
    const pool = opts.heldOutPool ?? MIXTURE_HELD_OUT_POOL;
    if (!Number.isSafeInteger(seed)) throw new Error(`${fn}: ${spec} is generated and needs an integer seed, got ${seed}`);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: ${spec} needs n, the number of training points, as a positive integer, got ${n}`);
    if (!Number.isInteger(pool) || pool < 1) throw new Error(`${fn}: heldOutPool must be a positive integer, got ${pool}`);
    return checkDataset((spec === 'ring8' ? ring8 : grid25)(n + pool, seed));
  }
  if (spec === 'digits') return checkDataset(parseDigits(readText(DIGITS_FILE, fn), DIGITS_FILE));
  if (spec === 'mnist' || spec === 'fashion') {
    const set = IDX_SETS[spec];
    const images = dataFile(set.images), labels = dataFile(set.labels);
    return checkDataset(idxImageDataset(readBytes(images, fn), readBytes(labels, fn),
      { name: spec, labelNames: [...set.labelNames], imagesSource: images, labelsSource: labels }));
  }

  let stats: Stats;
  try {
    stats = statSync(spec);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
      throw new Error(`${fn}: '${spec}' is not a built-in data set (${BUILT_IN_DATASETS.join(', ')}) and no file or folder of that name exists`);
    }
    throw new Error(`${fn}: cannot access '${spec}' (${err.message})`);
  }
  const name = datasetName(spec);
  if (stats.isDirectory()) {
    const folder = readImageFolder(spec, opts.imageSize === undefined ? { layout: 'hwc' } : { layout: 'hwc', size: opts.imageSize });
    const { width, height, channels, data } = folder;
    const dim = width * height * channels;
    const ds = checkDataset({ name, x: data, n: folder.names.length, dim, labels: folder.labels, numClasses: folder.classNames.length, image: { height, width, channels } });
    if (folder.labels !== null) ds.labelNames = folder.classNames;
    if (folder.notes.length > 0) ds.notes = folder.notes;
    return ds;
  }
  if (opts.imageSize !== undefined) throw new Error(`${fn}: an image size resizes the PNGs of a folder; '${spec}' is a file`);
  if (!/\.csv(\.gz)?$/i.test(spec)) {
    throw new Error(`${fn}: '${spec}' is a file but not a .csv or .csv.gz file; expected one of ${BUILT_IN_DATASETS.join(', ')}, a CSV file or a folder of PNG images`);
  }
  const csvOpts: CsvOptions = { source: spec };
  if (opts.labelColumn !== undefined) csvOpts.labelColumn = opts.labelColumn;
  if (opts.header !== undefined) csvOpts.header = opts.header;
  if (opts.categorical !== undefined) csvOpts.categorical = opts.categorical;
  const table = parseCsv(readText(spec, fn), csvOpts);
  const ds: Dataset = {
    name,
    x: table.data,
    n: table.rows,
    dim: table.cols,
    labels: table.labels,
    numClasses: table.labelNames?.length ?? 0,
  };
  if (table.categories.some((c) => c !== null)) {
    const { x, layout } = oneHotEncode(table.data, table.rows, table.cols, table.columns, table.categories);
    Object.assign(ds, { x, dim: layout.dim, layout });
  }
  if (table.labelNames !== null) ds.labelNames = table.labelNames;
  if (table.labelColumn !== null) ds.labelColumn = table.labelColumn;
  if (csvHasHeader(table)) ds.columns = table.columns;
  return checkDataset(ds);
}

/** Whether the names came from a header rather than parseCsv's col1, col2, ... */
function csvHasHeader(table: { columns: string[]; labelColumn: { name: string; index: number } | null }): boolean {
  const all = table.columns.slice();
  if (table.labelColumn !== null) all.splice(table.labelColumn.index, 0, table.labelColumn.name);
  return !all.every((name, c) => name === `col${c + 1}`);
}

/** The file's text, gunzipped when the name ends in .gz. */
function readText(path: string, fn: string): string {
  return Buffer.from(readBytes(path, fn)).toString('utf8');
}

/** The file's bytes, gunzipped when the name ends in .gz. */
function readBytes(path: string, fn: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(`${fn}: cannot read '${path}' (${err.message})`);
  }
  if (/\.gz$/i.test(path)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`${fn}: '${path}' is not a valid gzip file (${(e as Error).message})`);
    }
  }
  return bytes;
}

/** 'path/to/iris.csv.gz' -> 'iris', 'path/to/faces/' -> 'faces'. */
function datasetName(path: string): string {
  const base = basename(path.replace(/[\\/]+$/, ''));
  return base.replace(/\.csv(\.gz)?$/i, '') || base || path;
}
