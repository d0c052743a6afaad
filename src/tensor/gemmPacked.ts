/**
 * Blocked, packed matrix multiply (the GotoBLAS scheme, scaled to what V8 emits for scalar code).
 *
 * C[m,n] (+)= op(A)[m,k]·op(B)[k,n] is computed in blocks:
 *   for each column block j0 (≤ NC cols) and depth block p0 (≤ KC):
 *     pack op(B)[p0:p0+kc, j0:j0+nc] into 3-column panels    Bp[jr][p][0..2]
 *     for each row block i0 (≤ MC rows):
 *       pack op(A)[i0:i0+mc, p0:p0+kc] into 2-row panels      Ap[ir][p][0..1]
 *       every 2×3 tile:  C[i0+ir+r][j0+jr+s] (+)= Σ_p Ap[ir][p][r] · Bp[jr][p][s]
 *       (later depth blocks always add)
 * Packing absorbs the transposes, so A·B, Aᵀ·B and A·Bᵀ all run the same micro-kernel on
 * contiguous float64 panels. A panel past the last row repeats that row; a tile that hangs over
 * the edge of C sums into a 2×3 scratch, and only its part inside C is copied out. Full tiles
 * write C directly: a separate pass copying a block of sums into C took a quarter of the time
 * of products with k = 16 (the low-rank layers' shapes).
 *
 * Why 2×3: TurboFan schedules all loads, then all products, then all sums, so a tile needs
 * 2·mr·nr live xmm registers; 2·6 = 12 fits in the 15 it allocates, while 2×4 or 4×4 spill
 * accumulators to the stack and run slower (measured). Why module-level constant scratch
 * arrays: TurboFan embeds their address and length, so each panel load is a compare and a
 * move instead of a map check, length load and base-pointer reload per iteration.
 *
 * Why every function with a loop touches one storage type only and has no branch that a
 * later call could take for the first time: V8 keeps on-stack-replacement code for a hot
 * loop and re-enters it after a deopt, so a site it compiled without type feedback (an edge
 * case, the other dtype) deopts on every call — measured 15× slower (0.3 GFLOP/s) until it
 * happens to re-optimise. Hence the kernel writes only scratch, ragged edges are handled by
 * repeating rows instead of branching, and the code that touches A, B, C exists per dtype.
 */
import type { FloatArray } from './tensor.js';

/** Tile rows (op(A) rows per panel) and columns (op(B) columns per panel). */
const MR = 2;
const NR = 3;
/** Block sizes: depth, rows, columns. Packed A block 128 KiB (stays in L2), B block 384 KiB. */
const KC = 256;
const MC = 64;
const NC = 192;
/** Packed op(B) block at [0, KC·NC), packed op(A) block at [A_BASE, A_BASE + KC·MC). */
const A_BASE = KC * NC;
const S = new Float64Array(KC * (MC + NC));
/** Sums of one edge tile, [MR, NR] row-major. */
const E = new Float64Array(MR * NR);

/** Largest multiple of `unit` ≤ `max` that splits `size` into equal-ish blocks (less ragged tail). */
function blockSize(size: number, max: number, unit: number): number {
  const blocks = Math.ceil(size / max);
  const even = Math.ceil(size / blocks);
  return Math.ceil(even / unit) * unit;
}

/** E = the 2×3 tile Σ_{p<kc} S[ao + 2p + r] · S[bo + 3p + s], for a tile that hangs over the edge of C. */
function edgeKernel(kc: number, ao: number, bo: number): void {
  ao &= 0x3fffffff;
  bo &= 0x3fffffff;
  kc &= 0xffff;
  let c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0;
  for (let p = 0; p < kc; p++) {
    const ai = ao + 2 * p, bi = bo + 3 * p;
    const a0 = S[ai], a1 = S[ai + 1];
    const b0 = S[bi], b1 = S[bi + 1], b2 = S[bi + 2];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
  }
  E[0] = c00; E[1] = c01; E[2] = c02;
  E[3] = c10; E[4] = c11; E[5] = c12;
}

/*
 * The storage-type-specific part, written once per type (see the file comment):
 *   pack2 / pack3: a strided [rows × kc] slice of x, row r at x[base + r·rs + p·ps], goes into
 *     S as panels of w = 2 (op(A) rows) or 3 (op(B) columns) rows interleaved by p:
 *     S[o + (r − r mod w)·kc + p·w + r mod w]; rows past the end repeat row rows−1;
 *   tile: one full 2×3 tile, its sums in float64 registers, written or added to C at ci;
 *   edge: the part of E inside C, written or added (primeTypeFeedback runs both branches);
 *   macro: every tile of a packed block pair; drive: the block loops of the file comment.
 */
function pack2F32(x: Float32Array, base: number, rs: number, ps: number, rows: number, kc: number, o: number): void {
  for (let r = 0; r < rows; r += 2, o += 2 * kc) {
    const d1 = (Math.min(r + 1, rows - 1) - r) * rs;
    for (let p = 0, s = base + r * rs, d = o; p < kc; p++, s += ps, d += 2) { S[d] = x[s]; S[d + 1] = x[s + d1]; }
  }
}
function pack3F32(x: Float32Array, base: number, rs: number, ps: number, rows: number, kc: number, o: number): void {
  for (let r = 0; r < rows; r += 3, o += 3 * kc) {
    const d1 = (Math.min(r + 1, rows - 1) - r) * rs, d2 = (Math.min(r + 2, rows - 1) - r) * rs;
    for (let p = 0, s = base + r * rs, d = o; p < kc; p++, s += ps, d += 3) { S[d] = x[s]; S[d + 1] = x[s + d1]; S[d + 2] = x[s + d2]; }
  }
}
function tileF32(kc: number, ao: number, bo: number, c: Float32Array, ci: number, ldc: number, accumulate: boolean): void {
  // The masks change nothing (offsets < 2^16, kc ≤ KC) but bound the types, so TurboFan
  // proves the index sums cannot overflow int32 and drops the per-load overflow checks.
  ao &= 0x3fffffff;
  bo &= 0x3fffffff;
  kc &= 0xffff;
  let c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0;
  for (let p = 0; p < kc; p++) {
    const ai = ao + 2 * p, bi = bo + 3 * p;
    const a0 = S[ai], a1 = S[ai + 1];
    const b0 = S[bi], b1 = S[bi + 1], b2 = S[bi + 2];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
  }
  const cj = ci + ldc;
  if (accumulate) {
    c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02;
    c[cj] += c10; c[cj + 1] += c11; c[cj + 2] += c12;
  } else {
    c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02;
    c[cj] = c10; c[cj + 1] = c11; c[cj + 2] = c12;
  }
}
function edgeF32(c: Float32Array, ci: number, ldc: number, rows: number, cols: number, accumulate: boolean): void {
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < cols; s++) {
      const v = E[r * NR + s]!, j = ci + r * ldc + s;
      if (accumulate) c[j] += v;
      else c[j] = v;
    }
  }
}
function macroF32(kc: number, mc: number, nc: number, c: Float32Array, co: number, ldc: number, accumulate: boolean): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = Math.min(MR, mc - ir), ci = co + ir * ldc + jr;
      if (rows === MR && cols === NR) tileF32(kc, A_BASE + ir * kc, jr * kc, c, ci, ldc, accumulate);
      else {
        edgeKernel(kc, A_BASE + ir * kc, jr * kc);
        edgeF32(c, ci, ldc, rows, cols, accumulate);
      }
    }
  }
}
function driveF32(ai: number, ap: number, bp: number, bj: number, m: number, n: number, k: number,
  a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, c: Float32Array, cOffset: number, accumulate: boolean): void {
  const kcMax = blockSize(k, KC, 1), mcMax = blockSize(m, MC, MR), ncMax = blockSize(n, NC, NR);
  for (let j0 = 0; j0 < n; j0 += ncMax) {
    const nc = Math.min(ncMax, n - j0);
    for (let p0 = 0; p0 < k; p0 += kcMax) {
      const kc = Math.min(kcMax, k - p0);
      pack3F32(b, bOffset + p0 * bp + j0 * bj, bj, bp, nc, kc, 0);
      for (let i0 = 0; i0 < m; i0 += mcMax) {
        const mc = Math.min(mcMax, m - i0);
        pack2F32(a, aOffset + i0 * ai + p0 * ap, ai, ap, mc, kc, A_BASE);
        macroF32(kc, mc, nc, c, cOffset + i0 * n + j0, n, accumulate || p0 > 0);
      }
    }
  }
}

function pack2F64(x: Float64Array, base: number, rs: number, ps: number, rows: number, kc: number, o: number): void {
  for (let r = 0; r < rows; r += 2, o += 2 * kc) {
    const d1 = (Math.min(r + 1, rows - 1) - r) * rs;
    for (let p = 0, s = base + r * rs, d = o; p < kc; p++, s += ps, d += 2) { S[d] = x[s]; S[d + 1] = x[s + d1]; }
  }
}
function pack3F64(x: Float64Array, base: number, rs: number, ps: number, rows: number, kc: number, o: number): void {
  for (let r = 0; r < rows; r += 3, o += 3 * kc) {
    const d1 = (Math.min(r + 1, rows - 1) - r) * rs, d2 = (Math.min(r + 2, rows - 1) - r) * rs;
    for (let p = 0, s = base + r * rs, d = o; p < kc; p++, s += ps, d += 3) { S[d] = x[s]; S[d + 1] = x[s + d1]; S[d + 2] = x[s + d2]; }
  }
}
function tileF64(kc: number, ao: number, bo: number, c: Float64Array, ci: number, ldc: number, accumulate: boolean): void {
  // The masks change nothing (offsets < 2^16, kc ≤ KC) but bound the types, so TurboFan
  // proves the index sums cannot overflow int32 and drops the per-load overflow checks.
  ao &= 0x3fffffff;
  bo &= 0x3fffffff;
  kc &= 0xffff;
  let c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0;
  for (let p = 0; p < kc; p++) {
    const ai = ao + 2 * p, bi = bo + 3 * p;
    const a0 = S[ai], a1 = S[ai + 1];
    const b0 = S[bi], b1 = S[bi + 1], b2 = S[bi + 2];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
  }
  const cj = ci + ldc;
  if (accumulate) {
    c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02;
    c[cj] += c10; c[cj + 1] += c11; c[cj + 2] += c12;
  } else {
    c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02;
    c[cj] = c10; c[cj + 1] = c11; c[cj + 2] = c12;
  }
}
function edgeF64(c: Float64Array, ci: number, ldc: number, rows: number, cols: number, accumulate: boolean): void {
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < cols; s++) {
      const v = E[r * NR + s]!, j = ci + r * ldc + s;
      if (accumulate) c[j] += v;
      else c[j] = v;
    }
  }
}
function macroF64(kc: number, mc: number, nc: number, c: Float64Array, co: number, ldc: number, accumulate: boolean): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = Math.min(MR, mc - ir), ci = co + ir * ldc + jr;
      if (rows === MR && cols === NR) tileF64(kc, A_BASE + ir * kc, jr * kc, c, ci, ldc, accumulate);
      else {
        edgeKernel(kc, A_BASE + ir * kc, jr * kc);
        edgeF64(c, ci, ldc, rows, cols, accumulate);
      }
    }
  }
}
function driveF64(ai: number, ap: number, bp: number, bj: number, m: number, n: number, k: number,
  a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, c: Float64Array, cOffset: number, accumulate: boolean): void {
  const kcMax = blockSize(k, KC, 1), mcMax = blockSize(m, MC, MR), ncMax = blockSize(n, NC, NR);
  for (let j0 = 0; j0 < n; j0 += ncMax) {
    const nc = Math.min(ncMax, n - j0);
    for (let p0 = 0; p0 < k; p0 += kcMax) {
      const kc = Math.min(kcMax, k - p0);
      pack3F64(b, bOffset + p0 * bp + j0 * bj, bj, bp, nc, kc, 0);
      for (let i0 = 0; i0 < m; i0 += mcMax) {
        const mc = Math.min(mcMax, m - i0);
        pack2F64(a, aOffset + i0 * ai + p0 * ap, ai, ap, mc, kc, A_BASE);
        macroF64(kc, mc, nc, c, cOffset + i0 * n + j0, n, accumulate || p0 > 0);
      }
    }
  }
}

/**
 * gemm via packed panels; see the file comment. Requires m, n, k ≥ 1 and one storage type
 * for a, b and c (gemm checks both).
 */
export function gemmPacked(transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: FloatArray, aOffset: number, b: FloatArray, bOffset: number,
  c: FloatArray, cOffset: number, accumulate: boolean): void {
  // Strides of the logical operands: op(A)(i,p) = a[aOffset + i·ai + p·ap], op(B)(p,j) = b[bOffset + p·bp + j·bj].
  const ai = transA ? 1 : k, ap = transA ? m : 1;
  const bp = transB ? 1 : n, bj = transB ? k : 1;
  if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    driveF32(ai, ap, bp, bj, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  } else if (a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array) {
    driveF64(ai, ap, bp, bj, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  } else {
    throw new Error('gemmPacked: a, b and c must share one storage type');
  }
}

/**
 * Runs every loop above a few times per dtype at load. V8 allocates a function's type-feedback
 * store only after it has run for a while, so a caller's first product, if large, would get
 * its loops compiled mid-call (on-stack replacement) with sites that never recorded feedback,
 * which then deopt (see the file comment). Three 5×7×3 products per dtype take microseconds.
 */
function primeTypeFeedback(): void {
  for (const a of [new Float32Array(35), new Float64Array(35)]) {
    for (let r = 0; r < 3; r++) gemmPacked(false, false, 5, 7, 3, a, 0, a, 0, a.slice(), 0, r > 0);
  }
}
primeTypeFeedback();
