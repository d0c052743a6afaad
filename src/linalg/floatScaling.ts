/** Helpers that keep float64 linear algebra accurate for entries near the ends of the exponent range. */

/** x·2^e, exact whenever the result is a normal number; split in two factors so that 2^e itself cannot overflow. */
export function timesPow2(x: number, e: number): number {
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}

/** The exponent e that brings the largest |x| to about 1 when multiplied by 2^-e (0 for 0). */
export function exponentOf(maxAbs: number): number {
  return maxAbs > 0 ? Math.round(Math.log2(maxAbs)) : 0;
}

/** Euclidean norm of x[offset .. offset + len) without overflow or underflow in the squares. */
export function norm2(x: Float64Array, offset: number, len: number): number {
  let big = 0;
  for (let i = 0; i < len; i++) big = Math.max(big, Math.abs(x[offset + i]!));
  if (big === 0) return 0;
  const e = exponentOf(big);
  let acc = 0;
  for (let i = 0; i < len; i++) {
    const v = timesPow2(x[offset + i]!, -e);
    acc += v * v;
  }
  return timesPow2(Math.sqrt(acc), e);
}
