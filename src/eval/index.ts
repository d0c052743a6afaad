// Evaluation: sample-quality and memorization metrics, reference generators (the rows a GAN must beat),
// the FCD classifier, and evaluateSamples, which runs the metrics that fit a data set. Browser-safe.
export * from './metrics/index.js';
export * from './baselines/index.js';
export * from './fcd/index.js';
export { evaluateSamples } from './evaluate.js';
export type { EvaluationReport } from './evaluate.js';
export * from './classifiers/index.js';
export * from './utility/index.js';
export { runEvaluationInput } from './runInput.js';
