/**
 * Arithmetic on numbers stored as their logarithms (−Infinity stands for 0), and log erfc accurate far
 * into the tail, for the Rényi-DP sums of the sampled Gaussian mechanism, whose terms span hundreds of
 * orders of magnitude. Browser-safe.
 */

/** log(e^a + e^b), computed as max + log1p(e^(min − max)) so that neither exponential overflows. */
export function logAdd(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === -Infinity) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/** log(e^a − e^b) for a ≥ b, as b + log(expm1(a − b)); throws when a < b (the difference would be negative). */
export function logSub(a: number, b: number): number {
  if (a < b) throw new Error(`logSub: the first term (log ${a}) must be at least the second (log ${b})`);
  if (b === -Infinity) return a;
  if (a === b) return -Infinity;
  const d = a - b;
  // For large d, expm1(d) overflows while log(expm1(d)) = d + log1p(−e^(−d)) does not.
  return d > 700 ? a + Math.log1p(-Math.exp(-d)) : b + Math.log(Math.expm1(d));
}

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

/**
 * log erfc(x) for any finite x. For x < 2: erf by its all-positive series
 * erf x = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), then log(1 − erf x) (x ≥ 0) or log(1 + erf|x|) (x < 0).
 * For x ≥ 2: Laplace's continued fraction erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
 * evaluated from depth 120 backwards, so log erfc x = −x² − log √π − log(fraction) never underflows.
 */
export function logErfc(x: number): number {
  if (!Number.isFinite(x)) throw new Error(`logErfc: x must be finite, got ${x}`);
  const ax = Math.abs(x);
  if (ax < 2 || x < 0) {
    if (ax >= 6) return Math.log(2) + Math.log1p(-Math.exp(logErfc(ax)) / 2); // erfc(x) = 2 − erfc(|x|), x ≤ −6
    const erf = erfSeries(ax);
    return x >= 0 ? Math.log1p(-erf) : Math.log1p(erf);
  }
  let tail = x;
  for (let n = 120; n >= 1; n--) tail = x + n / 2 / tail;
  return -x * x - LOG_SQRT_PI - Math.log(tail);
}

/** erf(x) for 0 ≤ x < 6 by the series above (terms shrink once 2x² < 2n + 3). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let total = x;
  for (let n = 0; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 3);
    total += term;
    if (term < total * 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * total;
}
