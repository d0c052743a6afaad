// Classifiers trained in the engine on row matrices with integer labels (utility of synthetic data). Browser-safe.
export type { ClassifierKind, ClassifierOptions, TrainedClassifier } from './rowClassifier.js';
export { trainClassifier } from './rowClassifier.js';
