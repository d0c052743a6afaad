/**
 * FCD, the Fréchet classifier distance on digits: the FID formula (Heusel et al. 2017)
 *   ‖μ_g − μ_r‖² + Tr(C_g) + Tr(C_r) − 2 Tr((C_g C_r)^{1/2})
 * on the 64-d penultimate activations of the project's frozen digit classifier (classifier.ts) instead
 * of Inception's pool3 features. Like FID it is biased upwards at small sample sizes, so compare values
 * only at equal sample counts (and report the real-vs-real value at that count as the floor).
 * Browser-safe.
 */
import { meanCovariance } from '../metrics/covariance.js';
import { frechetDistance } from '../metrics/frechet.js';
import type { DigitClassifier } from './classifier.js';
import { DIGIT_FEATURES, DIGIT_PIXELS } from './classifier.js';

/** Mean and covariance of a set's features, to reuse a reference set across many comparisons. */
export interface FeatureStats {
  /** [64]. */
  mean: Float64Array;
  /** [64, 64] row-major, unbiased (divisor count − 1). */
  cov: Float64Array;
  /** Rows they were computed from. */
  count: number;
}

/** x: [n, 64] digits with n ≥ 2 → mean and covariance of their classifier features. */
export function digitFeatureStats(classifier: DigitClassifier, x: Float64Array): FeatureStats {
  const features = classifier.features(x);
  const count = x.length / DIGIT_PIXELS;
  if (count < 2) throw new Error(`digitFeatureStats: need at least 2 rows for a covariance, got ${count}`);
  const { mean, cov } = meanCovariance({ data: features, rows: count, cols: DIGIT_FEATURES });
  return { mean, cov, count };
}

/**
 * generated: [g, 64], reference: [r, 64] digits (or the reference's precomputed stats), g, r ≥ 2.
 * 0 for identical sets; grows as the feature distributions differ.
 */
export function fcd(classifier: DigitClassifier, generated: Float64Array, reference: Float64Array | FeatureStats): number {
  const g = digitFeatureStats(classifier, generated);
  const r = reference instanceof Float64Array ? digitFeatureStats(classifier, reference) : reference;
  return frechetDistance(g.mean, g.cov, r.mean, r.cov, DIGIT_FEATURES);
}
