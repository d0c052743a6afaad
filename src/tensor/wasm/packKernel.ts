import { Code } from './code.js';
import type { FunctionSpec } from './module.js';
import { ValType } from './opcodes.js';

/**
 * The function `name(src, lineStride, stepStride, lines, kc, dst)` that packs `lines` lines of
 * kc elements into panels of `width` lines, the layout gemmBlock reads (byte addresses and
 * strides; lines, kc ≥ 1). Line l, step p is the f32 at src + l·lineStride + p·stepStride:
 *   for l0 = 0, width, 2·width, … < lines:            panel = dst + l0·kc·4
 *     for w < width:
 *       line = min(l0 + w, lines − 1)                  (a ragged last panel repeats the last line)
 *       for p < kc:  f32[panel + (p·width + w)·4] = f32[src + line·lineStride + p·stepStride]
 * For op(A) the lines are rows (width MR), for op(B) columns (width NR); the strides absorb the transposes.
 */
export function packFunction(name: string, width: number): FunctionSpec {
  const [src, lineStride, stepStride, lines, kc, dst] = [0, 1, 2, 3, 4, 5];
  const [l0, w, sp, dp, dEnd, panel] = [6, 7, 8, 9, 10, 11];
  const c = new Code();
  c.i32Const(0).localSet(l0).localGet(dst).localSet(panel);
  c.loop((panels) => {
    panels.i32Const(0).localSet(w);
    panels.loop((ws) => {
      // sp = src + min(l0 + w, lines − 1)·lineStride
      ws.localGet(src)
        .localGet(l0).localGet(w).i32Add()
        .localGet(lines).i32Const(1).i32Sub()
        .localGet(l0).localGet(w).i32Add().localGet(lines).i32LtU()
        .select().localGet(lineStride).i32Mul().i32Add().localSet(sp);
      // dp = panel + w·4; dEnd = dp + kc·width·4
      ws.localGet(panel).localGet(w).i32Const(4).i32Mul().i32Add().localTee(dp)
        .localGet(kc).i32Const(4 * width).i32Mul().i32Add().localSet(dEnd);
      ws.loop((ps) => {
        ps.localGet(dp).localGet(sp).f32Load(0).f32Store(0);
        ps.localGet(sp).localGet(stepStride).i32Add().localSet(sp);
        ps.localGet(dp).i32Const(4 * width).i32Add().localTee(dp).localGet(dEnd).i32LtU().brIf(0);
      });
      ws.localGet(w).i32Const(1).i32Add().localTee(w).i32Const(width).i32LtU().brIf(0);
    });
    // panel += kc·width·4; l0 += width; continue while l0 < lines
    panels.localGet(panel).localGet(kc).i32Const(4 * width).i32Mul().i32Add().localSet(panel);
    panels.localGet(l0).i32Const(width).i32Add().localTee(l0).localGet(lines).i32LtU().brIf(0);
  });
  c.end();
  return { name, params: new Array<ValType>(6).fill(ValType.i32), results: [], locals: new Array<ValType>(6).fill(ValType.i32), code: c };
}

/**
 * The function `storeC(src, srcStride, rows, cols, dst, dstStride, add)`: copies (add = 0) or adds
 * (add ≠ 0) a rows×cols f32 block, row strides in bytes (rows, cols ≥ 1), four lanes at a time
 * and then one by one:
 *   for r < rows:  for j < cols:  f32[dst + r·dstStride + 4j] = (add ? f32[dst + …] : 0) + f32[src + r·srcStride + 4j]
 */
export function storeFunction(): FunctionSpec {
  const [src, srcStride, rows, cols, dst, dstStride, add] = [0, 1, 2, 3, 4, 5, 6];
  const [r, j, s, d] = [7, 8, 9, 10];
  const v = 11, x = 12;
  const c = new Code();
  c.i32Const(0).localSet(r);
  c.loop((rowLoop) => {
    rowLoop.localGet(src).localGet(r).localGet(srcStride).i32Mul().i32Add().localSet(s);
    rowLoop.localGet(dst).localGet(r).localGet(dstStride).i32Mul().i32Add().localSet(d);
    rowLoop.i32Const(0).localSet(j);
    rowLoop.block((done) => done.loop((quads) => {
      // leave when cols < j + 4
      quads.localGet(cols).localGet(j).i32Const(4).i32Add().i32LtU().brIf(1);
      quads.localGet(s).v128Load(0).localSet(v);
      quads.localGet(add).if((t) => t.localGet(v).localGet(d).v128Load(0).f32x4Add().localSet(v));
      quads.localGet(d).localGet(v).v128Store(0);
      quads.localGet(s).i32Const(16).i32Add().localSet(s).localGet(d).i32Const(16).i32Add().localSet(d);
      quads.localGet(j).i32Const(4).i32Add().localSet(j).br(0);
    }));
    rowLoop.block((done) => done.loop((singles) => {
      // leave when j ≥ cols
      singles.localGet(j).localGet(cols).i32LtU().i32Eqz().brIf(1);
      singles.localGet(s).f32Load(0).localSet(x);
      singles.localGet(add).if((t) => t.localGet(x).localGet(d).f32Load(0).f32Add().localSet(x));
      singles.localGet(d).localGet(x).f32Store(0);
      singles.localGet(s).i32Const(4).i32Add().localSet(s).localGet(d).i32Const(4).i32Add().localSet(d);
      singles.localGet(j).i32Const(1).i32Add().localSet(j).br(0);
    }));
    rowLoop.localGet(r).i32Const(1).i32Add().localTee(r).localGet(rows).i32LtU().brIf(0);
  });
  c.end();
  return {
    name: 'storeC', params: new Array<ValType>(7).fill(ValType.i32), results: [],
    locals: [ValType.i32, ValType.i32, ValType.i32, ValType.i32, ValType.v128, ValType.f32], code: c,
  };
}

/**
 * The function `name(src, stepStride, panels, kc, dst)`: packFunction's layout for the common case
 * where a panel's `width` lines are adjacent floats (op(B) not transposed, op(A) transposed), so each
 * step of a panel is `width` consecutive floats, copied as f32x4 (byte addresses; panels, kc ≥ 1):
 *   for q < panels:  for p < kc:  f32[dst + (q·kc + p)·width·4 … +width·4] = f32[src + q·width·4 + p·stepStride …]
 */
export function packLanesFunction(name: string, width: number): FunctionSpec {
  const [src, stepStride, panels, kc, dst] = [0, 1, 2, 3, 4];
  const [q, sp, dp, dEnd] = [5, 6, 7, 8];
  const c = new Code();
  c.i32Const(0).localSet(q).localGet(dst).localSet(dp);
  c.loop((panelLoop) => {
    // sp = src + q·width·4; dEnd = dp + kc·width·4
    panelLoop.localGet(src).localGet(q).i32Const(4 * width).i32Mul().i32Add().localSet(sp);
    panelLoop.localGet(dp).localGet(kc).i32Const(4 * width).i32Mul().i32Add().localSet(dEnd);
    panelLoop.loop((steps) => {
      for (let v = 0; v < width / 4; v++) steps.localGet(dp).localGet(sp).v128Load(16 * v).v128Store(16 * v);
      steps.localGet(sp).localGet(stepStride).i32Add().localSet(sp);
      steps.localGet(dp).i32Const(4 * width).i32Add().localTee(dp).localGet(dEnd).i32LtU().brIf(0);
    });
    panelLoop.localGet(q).i32Const(1).i32Add().localTee(q).localGet(panels).i32LtU().brIf(0);
  });
  c.end();
  return { name, params: new Array<ValType>(5).fill(ValType.i32), results: [], locals: new Array<ValType>(4).fill(ValType.i32), code: c };
}
