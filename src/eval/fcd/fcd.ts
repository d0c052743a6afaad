/**
 * FCD, the Fréchet classifier distance on digits: the FID formula (Heusel et al. 2017)
 *   ‖μ_g − μ_r‖² + Tr(C_g) + Tr(C_r) − 2 Tr((C_g C_r)^{1/2})
 * on the penultimate activations of one of the project's frozen classifiers (classifier.ts for 8x8 digits,
 * imageClassifier.ts for mnist/fashion) instead of Inception's pool3 features. Like FID it is biased upwards at small sample sizes, so compare values
 * only at equal sample counts (and report the real-vs-real value at that count as the floor).
 * Browser-safe.
 */
import { meanCovariance } from '../metrics/covariance.js';
import { frechetDistance } from '../metrics/frechet.js';
import type { FeatureClassifier } from './featureClassifier.js';

/** Mean and covariance of a set's features, to reuse a reference set across many comparisons. */
export interface FeatureStats {
  /** [featureDim]. */
  mean: Float64Array;
  /** [featureDim, featureDim] row-major, unbiased (divisor count − 1). */
  cov: Float64Array;
  /** Rows they were computed from. */
  count: number;
}

/** x: [n, inputDim] with n ≥ 2 → mean and covariance of their classifier features. */
export function digitFeatureStats(classifier: FeatureClassifier, x: Float64Array): FeatureStats {
  const features = classifier.features(x);
  const count = x.length / classifier.inputDim;
  if (count < 2) throw new Error(`digitFeatureStats: need at least 2 rows for a covariance, got ${count}`);
  const { mean, cov } = meanCovariance({ data: features, rows: count, cols: classifier.featureDim });
  return { mean, cov, count };
}

/**
 * generated: [g, inputDim], reference: [r, inputDim] rows (or the reference's precomputed stats), g, r ≥ 2.
 * 0 for identical sets; grows as the feature distributions differ.
 */
export function fcd(classifier: FeatureClassifier, generated: Float64Array, reference: Float64Array | FeatureStats): number {
  const g = digitFeatureStats(classifier, generated);
  const r = reference instanceof Float64Array ? digitFeatureStats(classifier, reference) : reference;
  return frechetDistance(g.mean, g.cov, r.mean, r.cov, classifier.featureDim);
}
