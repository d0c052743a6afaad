/**
 * The data side of a run: which data set, how many training examples, which seed. Stored in the
 * checkpoint (extra.run) so `sample` and `eval` rebuild the very same split and scaling.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { type FewShotSplit, fewShotSplit } from '../data/split.js';
import { type ColumnScaler, type Normalization, fitColumnScaler } from '../data/columnScaler.js';
import { oneHotColumns } from '../data/tableLayout.js';
import { selectClasses } from '../data/selectClasses.js';
import { imageStudyPool, isPooledImageSet } from '../eval/fcd/imagePools.js';
import { BUILT_IN_DATASETS, type LoadDataOptions, loadDataset } from '../node/loadData.js';
import type { ImageSize } from '../image/resize.js';
import { Tensor } from '../tensor/tensor.js';

export interface RunSpec {
  /** A built-in name or an absolute path (relative paths are resolved when the run starts). */
  data: string;
  n: number;
  seed: number;
  labelColumn?: number | string;
  /** Held-out examples; absent: fewShotSplit's default. */
  heldOut?: number;
  /** Only these classes (label indices), renumbered 0..k−1; absent: all (see selectClasses). */
  classes?: number[];
  /** CSV: feature columns read as categories (one-hot encoded), besides those holding only text. */
  categorical?: (number | string)[];
  /** Tables: how each number column is mapped onto [−1, 1]; absent: 'minmax'. */
  normalize?: Normalization;
  /** PNG folders: the size every image is resized to (--image-size); absent: the images' own. */
  imageSize?: ImageSize;
}

export interface PreparedData {
  spec: RunSpec;
  dataset: Dataset;
  split: FewShotSplit;
  scaler: ColumnScaler;
  /** [n, dim] training examples in the model's range, float32. */
  scaled: Tensor;
}

/** Built-in names stay as they are; paths become absolute so a checkpoint works from any directory. */
export function normalizeDataSpec(data: string): string {
  if ((BUILT_IN_DATASETS as readonly string[]).includes(data)) return data;
  return isAbsolute(data) ? data : resolve(data);
}

/** '-1' or '3' → a column index; anything else → a header name. */
export function parseLabelColumn(text: string): number | string {
  return /^[+-]?\d+$/.test(text) ? Number(text) : text;
}

/**
 * Loads the data set, draws the few-shot split and fits the scaler on the training examples
 * (images: one min/max over all pixels; tables: per column, min-max or quantile; one-hot blocks stay
 * 0/1), onto [-1, 1], the range of tanh.
 * The built-in mnist and fashion are first cut to their study pool (imagePools.ts).
 * `scaler` (a checkpoint's) replaces the fit.
 */
export function prepareData(spec: RunSpec, scaler?: ColumnScaler): PreparedData {
  const loadOpts: LoadDataOptions = { seed: spec.seed, n: spec.n };
  if (spec.labelColumn !== undefined) loadOpts.labelColumn = spec.labelColumn;
  if (spec.categorical !== undefined) loadOpts.categorical = spec.categorical;
  if (spec.imageSize !== undefined) loadOpts.imageSize = spec.imageSize;
  const file = loadDataset(spec.data, loadOpts);
  // The built-in mnist/fashion: splits come from the study pool, disjoint from the FCD28 classifier's images.
  const loaded = isPooledImageSet(spec.data) ? imageStudyPool(file) : file;
  const dataset = spec.classes === undefined ? loaded : selectClasses(loaded, spec.classes);
  const splitOpts: { n: number; seed: number; heldOut?: number } = { n: spec.n, seed: spec.seed };
  if (spec.heldOut !== undefined) splitOpts.heldOut = spec.heldOut;
  const split = fewShotSplit(dataset, splitOpts);
  const train = split.train;
  if (spec.normalize === 'quantile' && dataset.image !== undefined) throw new Error(`prepareData: normalize 'quantile' is for tables; ${dataset.name} is images (use minmax)`);
  const fitted = scaler ?? fitColumnScaler(train.x, train.dim, { perColumn: dataset.image === undefined, oneHot: oneHotColumns(dataset.layout, dataset.dim), normalize: spec.normalize ?? 'minmax' });
  if (fitted.dim !== dataset.dim) {
    throw new Error(`prepareData: the stored scaler has ${fitted.dim} columns but ${dataset.name} has ${dataset.dim}`);
  }
  const scaled = new Tensor(Float32Array.from(fitted.transform(train.x)), [train.n, train.dim]);
  return { spec, dataset, split, scaler: fitted, scaled };
}

/** The model-space value of a black (0) pixel: what image augmentation fills uncovered pixels with. */
export function scaledZero(scaler: ColumnScaler): number {
  return scaler.transform(new Float64Array(scaler.dim))[0]!;
}
