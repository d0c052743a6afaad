/**
 * Two-sample Kolmogorov–Smirnov statistic: D = sup_t |F(t) − G(t)|, F and G the empirical CDFs of u
 * and v (0 = the same sample distribution, 1 = no overlap). Ties across the samples are stepped over
 * together, as scipy.stats.ks_2samp does.
 */

/** u: [n], v: [m], any order, non-empty, finite (a NaN has no place in a CDF). */
export function ksStatistic(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const n = u.length, m = v.length;
  if (n === 0 || m === 0) throw new Error(`ksStatistic: both samples must be non-empty, got ${n} and ${m} values`);
  const a = Float64Array.from(u).sort();
  const b = Float64Array.from(v).sort();
  for (const [name, x] of [['u', a], ['v', b]] as const) {
    // Sorted: non-finite values (NaN last, ±Infinity at the ends) show at the two ends.
    if (!Number.isFinite(x[0]!) || !Number.isFinite(x[x.length - 1]!)) {
      throw new Error(`ksStatistic: ${name} must hold finite numbers, got ${[...x].find((t) => !Number.isFinite(t))}`);
    }
  }
  let i = 0, j = 0, d = 0;
  while (i < n && j < m) {
    const t = Math.min(a[i]!, b[j]!);
    while (i < n && a[i] === t) i++;
    while (j < m && b[j] === t) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}
