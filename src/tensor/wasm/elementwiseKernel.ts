import { Code } from './code.js';
import type { FunctionSpec } from './module.js';
import { ValType } from './opcodes.js';

/**
 * Elementwise float32 kernels over f32x4 lanes (byte addresses; `bytes` a positive multiple of 16, so
 * callers pad a ragged tail with lanes they never copy out). Each gives the bits of the JS loop it
 * replaces: a product of two float32 values and a float32 sum are rounded once either way.
 */

/**
 * `leakyRelu(src, dst, bytes, slope)`, y = x where x > 0, else slope·x (NaN stays NaN):
 *   for off = 0, 16, … < bytes:   v = src[off]; dst[off] = bitselect(v, slope·v, v > 0)
 */
export function leakyReluFunction(): FunctionSpec {
  const [src, dst, bytes, slope, off, v, s, zero] = [0, 1, 2, 3, 4, 5, 6, 7];
  const c = new Code();
  c.localGet(slope).f32x4Splat().localSet(s).v128Zero().localSet(zero).i32Const(0).localSet(off);
  c.loop((l) => {
    l.localGet(dst).localGet(off).i32Add()
      .localGet(src).localGet(off).i32Add().v128Load(0).localTee(v)
      .localGet(v).localGet(s).f32x4Mul()
      .localGet(v).localGet(zero).f32x4Gt()
      .v128Bitselect().v128Store(0);
    l.localGet(off).i32Const(16).i32Add().localTee(off).localGet(bytes).i32LtU().brIf(0);
  });
  c.end();
  return { name: 'leakyRelu', params: [ValType.i32, ValType.i32, ValType.i32, ValType.f32], results: [], locals: [ValType.i32, ValType.v128, ValType.v128, ValType.v128], code: c };
}

/**
 * `leakyReluBackward(g, x, dst, bytes, slope)`, ∂L/∂x = g where x > 0, else slope·g:
 *   for off = 0, 16, … < bytes:   dst[off] = bitselect(g[off], slope·g[off], x[off] > 0)
 */
export function leakyReluBackwardFunction(): FunctionSpec {
  const [g, x, dst, bytes, slope, off, gv, s, zero] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const c = new Code();
  c.localGet(slope).f32x4Splat().localSet(s).v128Zero().localSet(zero).i32Const(0).localSet(off);
  c.loop((l) => {
    l.localGet(dst).localGet(off).i32Add()
      .localGet(g).localGet(off).i32Add().v128Load(0).localTee(gv)
      .localGet(gv).localGet(s).f32x4Mul()
      .localGet(x).localGet(off).i32Add().v128Load(0).localGet(zero).f32x4Gt()
      .v128Bitselect().v128Store(0);
    l.localGet(off).i32Const(16).i32Add().localTee(off).localGet(bytes).i32LtU().brIf(0);
  });
  c.end();
  return { name: 'leakyReluBackward', params: [ValType.i32, ValType.i32, ValType.i32, ValType.i32, ValType.f32], results: [], locals: [ValType.i32, ValType.v128, ValType.v128, ValType.v128], code: c };
}

/**
 * `addRowVector(y, b, rows, rowBytes)`, y[r, j] += b[j] in place (bias add; rowBytes a multiple of 16):
 *   for r < rows:   for off = 0, 16, … < rowBytes:   y[r·rowBytes + off] += b[off]
 */
export function addRowVectorFunction(): FunctionSpec {
  const [y, b, rows, rowBytes, off, p, end] = [0, 1, 2, 3, 4, 5, 6];
  const c = new Code();
  // p walks y from start to end; off walks b and wraps at every row.
  c.localGet(y).localSet(p).localGet(rows).localGet(rowBytes).i32Mul().localGet(y).i32Add().localSet(end);
  c.i32Const(0).localSet(off);
  c.loop((l) => {
    l.localGet(p).localGet(p).v128Load(0).localGet(b).localGet(off).i32Add().v128Load(0).f32x4Add().v128Store(0);
    l.localGet(off).i32Const(16).i32Add().localSet(off);
    l.localGet(off).i32Const(0).localGet(off).localGet(rowBytes).i32LtU().select().localSet(off);
    l.localGet(p).i32Const(16).i32Add().localTee(p).localGet(end).i32LtU().brIf(0);
  });
  c.end();
  return { name: 'addRowVector', params: [ValType.i32, ValType.i32, ValType.i32, ValType.i32], results: [], locals: [ValType.i32, ValType.i32, ValType.i32], code: c };
}
