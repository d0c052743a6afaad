/**
 * The few WebAssembly opcodes the kernels use (core spec §5.4; SIMD proposal, merged in 2.0).
 * SIMD instructions are the prefix byte 0xfd followed by their number as unsigned LEB128.
 */

/** Value types. */
export const ValType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Single-byte instructions. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  f32Store: 0x38,
  i32Const: 0x41,
  f32Const: 0x43,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f32Add: 0x92,
} as const;

/** Block type of a block, loop or if that takes and leaves nothing on the stack. */
export const EMPTY_BLOCK = 0x40;

/** Numbers of SIMD instructions, each emitted after the 0xfd prefix. */
export const SimdOp = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  f32x4Splat: 0x13,
  f32x4Gt: 0x44,
  v128Bitselect: 0x52,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f64x2Add: 0xf0,
  f64x2Mul: 0xf2,
} as const;
export const SIMD_PREFIX = 0xfd;

/** Section ids, in the order a module must list them. */
export const Section = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

/** Kinds of import and export entries. */
export const ExternalKind = { function: 0x00, memory: 0x02 } as const;

/** "\0asm" then version 1, little-endian. */
export const MODULE_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] as const;
/** Leads a function signature in the type section. */
export const FUNC_TYPE = 0x60;
/** Limits flags: minimum only, or minimum and maximum. */
export const LIMITS_MIN_MAX = 0x01;
