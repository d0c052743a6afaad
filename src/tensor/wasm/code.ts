import { Bytes } from './bytes.js';
import { EMPTY_BLOCK, Op, SIMD_PREFIX, SimdOp } from './opcodes.js';

/**
 * The instruction stream of one function body, one method per instruction, so kernel
 * source reads like the WebAssembly text format: `code.localGet(p).i32Const(16).i32Add()`.
 * Memory instructions take a byte offset immediate and the alignment as log2 of bytes.
 */
export class Code {
  readonly bytes = new Bytes();

  private op(o: number): this {
    this.bytes.byte(o);
    return this;
  }
  private simd(o: number): this {
    this.bytes.byte(SIMD_PREFIX).u32(o);
    return this;
  }
  private memarg(alignLog2: number, offset: number): this {
    this.bytes.u32(alignLog2).u32(offset);
    return this;
  }

  localGet(i: number): this { this.op(Op.localGet).bytes.u32(i); return this; }
  localSet(i: number): this { this.op(Op.localSet).bytes.u32(i); return this; }
  localTee(i: number): this { this.op(Op.localTee).bytes.u32(i); return this; }

  i32Const(v: number): this { this.op(Op.i32Const).bytes.s32(v); return this; }
  /** An f32 immediate: its 4 IEEE 754 bytes, little-endian. */
  f32Const(v: number): this {
    this.op(Op.f32Const).bytes.bytes(new Uint8Array(Float32Array.of(v).buffer));
    return this;
  }
  i32Add(): this { return this.op(Op.i32Add); }
  i32Sub(): this { return this.op(Op.i32Sub); }
  i32Mul(): this { return this.op(Op.i32Mul); }
  i32Shl(): this { return this.op(Op.i32Shl); }
  i32LtU(): this { return this.op(Op.i32LtU); }
  i32Eqz(): this { return this.op(Op.i32Eqz); }

  f32Add(): this { return this.op(Op.f32Add); }
  /** Pops c, then b, then a: pushes a if c ≠ 0, else b. */
  select(): this { return this.op(Op.select); }

  f32Load(offset = 0): this { return this.op(Op.f32Load).memarg(2, offset); }
  f32Store(offset = 0): this { return this.op(Op.f32Store).memarg(2, offset); }

  /** Loads 16 bytes; alignment hint 16 (the arena keeps every panel 16-byte aligned). */
  v128Load(offset = 0): this { return this.simd(SimdOp.v128Load).memarg(4, offset); }
  v128Store(offset = 0): this { return this.simd(SimdOp.v128Store).memarg(4, offset); }
  /** Loads one f32 and copies it into all four lanes. */
  v128Load32Splat(offset = 0): this { return this.simd(SimdOp.v128Load32Splat).memarg(2, offset); }
  /** The all-zero vector (16 immediate zero bytes). */
  v128Zero(): this {
    this.simd(SimdOp.v128Const).bytes.bytes(new Uint8Array(16));
    return this;
  }
  f32x4Splat(): this { return this.simd(SimdOp.f32x4Splat); }
  f32x4Add(): this { return this.simd(SimdOp.f32x4Add); }
  f32x4Mul(): this { return this.simd(SimdOp.f32x4Mul); }
  f32x4Div(): this { return this.simd(SimdOp.f32x4Div); }
  f32x4Sqrt(): this { return this.simd(SimdOp.f32x4Sqrt); }
  f64x2Add(): this { return this.simd(SimdOp.f64x2Add); }
  f64x2Mul(): this { return this.simd(SimdOp.f64x2Mul); }
  /** f32 lanes 0, 1 widened to an f64x2. */
  f64x2PromoteLowF32x4(): this { return this.simd(SimdOp.f64x2PromoteLowF32x4); }
  /** f64x2 rounded to f32 lanes 0, 1; lanes 2, 3 zero. */
  f32x4DemoteF64x2Zero(): this { return this.simd(SimdOp.f32x4DemoteF64x2Zero); }
  /** Pops b, then a: byte i of the result is byte lanes[i] of a·b's 32 bytes (0–15 a, 16–31 b). */
  i8x16Shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16 || lanes.some((l) => !Number.isInteger(l) || l < 0 || l > 31)) throw new Error(`i8x16Shuffle: lanes must be 16 integers in 0…31, got [${lanes.join(', ')}]`);
    this.simd(SimdOp.i8x16Shuffle).bytes.bytes(Uint8Array.from(lanes));
    return this;
  }
  /** Lanewise a > b: all ones where true, else zeros (false for NaN). */
  f32x4Gt(): this { return this.simd(SimdOp.f32x4Gt); }
  /** Pops mask, then b, then a: the bits of a where mask has ones, else of b. */
  v128Bitselect(): this { return this.simd(SimdOp.v128Bitselect); }

  /** block … end: `br` to it jumps past its end. */
  block(body: (c: this) => void): this {
    this.op(Op.block).bytes.byte(EMPTY_BLOCK);
    body(this);
    return this.op(Op.end);
  }
  /** loop … end: `br` to it jumps back to its start. */
  loop(body: (c: this) => void): this {
    this.op(Op.loop).bytes.byte(EMPTY_BLOCK);
    body(this);
    return this.op(Op.end);
  }
  /** Pops an i32; runs `then` if it is not zero, else `otherwise`. */
  if(then: (c: this) => void, otherwise?: (c: this) => void): this {
    this.op(Op.if).bytes.byte(EMPTY_BLOCK);
    then(this);
    if (otherwise) {
      this.op(Op.else);
      otherwise(this);
    }
    return this.op(Op.end);
  }
  /** Branch to the enclosing block/loop `depth` levels out (0 = innermost). */
  br(depth: number): this { this.op(Op.br).bytes.u32(depth); return this; }
  /** Pops an i32; branches as `br` if it is not zero. */
  brIf(depth: number): this { this.op(Op.brIf).bytes.u32(depth); return this; }
  /** Closes the function body. */
  end(): this { return this.op(Op.end); }
}
