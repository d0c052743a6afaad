/** What FCD needs of a frozen classifier: its penultimate features and its predicted classes. Browser-safe. */
export interface FeatureClassifier {
  /** Columns of an input row. */
  readonly inputDim: number;
  /** Width of the feature layer. */
  readonly featureDim: number;
  readonly numClasses: number;
  /** x: [n, inputDim] → features [n, featureDim]. */
  features(x: Float64Array): Float64Array;
  /** x: [n, inputDim] → [n] predicted classes. */
  classes(x: Float64Array): Int32Array;
}

/** logits [n, classes] row-major → [n] argmax of each row (the lowest class on ties). */
export function argmaxRows(logits: ArrayLike<number>, classes: number): Int32Array {
  const n = logits.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[o + c]! > logits[o + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** Fraction of predicted [n] equal to labels [n]; `who` names the caller in the error. */
export function accuracyOf(predicted: Int32Array, labels: Int32Array, who: string): number {
  if (labels.length !== predicted.length) throw new Error(`${who}.accuracy: ${labels.length} labels for ${predicted.length} rows`);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}
