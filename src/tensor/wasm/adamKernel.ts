import { Code } from './code.js';
import type { FunctionSpec } from './module.js';
import { ValType } from './opcodes.js';

/** Bytes 8…15 of a vector moved to 0…7 (f32 lanes 2, 3 → 0, 1), for promoting the high half. */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** Lanes 0, 1 of a then lanes 0, 1 of b. */
const JOIN_LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/**
 * Pushes fround(x + y·z) lanewise for f32x4 locals x, y, z, the sum taken in float64 as the JS loop
 * (and PyTorch's fused multiply-add) takes it: y·z of two float32 values is exact in float64.
 */
function roundedMultiplyAdd(c: Code, x: number, y: number, z: number): void {
  for (const high of [false, true]) {
    for (const l of [x, y, z]) {
      c.localGet(l);
      if (high) c.localGet(l).i8x16Shuffle(HIGH_HALF);
      c.f64x2PromoteLowF32x4();
    }
    c.f64x2Mul().f64x2Add().f32x4DemoteF64x2Zero();
  }
  c.i8x16Shuffle(JOIN_LOW_HALVES);
}

/**
 * `adam(theta, grad, m, v, bytes, b1, a1, b2, a2, c, e, s)`: Adam without weight decay or AMSGrad, in
 * place, the float32 roundings of adamUpdate's loop (src/nn/optim/adamUpdate.ts), four lanes at a time:
 *   for off = 0, 16, … < bytes:
 *     m ← fround(fround(m·b1) + a1·g)                 (float64 sum)
 *     v ← fround(fround(v·b2) + fround(a2·g)·g)       (float64 sum)
 *     θ ← θ + (s·m) / (√v / c + e)                    (each operation in float32)
 * with b1 = β1, a1 = 1 − β1, b2 = β2, a2 = 1 − β2, c = √(1 − β2^t), e = eps, s = −lr/(1 − β1^t).
 */
export function adamFunction(): FunctionSpec {
  const [theta, grad, m, v, bytes, b1, a1, b2, a2, cc, e, s] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [off, B1, A1, B2, A2, C, E, S, G, X, Y, M, V] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
  const c = new Code();
  for (const [scalar, vector] of [[b1, B1], [a1, A1], [b2, B2], [a2, A2], [cc, C], [e, E], [s, S]] as const) c.localGet(scalar).f32x4Splat().localSet(vector);
  c.i32Const(0).localSet(off);
  c.loop((l) => {
    l.localGet(grad).localGet(off).i32Add().v128Load(0).localSet(G);
    // m
    l.localGet(m).localGet(off).i32Add().v128Load(0).localGet(B1).f32x4Mul().localSet(X);
    roundedMultiplyAdd(l, X, A1, G);
    l.localSet(M).localGet(m).localGet(off).i32Add().localGet(M).v128Store(0);
    // v
    l.localGet(v).localGet(off).i32Add().v128Load(0).localGet(B2).f32x4Mul().localSet(X);
    l.localGet(A2).localGet(G).f32x4Mul().localSet(Y);
    roundedMultiplyAdd(l, X, Y, G);
    l.localSet(V).localGet(v).localGet(off).i32Add().localGet(V).v128Store(0);
    // θ
    l.localGet(theta).localGet(off).i32Add()
      .localGet(theta).localGet(off).i32Add().v128Load(0)
      .localGet(S).localGet(M).f32x4Mul()
      .localGet(V).f32x4Sqrt().localGet(C).f32x4Div().localGet(E).f32x4Add()
      .f32x4Div().f32x4Add().v128Store(0);
    l.localGet(off).i32Const(16).i32Add().localTee(off).localGet(bytes).i32LtU().brIf(0);
  });
  c.end();
  const f32 = ValType.f32;
  return {
    name: 'adam', params: [ValType.i32, ValType.i32, ValType.i32, ValType.i32, ValType.i32, f32, f32, f32, f32, f32, f32, f32], results: [],
    locals: [ValType.i32, ...new Array<ValType>(12).fill(ValType.v128)], code: c,
  };
}
