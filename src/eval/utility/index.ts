// Utility of synthetic rows: TRTR, TSTR and augmentation accuracy with the engine's classifiers. Browser-safe.
export type { ClassifierUtility, LabelledRows, MeanSd, UtilityInput } from './utility.js';
export { meanSd, utilityFigures } from './utility.js';
