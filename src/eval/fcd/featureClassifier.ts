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
