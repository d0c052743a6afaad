/** Axis tick positions at "nice" steps (1, 2 or 5 times a power of ten) and their labels. */

/** Ticks k * step inside [lo, hi], with the step chosen so that there are about `target` intervals. */
export function niceTicks(lo: number, hi: number, target: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  // The nice step nearest to the raw one on a log scale (thresholds are geometric midpoints).
  const step = (norm < Math.SQRT2 ? 1 : norm < Math.sqrt(10) ? 2 : norm < Math.sqrt(50) ? 5 : 10) * mag;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  // k * step, not repeated addition, so that no rounding error accumulates.
  for (let k = first; k <= last; k++) ticks.push(k * step);
  return ticks;
}

/**
 * Labels for evenly spaced ticks, all with the precision their spacing needs: "0.25", "1500",
 * or exponent form "2e-4", "1.5e5" when the spacing is below 1e-3 or a magnitude at least 1e5.
 */
export function formatTicks(ticks: readonly number[]): string[] {
  if (ticks.length === 0) return [];
  let maxAbs = 0;
  for (const t of ticks) maxAbs = Math.max(maxAbs, Math.abs(t));
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : maxAbs || 1;
  const stepExp = Math.floor(Math.log10(step) + 1e-9);
  // Exponent form once labels would need more than 3 decimals or 6 digits.
  const exponential = maxAbs >= 1e5 || stepExp < -3;
  return ticks.map((t) => {
    if (Math.abs(t) < step * 1e-6) return '0';
    if (!exponential) return t.toFixed(Math.max(0, -stepExp));
    const digits = Math.max(0, Math.floor(Math.log10(Math.abs(t)) + 1e-9) - stepExp);
    return t.toExponential(Math.min(digits, 20)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  });
}

/** A short label for one value, e.g. a legend's last loss: 3 significant digits, exponent form outside [0.01, 1e5). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-2) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}
