import { A_AT, B_AT, C_AT, CM, KC, MC, MR, NC, NR, getArena } from './arena.js';

/**
 * gemm on the WebAssembly SIMD kernel, same contract as gemm (which checks the arguments;
 * here m, n, k ≥ 1). Operands of any size stream through the fixed arena:
 *   for each column block j0 (≤ NC) and row chunk i0 (≤ CM rows of C held in the arena):
 *     C chunk = accumulate ? C[i0…, j0…] : (first depth block overwrites)
 *     for each depth block p0 (≤ KC):
 *       pack op(B)[p0…, j0…] into NR-column panels (zero-padded)
 *       for each row block ii (≤ MC) of the chunk:
 *         pack op(A)[i0+ii…, p0…] into MR-row panels (zero-padded); gemmBlock adds A·B into the chunk
 *     copy the chunk's valid part out to C
 * Block sizes depend only on m, n, k, so the summation order, and the result, are fixed per shape.
 */
export function gemmWasm(transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array, aOffset: number, b: Float32Array, bOffset: number,
  c: Float32Array, cOffset: number, accumulate: boolean): void {
  const { f32, gemmBlock } = getArena();
  // op(A)(i,p) = a[aOffset + i·ai + p·ap], op(B)(p,j) = b[bOffset + p·bp + j·bj].
  const ai = transA ? 1 : k, ap = transA ? m : 1;
  const bp = transB ? 1 : n, bj = transB ? k : 1;
  const kcMax = evenBlock(k, KC, 1), ncMax = evenBlock(n, NC, NR), cmMax = evenBlock(m, CM, MR), mcMax = evenBlock(cmMax, MC, MR);
  for (let j0 = 0; j0 < n; j0 += ncMax) {
    const nc = Math.min(ncMax, n - j0), nPanels = Math.ceil(nc / NR), ldc = nPanels * NR;
    for (let i0 = 0; i0 < m; i0 += cmMax) {
      const cm = Math.min(cmMax, m - i0);
      const cBase = cOffset + i0 * n + j0;
      if (accumulate) loadChunk(c, cBase, n, cm, nc, f32, C_AT, ldc);
      for (let p0 = 0; p0 < k; p0 += kcMax) {
        const kc = Math.min(kcMax, k - p0);
        packB(b, bOffset + p0 * bp + j0 * bj, bp, bj, kc, nc, f32, B_AT);
        for (let ii = 0; ii < cm; ii += mcMax) {
          const mc = Math.min(mcMax, cm - ii);
          packA(a, aOffset + (i0 + ii) * ai + p0 * ap, ai, ap, mc, kc, f32, A_AT);
          gemmBlock(4 * A_AT, 4 * B_AT, 4 * (C_AT + ii * ldc), Math.ceil(mc / MR), nPanels, kc, 4 * ldc, accumulate || p0 > 0 ? 1 : 0);
        }
      }
      storeChunk(f32, C_AT, ldc, cm, nc, c, cBase, n);
    }
  }
}

/** Largest block ≤ max, a multiple of unit, that splits size into equal-ish parts (a less ragged last block). */
function evenBlock(size: number, max: number, unit: number): number {
  const blocks = Math.ceil(size / max);
  return Math.min(max, Math.ceil(Math.ceil(size / blocks) / unit) * unit);
}

/**
 * Packs rows×kc of op(A), element (r, p) at x[base + r·rs + p·ps], into MR-row panels at dst[o…]:
 * dst[o + (r − r mod MR)·kc + p·MR + r mod MR]. Rows past `rows` up to the panel edge are zero: they
 * only feed C's padding rows, never copied out, but stale arena bytes could be denormals, slow on x86.
 */
function packA(x: Float32Array, base: number, rs: number, ps: number, rows: number, kc: number, dst: Float32Array, o: number): void {
  for (let r0 = 0; r0 < rows; r0 += MR, o += MR * kc) {
    const full = Math.min(MR, rows - r0);
    for (let r = 0; r < MR; r++) {
      if (r < full) {
        for (let p = 0, s = base + (r0 + r) * rs, d = o + r; p < kc; p++, s += ps, d += MR) dst[d] = x[s]!;
      } else {
        for (let p = 0, d = o + r; p < kc; p++, d += MR) dst[d] = 0;
      }
    }
  }
}

/**
 * Packs kc×cols of op(B), element (p, j) at x[base + p·ps + j·js], into NR-column panels at dst[o…]:
 * dst[o + (j − j mod NR)·kc + p·NR + j mod NR]. Columns past `cols` up to the panel edge are zero (as in packA).
 */
function packB(x: Float32Array, base: number, ps: number, js: number, kc: number, cols: number, dst: Float32Array, o: number): void {
  for (let j0 = 0; j0 < cols; j0 += NR, o += NR * kc) {
    const full = Math.min(NR, cols - j0);
    for (let s = 0; s < NR; s++) {
      if (s < full) {
        for (let p = 0, q = base + (j0 + s) * js, d = o + s; p < kc; p++, q += ps, d += NR) dst[d] = x[q]!;
      } else {
        for (let p = 0, d = o + s; p < kc; p++, d += NR) dst[d] = 0;
      }
    }
  }
}

/** Copies rows×cols of C (row stride ldc) into the chunk at dst[o…] (row stride ldw). */
function loadChunk(c: Float32Array, base: number, ldc: number, rows: number, cols: number, dst: Float32Array, o: number, ldw: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0, s = base + r * ldc, d = o + r * ldw; j < cols; j++) dst[d + j] = c[s + j]!;
  }
}

/** Copies the chunk's rows×cols (row stride ldw) out to C (row stride ldc). */
function storeChunk(src: Float32Array, o: number, ldw: number, rows: number, cols: number, c: Float32Array, base: number, ldc: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0, s = o + r * ldw, d = base + r * ldc; j < cols; j++) c[d + j] = src[s + j]!;
  }
}
