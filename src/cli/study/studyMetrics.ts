/**
 * The numbers of one study cell, measured the same way for GAN samples and for reference rows:
 * evaluateSamples against the held-out split (with PacGAN's mode metrics on mixtures), plus on the
 * sets with a committed classifier (digits; mnist and fashion: FCD28) the FCD, the class histogram and
 * density/coverage in the classifier's features.
 */
import { type EvaluationReport, evaluateSamples } from '../../eval/evaluate.js';
import type { FeatureClassifier } from '../../eval/fcd/featureClassifier.js';
import { type FeatureStats, digitFeatureStats, fcd } from '../../eval/fcd/fcd.js';
import { classHistogram, klToUniform } from '../../eval/metrics/classHistogram.js';
import { densityCoverage } from '../../eval/metrics/densityCoverage.js';
import type { StudyData } from './studyData.js';

/** Seed of metric subsampling and sliced-Wasserstein directions (as `lrgan train`'s EVAL_SEED). */
export const METRIC_SEED = 2024;

/** One cell's metrics; null where a metric does not apply or is undefined (e.g. reverse KL without a high-quality sample). */
export interface CellMetrics {
  /** Mixtures: modes covered of `modes`, the high-quality fraction (within 3σ) and reverse KL (nats). */
  modes: number | null;
  modesCovered: number | null;
  highQuality: number | null;
  reverseKL: number | null;
  /** Sets with a classifier: FCD against the held-out split, classes the classifier finds (of 10), KL(class histogram ‖ uniform). */
  fcd: number | null;
  classesCovered: number | null;
  classKL: number | null;
  classCounts: number[] | null;
  /** Against the held-out split, equal-size sets (k = 5 / k = 3). */
  density: number | null;
  coverage: number | null;
  precision: number | null;
  recall: number | null;
  mmd2: number | null;
  oneNNAccuracy: number | null;
  /** Memorization: NN ratio (≈ 1 generalizes, → 0 copies) and the share of samples that look copied. */
  nnRatio: number | null;
  copyFraction: number | null;
  /**
   * Sets with a classifier: density/coverage (k = 5) in its penultimate features against as many held-out rows as
   * samples; absent in cells stored before it was measured.
   */
  featureDensity?: number | null;
  featureCoverage?: number | null;
}

/** The classifier side of a study of digits, mnist or fashion: the frozen classifier and the held-out split's features. */
export interface StudyJudge {
  classifier: FeatureClassifier;
  heldOutStats: FeatureStats;
  /** [heldOut, featureDim]. */
  heldOutFeatures: Float64Array;
}

export function studyJudge(classifier: FeatureClassifier, data: StudyData): StudyJudge {
  return { classifier, heldOutStats: digitFeatureStats(classifier, data.heldOut.x), heldOutFeatures: classifier.features(data.heldOut.x) };
}

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

/** samples: [data.samples, dim] in data space. Returns the metrics and evaluateSamples' full report. */
export function measureSamples(samples: Float64Array, data: StudyData, judge: StudyJudge | null): { metrics: CellMetrics; report: EvaluationReport } {
  const dim = data.train.dim;
  const rows = samples.length / dim;
  const report = evaluateSamples({
    generated: { data: samples, rows, cols: dim },
    train: { data: data.train.x, rows: data.train.n, cols: dim },
    heldOut: { data: data.heldOut.x, rows: data.heldOut.n, cols: dim },
    ...(data.modes !== undefined ? { modes: data.modes } : {}),
    seed: METRIC_SEED,
    maxGenerated: rows,
  });
  const q = report.quality;
  const m = report.modes;
  const metrics: CellMetrics = {
    modes: m?.modes ?? null,
    modesCovered: m?.modesCovered ?? null,
    highQuality: finite(m?.highQualityFraction),
    reverseKL: finite(m?.reverseKL),
    fcd: null,
    classesCovered: null,
    classKL: null,
    classCounts: null,
    density: finite(q.density),
    coverage: finite(q.coverage),
    precision: finite(q.precision),
    recall: finite(q.recall),
    mmd2: finite(q.mmd2),
    oneNNAccuracy: finite(q.oneNNAccuracy),
    nnRatio: finite(report.memorization.nnRatio),
    copyFraction: finite(report.memorization.copyFraction),
  };
  if (judge !== null) {
    const { classifier } = judge;
    const counts = classHistogram(classifier.classes(samples), classifier.numClasses);
    metrics.fcd = finite(fcd(classifier, samples, judge.heldOutStats));
    // Equal-size sets, the first rows of each, as evaluateSamples' pixel-space density/coverage.
    const same = Math.min(rows, data.heldOut.n);
    const f = classifier.featureDim;
    const real = { data: judge.heldOutFeatures.subarray(0, same * f), rows: same, cols: f };
    const fake = { data: classifier.features(samples).subarray(0, same * f), rows: same, cols: f };
    let dc = { density: NaN, coverage: NaN };
    try {
      dc = densityCoverage(real, fake, { k: 5 });
    } catch {
      // Too few rows for the 5th neighbour: no value, as evaluateSamples leaves one.
    }
    metrics.featureDensity = finite(dc.density);
    metrics.featureCoverage = finite(dc.coverage);
    metrics.classCounts = Array.from(counts);
    metrics.classesCovered = metrics.classCounts.filter((c) => c > 0).length;
    metrics.classKL = finite(klToUniform(counts));
  }
  return { metrics, report };
}
