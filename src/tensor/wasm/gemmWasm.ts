import { C_WORK, CM, KC, MC, MR, NC, NR, PACKED_A, PACKED_B, STAGE, STAGE_A, STAGE_B, STAGE_C, getArena } from './arena.js';
import type { Arena } from './arena.js';

/**
 * gemm on the WebAssembly SIMD kernels, same contract as gemm (which checks the arguments;
 * here m, n, k ≥ 1). Operands of any size stream through the fixed arena:
 *   for each column block j0 (≤ NC) and row chunk i0 (≤ CM rows of C held in the arena):
 *     for each depth block p0 (≤ KC):
 *       stage op(B)[p0…, j0…] by memcpy, packB it into NR-column panels; stage op(A)[i0…, p0…]
 *       for each row block ii (≤ MC) of the chunk:
 *         packA it into MR-row panels; gemmBlock adds A·B into the chunk
 *       (or, for n ≤ 32, gemmBlockStrided reads the staged A unpacked: multiplyStagedA)
 *     storeC writes (or adds) the chunk into staged C, which goes back to c by memcpy
 * Block sizes depend only on m, n, k, so the summation order, and the result, are fixed per shape.
 */
export function gemmWasm(transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array, aOffset: number, b: Float32Array, bOffset: number,
  c: Float32Array, cOffset: number, accumulate: boolean): void {
  const arena = getArena();
  const { f32, gemmBlock, storeC } = arena;
  // op(A)(i,p) = a[aOffset + i·ai + p·ap], op(B)(p,j) = b[bOffset + p·bp + j·bj].
  const ai = transA ? 1 : k, ap = transA ? m : 1;
  const bp = transB ? 1 : n, bj = transB ? k : 1;
  const kcMax = evenBlock(k, KC, 1), ncMax = evenBlock(n, NC, NR), cmMax = evenBlock(m, CM, MR), mcMax = evenBlock(cmMax, MC, MR);
  for (let j0 = 0; j0 < n; j0 += ncMax) {
    const nc = Math.min(ncMax, n - j0), nPanels = Math.ceil(nc / NR), ldw = nPanels * NR;
    for (let i0 = 0; i0 < m; i0 += cmMax) {
      const cm = Math.min(cmMax, m - i0);
      for (let p0 = 0; p0 < k; p0 += kcMax) {
        const kc = Math.min(kcMax, k - p0), add = p0 > 0 ? 1 : 0;
        stage(f32, b, bOffset + p0 * bp + j0 * bj, kc, nc, bp, bj, STAGE_B, true);
        pack(arena, false, STAGE_B, stagedColStride, stagedRowStride, nc, kc, PACKED_B);
        stage(f32, a, aOffset + i0 * ai + p0 * ap, cm, kc, ai, ap, STAGE_A, true);
        const aRow = stagedRowStride, aStep = stagedColStride;
        if (nPanels <= DIRECT_A_PANELS) {
          multiplyStagedA(arena, aRow, aStep, cm, kc, nPanels, ldw, add);
          continue;
        }
        for (let ii = 0; ii < cm; ii += mcMax) {
          const mc = Math.min(mcMax, cm - ii);
          pack(arena, true, STAGE_A + ii * aRow, aRow, aStep, mc, kc, PACKED_A);
          gemmBlock(4 * PACKED_A, 4 * PACKED_B, 4 * (C_WORK + ii * ldw), Math.ceil(mc / MR), nPanels, kc, 4 * ldw, add);
        }
      }
      // Staged C must hold c's old values where storeC does not write them all: when accumulating,
      // and when one memcpy span covers the gaps between rows (nc < n).
      const cBase = cOffset + i0 * n + j0;
      const spanned = spanFits(cm, nc, n);
      stage(f32, c, cBase, cm, nc, n, 1, STAGE_C, accumulate || (spanned && nc < n && cm > 1));
      storeC(4 * C_WORK, 4 * ldw, cm, nc, 4 * STAGE_C, 4 * stagedRowStride, accumulate ? 1 : 0);
      unstage(f32, c, cBase, cm, nc, n, STAGE_C);
    }
  }
}

/**
 * With at most this many B panels (n ≤ 32), each A panel is used too few times to repay packing
 * it, so gemmBlockStrided reads op(A) where it was staged.
 */
const DIRECT_A_PANELS = 4;

/**
 * C_WORK[0…rows, …] (+)= staged op(A)[rows, kc] · packed B, op(A)(i, p) at STAGE_A + i·aRow + p·aStep
 * (floats; aRow or aStep is 1), without packing A. Rows adjacent (aRow = 1): one call, the padding
 * rows of the last panel read up to 3 floats past the staged rows (never copied out). Steps adjacent:
 * full panels in one call, a ragged last panel packed and run on gemmBlock.
 */
function multiplyStagedA(arena: Arena, aRow: number, aStep: number, rows: number, kc: number, nPanels: number, ldw: number, add: number): void {
  if (aRow === 1) {
    arena.gemmBlockStrided(4 * STAGE_A, 4, 4 * aStep, 4 * PACKED_B, 4 * C_WORK, Math.ceil(rows / MR), nPanels, kc, 4 * ldw, add);
    return;
  }
  const full = Math.floor(rows / MR);
  if (full > 0) arena.gemmBlockStrided(4 * STAGE_A, 4 * aRow, 4 * aStep, 4 * PACKED_B, 4 * C_WORK, full, nPanels, kc, 4 * ldw, add);
  if (full * MR === rows) return;
  pack(arena, true, STAGE_A + full * MR * aRow, aRow, aStep, rows - full * MR, kc, PACKED_A);
  arena.gemmBlock(4 * PACKED_A, 4 * PACKED_B, 4 * (C_WORK + full * MR * ldw), 1, nPanels, kc, 4 * ldw, add);
}

/** Largest block ≤ max, a multiple of unit, that splits size into equal-ish parts (a less ragged last block). */
function evenBlock(size: number, max: number, unit: number): number {
  const blocks = Math.ceil(size / max);
  return Math.min(max, Math.ceil(Math.ceil(size / blocks) / unit) * unit);
}

/**
 * Packs `lines` lines of kc floats, line l step p at f32[src + l·lineStride + p·stepStride], into
 * panels of MR (op(A)) or NR (op(B)) lines at f32[dst…]. When the lines are adjacent floats, the
 * full panels go through the f32x4 copy and only a ragged last panel through the scalar one.
 */
function pack(arena: Arena, isA: boolean, src: number, lineStride: number, stepStride: number, lines: number, kc: number, dst: number): void {
  const width = isA ? MR : NR;
  const full = lineStride === 1 ? Math.floor(lines / width) : 0;
  if (full > 0) {
    if (isA) arena.packALanes(4 * src, 4 * stepStride, full, kc, 4 * dst);
    else arena.packBLanes(4 * src, 4 * stepStride, full, kc, 4 * dst);
  }
  const rest = lines - full * width;
  if (rest === 0) return;
  const from = 4 * (src + full * width * lineStride), to = 4 * (dst + full * width * kc);
  if (isA) arena.packA(from, 4 * lineStride, 4 * stepStride, rest, kc, to);
  else arena.packB(from, 4 * lineStride, 4 * stepStride, rest, kc, to);
}

/** Strides, in floats, of the block the last `stage` call placed (module state: no allocation per call). */
let stagedRowStride = 0, stagedColStride = 0;

/** Whether rows of `cols` elements, `stride` apart, fit the staging region as one contiguous span. */
function spanFits(rows: number, cols: number, stride: number): boolean {
  return (rows - 1) * stride + cols <= STAGE;
}

/**
 * Places the rows×cols block x(i, j) = x[base + i·rs + j·cs], where rs or cs is 1, at f32[at…]
 * by TypedArray.set: as one span that keeps x's strides when it fits, else line by line, packed.
 * With copy = false only the strides are set (the caller overwrites the block). Sets stagedRowStride/ColStride.
 */
function stage(f32: Float32Array, x: Float32Array, base: number, rows: number, cols: number, rs: number, cs: number,
  at: number, copy: boolean): void {
  // Lines run along the unit stride: rows when cs = 1, else columns.
  const byRows = cs === 1;
  const lines = byRows ? rows : cols, len = byRows ? cols : rows, stride = byRows ? rs : cs;
  if (spanFits(lines, len, stride)) {
    if (copy) f32.set(x.subarray(base, base + (lines - 1) * stride + len), at);
    stagedRowStride = rs;
    stagedColStride = cs;
    return;
  }
  if (copy) for (let l = 0; l < lines; l++) f32.set(x.subarray(base + l * stride, base + l * stride + len), at + l * len);
  stagedRowStride = byRows ? len : 1;
  stagedColStride = byRows ? 1 : len;
}

/** Copies a rows×cols block with row stride ld in c, staged by `stage` at f32[at…], back into c. */
function unstage(f32: Float32Array, c: Float32Array, base: number, rows: number, cols: number, ld: number, at: number): void {
  if (spanFits(rows, cols, ld)) {
    c.set(f32.subarray(at, at + (rows - 1) * ld + cols), base);
    return;
  }
  for (let r = 0; r < rows; r++) c.set(f32.subarray(at + r * cols, at + r * cols + cols), base + r * ld);
}
