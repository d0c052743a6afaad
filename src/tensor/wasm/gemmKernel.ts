import { Code } from './code.js';
import type { FunctionSpec } from './module.js';
import { ValType } from './opcodes.js';

/** Register tile: MR rows of op(A) by NR = 4·NV columns of op(B), MR·NV f32x4 accumulators. */
export const MR = 4;
export const NV = 2;
export const NR = 4 * NV;

/**
 * The function `gemmBlock(ap, bp, cp, mPanels, nPanels, kc, ldc, add)`: one packed block pair.
 * Pointers and ldc are byte addresses in the memory; all counts ≥ 1.
 *   A block at ap: mPanels panels of MR rows, panel i = ap + i·kc·MR·4, element (r, p) at + (p·MR + r)·4
 *   B block at bp: nPanels panels of NR columns, panel j = bp + j·kc·NR·4, element (p, s) at + (p·NR + s)·4
 *   C at cp: row-major with row stride ldc bytes.
 * Loop nest (the B panel, kc·NR·4 bytes, stays in L1 while the A block streams from L2):
 *   for j < nPanels:
 *     for i < mPanels:
 *       acc[r][v] = 0                                   r < MR, v < NV (f32x4 each)
 *       for p < kc:
 *         b[v] = B[j][p][4v … 4v+3]
 *         acc[r][v] += splat(A[i][p][r]) · b[v]
 *       C[i·MR + r][j·NR + 4v … +3] = (add ? C[…] : 0) + acc[r][v]
 * Sums run in float32, in p order, so a given (block sizes, inputs) always gives the same bits.
 */
export function gemmBlockFunction(): FunctionSpec {
  // Parameters, then locals, numbered in this order.
  const [ap, bp, cp, mPanels, nPanels, kc, ldc, add] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [j, i, aPtr, aEnd, bPtr, bPanel, tile, row] = [8, 9, 10, 11, 12, 13, 14, 15];
  const acc = (r: number, v: number): number => 16 + r * NV + v;
  const b = (v: number): number => 16 + MR * NV + v;
  const a = 16 + MR * NV + NV;
  const locals = [
    ...new Array<ValType>(8).fill(ValType.i32),
    ...new Array<ValType>(MR * NV + NV + 1).fill(ValType.v128),
  ];
  const aPanelBytes = MR * 4, bStepBytes = NR * 4;

  const c = new Code();
  // j = 0; bPanel = bp
  c.i32Const(0).localSet(j).localGet(bp).localSet(bPanel);
  c.loop((jLoop) => {
    // i = 0; aPtr = ap (A panels are contiguous, so aPtr runs on from one panel into the next)
    jLoop.i32Const(0).localSet(i).localGet(ap).localSet(aPtr);
    jLoop.loop((iLoop) => {
      for (let r = 0; r < MR; r++) for (let v = 0; v < NV; v++) iLoop.v128Zero().localSet(acc(r, v));
      // aEnd = aPtr + kc·MR·4; bPtr = bPanel
      iLoop.localGet(aPtr).localGet(kc).i32Const(aPanelBytes).i32Mul().i32Add().localSet(aEnd);
      iLoop.localGet(bPanel).localSet(bPtr);
      iLoop.loop((pLoop) => {
        for (let v = 0; v < NV; v++) pLoop.localGet(bPtr).v128Load(16 * v).localSet(b(v));
        for (let r = 0; r < MR; r++) {
          pLoop.localGet(aPtr).v128Load32Splat(4 * r).localSet(a);
          for (let v = 0; v < NV; v++) {
            pLoop.localGet(acc(r, v)).localGet(a).localGet(b(v)).f32x4Mul().f32x4Add().localSet(acc(r, v));
          }
        }
        // bPtr += NR·4; aPtr += MR·4; continue while aPtr < aEnd
        pLoop.localGet(bPtr).i32Const(bStepBytes).i32Add().localSet(bPtr);
        pLoop.localGet(aPtr).i32Const(aPanelBytes).i32Add().localTee(aPtr).localGet(aEnd).i32LtU().brIf(0);
      });
      // tile = cp + i·MR·ldc + j·NR·4
      iLoop.localGet(cp).localGet(i).i32Const(MR).i32Mul().localGet(ldc).i32Mul().i32Add()
        .localGet(j).i32Const(bStepBytes).i32Mul().i32Add().localSet(tile);
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
      // i += 1; continue while i < mPanels
      iLoop.localGet(i).i32Const(1).i32Add().localTee(i).localGet(mPanels).i32LtU().brIf(0);
    });
    // bPanel += kc·NR·4; j += 1; continue while j < nPanels
    jLoop.localGet(bPanel).localGet(kc).i32Const(bStepBytes).i32Mul().i32Add().localSet(bPanel);
    jLoop.localGet(j).i32Const(1).i32Add().localTee(j).localGet(nPanels).i32LtU().brIf(0);
  });
  c.end();
  return {
    name: 'gemmBlock',
    params: new Array<ValType>(8).fill(ValType.i32),
    results: [],
    locals,
    code: c,
  };
}
