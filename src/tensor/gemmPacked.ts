/**
 * Blocked, packed matrix multiply (the GotoBLAS scheme, scaled to what V8 emits for scalar code).
 *
 * C[m,n] (+)= op(A)[m,k]·op(B)[k,n] is computed in blocks:
 *   for each column block j0 (≤ NC cols) and depth block p0 (≤ KC):
 *     pack op(B)[p0:p0+kc, j0:j0+nc] into 3-column panels    Bp[jr][p][0..2]
 *     for each row block i0 (≤ MC rows):
 *       pack op(A)[i0:i0+mc, p0:p0+kc] into 2-row panels      Ap[ir][p][0..1]
 *       every 2×3 tile:  CB[ir+r][jr+s] = Σ_p Ap[ir][p][r] · Bp[jr][p][s]
 *       C[i0:i0+mc, j0:j0+nc] (+)= CB   (later depth blocks always add)
 * Packing absorbs the transposes, so A·B, Aᵀ·B and A·Bᵀ all run the same micro-kernel on
 * contiguous float64 panels. Ragged edges need no special case: a panel past the last row
 * repeats that row, and the tile sums it feeds land in CB slots that are never copied to C.
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
import type { FloatArray } from './gemm.js';

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
/** Block of C sums, [MC, NC] row-major. */
const CB = new Float64Array(MC * NC);

/** Largest multiple of `unit` ≤ `max` that splits `size` into equal-ish blocks (less ragged tail). */
function blockSize(size: number, max: number, unit: number): number {
  const blocks = Math.ceil(size / max);
  const even = Math.ceil(size / blocks);
  return Math.ceil(even / unit) * unit;
}

/**
 * One 2×3 tile: CB[co + r·NC + s] = Σ_{p<kc} S[ao + 2p + r] · S[bo + 3p + s].
 * Sums stay in float64 registers and are written once.
 */
function microKernel(kc: number, ao: number, bo: number, co: number): void {
  // The masks change nothing (offsets < 2^16, kc ≤ KC) but bound the types, so TurboFan
  // proves the index sums cannot overflow int32 and drops the per-load overflow checks.
  ao &= 0x3fffffff;
  bo &= 0x3fffffff;
  co &= 0x3fffffff;
  kc &= 0xffff;
  let c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0;
  for (let p = 0; p < kc; p++) {
    const ai = ao + 2 * p, bi = bo + 3 * p;
    const a0 = S[ai], a1 = S[ai + 1];
    const b0 = S[bi], b1 = S[bi + 1], b2 = S[bi + 2];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
  }
  CB[co] = c00; CB[co + 1] = c01; CB[co + 2] = c02;
  CB[co + NC] = c10; CB[co + NC + 1] = c11; CB[co + NC + 2] = c12;
}

/** CB[0:mc, 0:nc] = packed A block · packed B block, tile by tile. */
function macroKernel(kc: number, mc: number, nc: number): void {
  for (let jr = 0; jr < nc; jr += NR) {
    for (let ir = 0; ir < mc; ir += MR) microKernel(kc, A_BASE + ir * kc, jr * kc, ir * NC + jr);
  }
}

/*
 * The storage-type-specific part, written once per type (see the file comment):
 *   pack2 / pack3: a strided [rows × kc] slice of x, row r at x[base + r·rs + p·ps], goes into
 *     S as panels of w = 2 (op(A) rows) or 3 (op(B) columns) rows interleaved by p:
 *     S[o + (r − r mod w)·kc + p·w + r mod w]; rows past the end repeat row rows−1;
 *   store: C[co + i·ldc + j] (+)= CB[i·NC + j] for i < rows, j < cols — the sum is always
 *     computed and then selected, so no operation lacks type feedback when accumulate flips;
 *   drive: the block loops of the file comment.
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
function storeF32(c: Float32Array, co: number, ldc: number, rows: number, cols: number, accumulate: boolean): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0, ci = co + i * ldc, bi = i * NC; j < cols; j++) {
      const v = CB[bi + j], sum = c[ci + j] + v;
      c[ci + j] = accumulate ? sum : v;
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
        macroKernel(kc, mc, nc);
        storeF32(c, cOffset + i0 * n + j0, n, mc, nc, accumulate || p0 > 0);
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
function storeF64(c: Float64Array, co: number, ldc: number, rows: number, cols: number, accumulate: boolean): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0, ci = co + i * ldc, bi = i * NC; j < cols; j++) {
      const v = CB[bi + j], sum = c[ci + j] + v;
      c[ci + j] = accumulate ? sum : v;
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
        macroKernel(kc, mc, nc);
        storeF64(c, cOffset + i0 * n + j0, n, mc, nc, accumulate || p0 > 0);
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
