import type { FloatArray } from './tensor.js';

/**
 * gemm without packing, for products too small or too thin (matrix·vector) to repay it.
 * Works on strided views, so a transpose is only a choice of strides:
 *   X(i,p) = x[xo + i·xi + p·xp],  Y(p,j) = y[yo + p·yp + j·yj],  Z(i,j) = z[zo + i·zi + j·zj].
 * Since Cᵀ = op(B)ᵀ·op(A)ᵀ, the longer of m and n is walked 4 rows at a time, so each
 * Y(p,j) load feeds 4 float64 sums. Requires one storage type for a, b and c (gemm checks).
 */
export function gemmSmall(transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: FloatArray, aOffset: number, b: FloatArray, bOffset: number,
  c: FloatArray, cOffset: number, accumulate: boolean): void {
  // op(A)(i,p) = a[aOffset + i·ai + p·ap], op(B)(p,j) = b[bOffset + p·bp + j·bj], C(i,j) = c[cOffset + i·n + j].
  const ai = transA ? 1 : k, ap = transA ? m : 1;
  const bp = transB ? 1 : n, bj = transB ? k : 1;
  // Z = C with X = op(A), Y = op(B); or Z = Cᵀ with X = op(B)ᵀ, Y = op(A)ᵀ when n is the longer side.
  let rows = m, cols = n, x = a, xo = aOffset, xi = ai, xp = ap, y = b, yo = bOffset, yp = bp, yj = bj, zi = n, zj = 1;
  if (n > m) {
    rows = n; cols = m; x = b; xo = bOffset; xi = bj; xp = bp; y = a; yo = aOffset; yp = ap; yj = ai; zi = 1; zj = n;
  }
  // One output column whose X rows are adjacent in memory (a vector·matrix product such as the weight gradient
  // of a one-channel conv): walking X row p by row p streams it once instead of once per 4 outputs.
  if (cols === 1 && xi === 1 && xp !== 1) {
    if (x instanceof Float32Array && y instanceof Float32Array && c instanceof Float32Array) columnF32(rows, k, x, xo, xp, y, yo, yp, c, cOffset, zi, accumulate);
    else if (x instanceof Float64Array && y instanceof Float64Array && c instanceof Float64Array) columnF64(rows, k, x, xo, xp, y, yo, yp, c, cOffset, zi, accumulate);
    else throw new Error('gemmSmall: a, b and c must share one storage type');
    return;
  }
  if (x instanceof Float32Array && y instanceof Float32Array && c instanceof Float32Array) {
    rows4F32(rows, cols, k, x, xo, xi, xp, y, yo, yp, yj, c, cOffset, zi, zj, accumulate);
  } else if (x instanceof Float64Array && y instanceof Float64Array && c instanceof Float64Array) {
    rows4F64(rows, cols, k, x, xo, xi, xp, y, yo, yp, yj, c, cOffset, zi, zj, accumulate);
  } else {
    throw new Error('gemmSmall: a, b and c must share one storage type');
  }
}

/**
 * Z[rows, cols] (+)= X[rows, k]·Y[k, cols] on strided views, in 4×1 register tiles.
 * A short last tile clamps its rows to the last row, so it recomputes that row and writes
 * the same value up to 4 times (all old values are read before any write).
 *
 * Branch-free and written once per storage type on purpose: V8 keeps on-stack-replacement
 * code for a hot loop and re-enters it after a deopt, so an operation it compiled without
 * type feedback (a path or dtype first seen later) deopts on every call; and a shared body
 * turns polymorphic, measured ~40% slower, once float32 and float64 both pass.
 */
function rows4F32(rows: number, cols: number, k: number,
  x: Float32Array, xo: number, xi: number, xp: number, y: Float32Array, yo: number, yp: number, yj: number,
  z: Float32Array, zo: number, zi: number, zj: number, accumulate: boolean): void {
  const last = rows - 1;
  for (let j = 0; j < cols; j++) {
    const yCol = yo + j * yj, zCol = zo + j * zj;
    for (let i = 0; i < rows; i += 4) {
      const r1 = Math.min(i + 1, last), r2 = Math.min(i + 2, last), r3 = Math.min(i + 3, last);
      const x0 = xo + i * xi, x1 = xo + r1 * xi, x2 = xo + r2 * xi, x3 = xo + r3 * xi;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const v = y[yCol + p * yp], q = p * xp;
        s0 += x[x0 + q] * v; s1 += x[x1 + q] * v; s2 += x[x2 + q] * v; s3 += x[x3 + q] * v;
      }
      const z0 = zCol + i * zi, z1 = zCol + r1 * zi, z2 = zCol + r2 * zi, z3 = zCol + r3 * zi;
      const t0 = z[z0] + s0, t1 = z[z1] + s1, t2 = z[z2] + s2, t3 = z[z3] + s3;
      z[z0] = accumulate ? t0 : s0; z[z1] = accumulate ? t1 : s1;
      z[z2] = accumulate ? t2 : s2; z[z3] = accumulate ? t3 : s3;
    }
  }
}

function rows4F64(rows: number, cols: number, k: number,
  x: Float64Array, xo: number, xi: number, xp: number, y: Float64Array, yo: number, yp: number, yj: number,
  z: Float64Array, zo: number, zi: number, zj: number, accumulate: boolean): void {
  const last = rows - 1;
  for (let j = 0; j < cols; j++) {
    const yCol = yo + j * yj, zCol = zo + j * zj;
    for (let i = 0; i < rows; i += 4) {
      const r1 = Math.min(i + 1, last), r2 = Math.min(i + 2, last), r3 = Math.min(i + 3, last);
      const x0 = xo + i * xi, x1 = xo + r1 * xi, x2 = xo + r2 * xi, x3 = xo + r3 * xi;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const v = y[yCol + p * yp], q = p * xp;
        s0 += x[x0 + q] * v; s1 += x[x1 + q] * v; s2 += x[x2 + q] * v; s3 += x[x3 + q] * v;
      }
      const z0 = zCol + i * zi, z1 = zCol + r1 * zi, z2 = zCol + r2 * zi, z3 = zCol + r3 * zi;
      const t0 = z[z0] + s0, t1 = z[z1] + s1, t2 = z[z2] + s2, t3 = z[z3] + s3;
      z[z0] = accumulate ? t0 : s0; z[z1] = accumulate ? t1 : s1;
      z[z2] = accumulate ? t2 : s2; z[z3] = accumulate ? t3 : s3;
    }
  }
}

/**
 * Z[rows, 1] (+)= X[rows, k]·Y[k, 1] with X(i, p) = x[xo + i + p·xp]: each output's float64 sum runs over p in
 * the order rows4 uses, so the bytes are the same, but X is read row by row.
 */
function columnF32(rows: number, k: number, x: Float32Array, xo: number, xp: number, y: Float32Array, yo: number, yp: number,
  z: Float32Array, zo: number, zi: number, accumulate: boolean): void {
  const s = new Float64Array(rows);
  for (let p = 0; p < k; p++) {
    const v = y[yo + p * yp]!, from = xo + p * xp;
    for (let i = 0; i < rows; i++) s[i] += x[from + i]! * v;
  }
  for (let i = 0; i < rows; i++) z[zo + i * zi] = accumulate ? z[zo + i * zi]! + s[i]! : s[i]!;
}

function columnF64(rows: number, k: number, x: Float64Array, xo: number, xp: number, y: Float64Array, yo: number, yp: number,
  z: Float64Array, zo: number, zi: number, accumulate: boolean): void {
  const s = new Float64Array(rows);
  for (let p = 0; p < k; p++) {
    const v = y[yo + p * yp]!, from = xo + p * xp;
    for (let i = 0; i < rows; i++) s[i] += x[from + i]! * v;
  }
  for (let i = 0; i < rows; i++) z[zo + i * zi] = accumulate ? z[zo + i * zi]! + s[i]! : s[i]!;
}

/**
 * Runs both kernels a few times at load so that every operation in them has type feedback
 * before V8 may compile their loops mid-call (on-stack replacement) during a caller's first,
 * large product; a site without feedback would deopt on every later call. Takes microseconds.
 */
function primeTypeFeedback(): void {
  for (const a of [new Float32Array(15), new Float64Array(15)]) {
    for (let r = 0; r < 3; r++) {
      gemmSmall(false, true, 5, 2, 3, a, 0, a, 0, a.slice(), 0, r > 0);
      gemmSmall(true, false, 1, 3, 4, a, 0, a, 0, a.slice(), 0, r > 0);
    }
  }
}
primeTypeFeedback();
