/** Order statistics on Float64Array without a full sort. */

/**
 * Rearranges v[lo..hi] in place so that v[k] is the value a full ascending sort would put there,
 * with nothing larger before it and nothing smaller after it (Hoare quickselect, median-of-three pivot).
 * Returns v[k]. Expected O(hi − lo).
 */
export function selectKth(v: Float64Array, k: number, lo = 0, hi = v.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot keeps sorted and reverse-sorted inputs linear.
    const x = v[lo]!;
    const y = v[mid]!;
    const z = v[hi]!;
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const pivot = z < a ? a : z > b ? b : z;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i <= j) {
        const t = v[i]!;
        v[i] = v[j]!;
        v[j] = t;
        i++;
        j--;
      }
    }
    // Now v[lo..j] <= pivot <= v[i..hi] and anything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k]!;
  }
  return v[k]!;
}

/**
 * The two middle order statistics of v (equal for odd length): v sorted ascending would hold them at
 * indices ⌈n/2⌉−1 and ⌊n/2⌋. Reorders v in place. v must be non-empty.
 */
export function middlePair(v: Float64Array): { lower: number; upper: number } {
  const n = v.length;
  const hiMid = n >>> 1;
  const upper = selectKth(v, hiMid);
  if (n % 2 === 1) return { lower: upper, upper };
  // After selecting hiMid, the lower middle is the largest value in v[0..hiMid).
  let lower = -Infinity;
  for (let i = 0; i < hiMid; i++) if (v[i]! > lower) lower = v[i]!;
  return { lower, upper };
}

/** Median of v: the mean of the two middle values for even length, as numpy does. Reorders v in place. */
export function medianInPlace(v: Float64Array): number {
  const { lower, upper } = middlePair(v);
  return (lower + upper) / 2;
}
