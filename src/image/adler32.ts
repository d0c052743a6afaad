/** Adler-32 (RFC 1950): a = 1 + Σ bytes, b = Σ a, both mod 65521; result (b << 16) | a, unsigned. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = bytes.length;
  // 5552 is the largest run for which b cannot exceed 2^32 before the modulo (zlib's NMAX).
  for (let start = 0; start < n; start += 5552) {
    const end = Math.min(n, start + 5552);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
