/** Class histograms of generated samples and their divergence from the uniform class distribution. */

/** Counts per class: labels[i] ∈ [0, numClasses) -> counts: [numClasses]. */
export function classHistogram(labels: Int32Array, numClasses: number): Int32Array {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`classHistogram: numClasses must be a positive integer, got ${numClasses}`);
  }
  if (!(labels instanceof Int32Array)) throw new Error('classHistogram: labels must be an Int32Array');
  const counts = new Int32Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (c < 0 || c >= numClasses) throw new Error(`classHistogram: labels[${i}] = ${c} is outside [0, ${numClasses})`);
    counts[c]!++;
  }
  return counts;
}

/**
 * KL(q ‖ uniform) = Σ_{c: q_c > 0} q_c log(q_c · K) in nats, where q = hist / Σ hist and K = hist.length.
 * Empty bins contribute 0 (the limit of q log q), so the value lies in [0, log K]: 0 when every class is
 * equally frequent, log K when all mass sits in one class. hist: counts or probabilities, non-negative.
 */
export function klToUniform(hist: ArrayLike<number>): number {
  const K = hist.length;
  if (K === 0) throw new Error('klToUniform: histogram has no bins');
  let total = 0;
  for (let c = 0; c < K; c++) {
    const h = hist[c]!;
    if (!(h >= 0) || h === Infinity) throw new Error(`klToUniform: bin ${c} is ${h}, expected a finite value >= 0`);
    total += h;
  }
  if (total === 0) throw new Error('klToUniform: histogram is empty (all bins are 0)');
  let kl = 0;
  for (let c = 0; c < K; c++) {
    const q = hist[c]! / total;
    if (q > 0) kl += q * Math.log(q * K);
  }
  return kl;
}
