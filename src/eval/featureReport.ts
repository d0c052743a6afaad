/**
 * The classifier side of a report on images a frozen FCD classifier knows (mnist, fashion): FCD of the
 * generated rows against held-out real rows, and the classes the classifier sees in the generated rows,
 * as the digits study measures them (src/cli/study/studyMetrics.ts). Browser-safe.
 */
import type { FeatureClassifier } from './fcd/featureClassifier.js';
import { fcd } from './fcd/fcd.js';
import { classHistogram, klToUniform } from './metrics/classHistogram.js';
import type { Matrix64 } from './metrics/matrix.js';

export interface FeatureJudge {
  /** Names the classifier in the report, e.g. 'fcd28-mnist'. */
  name: string;
  classifier: FeatureClassifier;
}

export interface FeatureReport {
  classifier: string;
  /** Fréchet distance of the penultimate features, generated vs held-out (lower is better; biased up at small counts). */
  fcd: number;
  /** FCD of the training rows vs the same held-out rows: what replaying the training set scores (null below 2 training rows). */
  trainFcd: number | null;
  /** [numClasses] generated rows per class the classifier predicts. */
  classCounts: number[];
  classesCovered: number;
  /** KL(class histogram ‖ uniform) in nats. */
  classKL: number;
}

/** generated: [g, d], train: [n, d], heldOut: [h, d] in data space (pixels in [0, 1]), generated and heldOut with ≥ 2 rows. */
export function featureReport(judge: FeatureJudge, generated: Matrix64, train: Matrix64, heldOut: Matrix64): FeatureReport {
  const { classifier } = judge;
  if (generated.cols !== classifier.inputDim) {
    throw new Error(`featureReport: ${judge.name} takes rows of ${classifier.inputDim} columns, the data has ${generated.cols}`);
  }
  const counts = classHistogram(classifier.classes(generated.data), classifier.numClasses);
  let covered = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > 0) covered++;
  return {
    classifier: judge.name,
    fcd: fcd(classifier, generated.data, heldOut.data),
    trainFcd: train.rows < 2 ? null : fcd(classifier, train.data, heldOut.data),
    classCounts: Array.from(counts),
    classesCovered: covered,
    classKL: klToUniform(counts),
  };
}
