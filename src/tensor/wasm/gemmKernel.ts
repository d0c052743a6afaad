import { Code } from './code.js';
import type { FunctionSpec } from './module.js';
import { ValType } from './opcodes.js';

/** Register tile: MR rows of op(A) by NR = 4·NV columns of op(B), MR·NV f32x4 accumulators. */
export const MR = 4;
export const NV = 2;
export const NR = 4 * NV;
if (MR !== 4) throw new Error('gemmKernel: the strided-A loads are written for MR = 4');

/**
 * `gemmBlock(ap, bp, cp, mPanels, nPanels, kc, ldc, add)` (packed A), or with `stridedA`
 * `gemmBlockStrided(ap, aRow, aStep, bp, cp, mPanels, nPanels, kc, ldc, add)`, which reads op(A)
 * where it was staged, A(i, p) at ap + i·aRow + p·aStep, and so skips packing it for products
 * whose few B panels would not repay the packing. Byte addresses and strides; counts ≥ 1.
 *   packed A at ap: mPanels panels of MR rows, panel i = ap + i·kc·MR·4, element (r, p) at + (p·MR + r)·4
 *   B at bp: nPanels panels of NR columns, panel j = bp + j·kc·NR·4, element (p, s) at + (p·NR + s)·4
 *   C at cp: row-major with row stride ldc bytes.
 * Loop nest (the B panel, kc·NR·4 bytes, stays in L1 while the A block streams from L2):
 *   for j < nPanels:
 *     for i < mPanels:
 *       acc[r][v] = 0                                   r < MR, v < NV (f32x4 each)
 *       for p < kc:
 *         b[v] = B[j][p][4v … 4v+3]
 *         acc[r][v] += splat(A(i·MR + r, p)) · b[v]
 *       C[i·MR + r][j·NR + 4v … +3] = (add ? C[…] : 0) + acc[r][v]
 * Sums run in float32, in p order, so a given (block sizes, inputs) always gives the same bits.
 */
export function gemmBlockFunction(stridedA: boolean): FunctionSpec {
  // Parameters, then locals, numbered in this order (aRow, aStep only when stridedA).
  const names = stridedA
    ? ['ap', 'aRow', 'aStep', 'bp', 'cp', 'mPanels', 'nPanels', 'kc', 'ldc', 'add']
    : ['ap', 'bp', 'cp', 'mPanels', 'nPanels', 'kc', 'ldc', 'add'];
  const params = names.length;
  const at = (name: string): number => names.indexOf(name);
  const [ap, aRow, aStep, bp, cp, mPanels, nPanels, kc, ldc, add] =
    ['ap', 'aRow', 'aStep', 'bp', 'cp', 'mPanels', 'nPanels', 'kc', 'ldc', 'add'].map(at) as [number, number, number, number, number, number, number, number, number, number];
  const [j, i, aPtr, aEnd, bPtr, bPanel, tile, row, aPanel, aRow2, aRow3] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => params + x) as [number, number, number, number, number, number, number, number, number, number, number];
  const i32Locals = 11;
  const acc = (r: number, v: number): number => params + i32Locals + r * NV + v;
  const b = (v: number): number => params + i32Locals + MR * NV + v;
  const a = params + i32Locals + MR * NV + NV;
  const locals = [...new Array<ValType>(i32Locals).fill(ValType.i32), ...new Array<ValType>(MR * NV + NV + 1).fill(ValType.v128)];
  const aPackedStep = MR * 4, bStep = NR * 4;

  const c = new Code();
  if (stridedA) c.localGet(aRow).i32Const(2).i32Mul().localSet(aRow2).localGet(aRow).i32Const(3).i32Mul().localSet(aRow3);
  c.i32Const(0).localSet(j).localGet(bp).localSet(bPanel);
  c.loop((jLoop) => {
    // i = 0; packed A panels are contiguous, so aPtr runs on from one panel into the next;
    // strided A restarts each panel at aPanel = ap + i·MR·aRow.
    jLoop.i32Const(0).localSet(i).localGet(ap).localSet(aPtr).localGet(ap).localSet(aPanel);
    jLoop.loop((iLoop) => {
      for (let r = 0; r < MR; r++) for (let v = 0; v < NV; v++) iLoop.v128Zero().localSet(acc(r, v));
      if (stridedA) iLoop.localGet(aPanel).localSet(aPtr);
      // aEnd = aPtr + kc·(A step); bPtr = bPanel
      iLoop.localGet(aPtr).localGet(kc);
      if (stridedA) iLoop.localGet(aStep);
      else iLoop.i32Const(aPackedStep);
      iLoop.i32Mul().i32Add().localSet(aEnd);
      iLoop.localGet(bPanel).localSet(bPtr);
      iLoop.loop((pLoop) => {
        for (let v = 0; v < NV; v++) pLoop.localGet(bPtr).v128Load(16 * v).localSet(b(v));
        for (let r = 0; r < MR; r++) {
          if (stridedA) {
            // A(i·MR + r, p) at aPtr + r·aRow
            pLoop.localGet(aPtr);
            if (r > 0) pLoop.localGet([0, aRow, aRow2, aRow3][r]!).i32Add();
            pLoop.v128Load32Splat(0).localSet(a);
          } else {
            pLoop.localGet(aPtr).v128Load32Splat(4 * r).localSet(a);
          }
          for (let v = 0; v < NV; v++) {
            pLoop.localGet(acc(r, v)).localGet(a).localGet(b(v)).f32x4Mul().f32x4Add().localSet(acc(r, v));
          }
        }
        // bPtr += NR·4; aPtr += (A step); continue while aPtr < aEnd
        pLoop.localGet(bPtr).i32Const(bStep).i32Add().localSet(bPtr);
        pLoop.localGet(aPtr);
        if (stridedA) pLoop.localGet(aStep);
        else pLoop.i32Const(aPackedStep);
        pLoop.i32Add().localTee(aPtr).localGet(aEnd).i32LtU().brIf(0);
      });
      // tile = cp + i·MR·ldc + j·NR·4
      iLoop.localGet(cp).localGet(i).i32Const(MR).i32Mul().localGet(ldc).i32Mul().i32Add()
        .localGet(j).i32Const(bStep).i32Mul().i32Add().localSet(tile);
      const store = (withOld: boolean) => (s: Code): void => {
        for (let r = 0; r < MR; r++) {
          s.localGet(tile).localGet(ldc).i32Const(r).i32Mul().i32Add().localSet(row);
          for (let v = 0; v < NV; v++) {
            s.localGet(row).localGet(acc(r, v));
            if (withOld) s.localGet(row).v128Load(16 * v).f32x4Add();
            s.v128Store(16 * v);
          }
        }
      };
      iLoop.localGet(add).if(store(true), store(false));
      if (stridedA) iLoop.localGet(aPanel).localGet(aRow).i32Const(MR).i32Mul().i32Add().localSet(aPanel);
      // i += 1; continue while i < mPanels
      iLoop.localGet(i).i32Const(1).i32Add().localTee(i).localGet(mPanels).i32LtU().brIf(0);
    });
    // bPanel += kc·NR·4; j += 1; continue while j < nPanels
    jLoop.localGet(bPanel).localGet(kc).i32Const(bStep).i32Mul().i32Add().localSet(bPanel);
    jLoop.localGet(j).i32Const(1).i32Add().localTee(j).localGet(nPanels).i32LtU().brIf(0);
  });
  c.end();
  return {
    name: stridedA ? 'gemmBlockStrided' : 'gemmBlock',
    params: new Array<ValType>(params).fill(ValType.i32),
    results: [],
    locals,
    code: c,
  };
}
