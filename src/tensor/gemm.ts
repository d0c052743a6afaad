// PLACEHOLDER (lead engineer): naive reference so the rest compiles; the kernel owner replaces this whole file.
export type FloatArray = Float32Array | Float64Array;
export function gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: FloatArray, aOffset: number, b: FloatArray, bOffset: number,
  c: FloatArray, cOffset: number, accumulate: boolean): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = accumulate ? c[cOffset + i * n + j]! : 0;
    for (let p = 0; p < k; p++) s += a[aOffset + (transA ? p * m + i : i * k + p)]! * b[bOffset + (transB ? j * k + p : p * n + j)]!;
    c[cOffset + i * n + j] = s;
  }
}
