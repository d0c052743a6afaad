// Training data: the Dataset record, built-in sets, few-shot splits and scaling. Browser-safe.
export type { Dataset, ImageShape, MixtureModes } from './dataset.js';
export { checkDataset, selectExamples } from './dataset.js';
export { selectClasses } from './selectClasses.js';
export type { CsvOptions, CsvTable } from './csv.js';
export { parseCsv } from './csv.js';
export { gaussianMixture2d, grid25, grid25Centers, ring8, ring8Centers } from './mixtures.js';
export { parseDigits } from './digits.js';
export type { FewShotOptions, FewShotSplit } from './split.js';
export { DEFAULT_HELD_OUT, fewShotSplit } from './split.js';
export type { ScalerJSON, ScalerKind, ScalerOptions } from './scaler.js';
export { Scaler, fitScaler } from './scaler.js';
export type { IdxArray, IdxDatasetOptions } from './idx.js';
export { FASHION_LABELS, MNIST_LABELS, idxImageDataset, parseIdx } from './idx.js';
export { shortestFloat32 } from './shortestFloat32.js';
