/**
 * The training-data record every GAN component consumes, and its validation.
 * Browser-safe: typed arrays only.
 */
import type { TableLayout } from './tableLayout.js';

/**
 * Shape of one image example. Pixels are stored channels last ('hwc': row-major pixels, their channels
 * adjacent), the layout augment.ts indexes; pass layout 'hwc' to readImageFolder and imageGrid.
 */
export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** Known mixture components (generated 2-D data sets), for mode-collapse metrics. */
export interface MixtureModes {
  /** [K, dim] component centers, row-major. */
  centers: Float64Array;
  /** Standard deviation of every component, per coordinate. */
  sigma: number;
}

export interface Dataset {
  /** Short name used in messages and checkpoints, e.g. "digits", "ring8", "iris". */
  name: string;
  /** [n, dim] examples, row-major. */
  x: Float64Array;
  n: number;
  dim: number;
  /** [n] class index of each example in 0..numClasses-1, or null for unlabeled data. */
  labels: Int32Array | null;
  /** Number of classes; 0 when labels is null. */
  numClasses: number;
  /** [numClasses] text of each class index (e.g. CSV label values), when known. */
  labelNames?: string[];
  /** Set for image data: dim = channels * height * width. */
  image?: ImageShape;
  /** Set for generated mixtures: the true component centers. */
  modes?: MixtureModes;
  /** Conversions made while loading that the user should be told about (e.g. gray images promoted to RGB). */
  notes?: string[];
  /** Names of the file's feature columns, when it named them (a CSV header): [dim], or [layout.fields] with categorical columns. */
  columns?: string[];
  /** Tables with categorical columns: where each file column sits in x (a one-hot block per categorical column). */
  layout?: TableLayout;
  /** Where the file held the class labels: the column's name and 0-based position in a row. */
  labelColumn?: { name: string; index: number };
  /** x · fileScale are the values as the file writes them (digits: 16, its pixels are 0..16); default 1. */
  fileScale?: number;
}

/**
 * Throws a clear Error when `ds` is inconsistent: n or dim not a positive integer, x of the wrong
 * length, a NaN/±Infinity entry ("checkDataset: digits row 4 has NaN (column 17)", 0-based),
 * labels of the wrong length or out of 0..numClasses-1, an image shape that does not multiply to
 * dim, or modes that are not [K, dim] with sigma > 0. Returns `ds` for chaining.
 */
export function checkDataset(ds: Dataset): Dataset {
  const fn = 'checkDataset';
  if (typeof ds.name !== 'string' || ds.name === '') throw new Error(`${fn}: name must be a non-empty string, got ${JSON.stringify(ds.name)}`);
  const where = `${fn}: ${ds.name}`;
  const { n, dim, x } = ds;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${where} has n = ${n}; expected at least one example`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${where} has dim = ${dim}; expected at least one feature per example`);
  if (!(x instanceof Float64Array)) throw new Error(`${where}: x must be a Float64Array`);
  if (x.length !== n * dim) throw new Error(`${where}: x has ${x.length} entries but [n, dim] = [${n}, ${dim}] needs ${n * dim}`);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) {
      // v - v is NaN exactly for NaN and ±Infinity: one cheap test in the common case.
      const what = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      throw new Error(`${where} row ${Math.floor(i / dim)} has ${what} (column ${i % dim})`);
    }
  }
  checkLabels(ds, where);
  if (ds.image !== undefined) {
    const { height, width, channels } = ds.image;
    if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1 || (channels !== 1 && channels !== 3)) {
      throw new Error(`${where}: image must have positive integer height and width and 1 or 3 channels, got ${height}x${width}x${channels}`);
    }
    if (height * width * channels !== dim) {
      throw new Error(`${where}: image ${height}x${width}x${channels} has ${height * width * channels} values but dim is ${dim}`);
    }
  }
  if (ds.modes !== undefined) {
    const { centers, sigma } = ds.modes;
    if (!(centers instanceof Float64Array) || centers.length === 0 || centers.length % dim !== 0) {
      throw new Error(`${where}: modes.centers must be a non-empty Float64Array of [K, ${dim}], got ${centers?.length} entries`);
    }
    if (!centers.every(Number.isFinite)) throw new Error(`${where}: modes.centers has a non-finite entry`);
    if (!(sigma > 0) || sigma === Infinity) throw new Error(`${where}: modes.sigma must be a finite number > 0, got ${sigma}`);
  }
  return ds;
}

function checkLabels(ds: Dataset, where: string): void {
  const { labels, numClasses, n } = ds;
  if (labels === null) {
    if (numClasses !== 0) throw new Error(`${where} has no labels but numClasses = ${numClasses}; expected 0`);
    return;
  }
  if (!(labels instanceof Int32Array)) throw new Error(`${where}: labels must be an Int32Array or null`);
  if (labels.length !== n) throw new Error(`${where} has ${labels.length} labels for ${n} examples`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new Error(`${where} has labels but numClasses = ${numClasses}; expected at least 1`);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c < 0 || c >= numClasses) throw new Error(`${where} row ${i} has label ${c}, outside 0..${numClasses - 1}`);
  }
  if (ds.labelNames !== undefined && ds.labelNames.length !== numClasses) {
    throw new Error(`${where} has ${ds.labelNames.length} labelNames for ${numClasses} classes`);
  }
}

/**
 * The examples at `indices` (any order, repeats allowed) as a new Dataset with everything else of ds
 * (name, classes, image shape, modes, columns, table layout). indices: [m] into 0..ds.n-1.
 */
export function selectExamples(ds: Dataset, indices: Int32Array): Dataset {
  const { dim, x, labels } = ds;
  const m = indices.length;
  const out = new Float64Array(m * dim);
  const outLabels = labels === null ? null : new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const i = indices[r]!;
    if (!(i >= 0 && i < ds.n)) throw new Error(`selectExamples: index ${i} at position ${r} is outside 0..${ds.n - 1} of ${ds.name}`);
    out.set(x.subarray(i * dim, (i + 1) * dim), r * dim);
    if (outLabels !== null) outLabels[r] = labels![i]!;
  }
  return { ...ds, x: out, n: m, labels: outLabels };
}
