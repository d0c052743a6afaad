/**
 * The shortest decimal text that reads back as the same float32: toPrecision(p) for the smallest p in
 * 1..9 with Math.fround(Number(text)) === v (9 significant digits always suffice for float32), then
 * normalized by Number → String ('1.50' → '1.5', '1.0e+2' → '100'). NaN and ±Infinity print as
 * String(v). v must already be a float32 value (e.g. read from a Float32Array).
 */
export function shortestFloat32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p < 9; p++) {
    const text = v.toPrecision(p);
    if (Math.fround(Number(text)) === v) return String(Number(text));
  }
  return String(Number(v.toPrecision(9)));
}
