// The WebAssembly binary emitter: LEB128 encodings, module framing, the SIMD probe.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Bytes } from '../src/tensor/wasm/bytes.js';
import { Code } from '../src/tensor/wasm/code.js';
import { assembleModule } from '../src/tensor/wasm/module.js';
import { ValType } from '../src/tensor/wasm/opcodes.js';
import { simdSupported } from '../src/tensor/wasm/simdSupport.js';
import { kernelModuleBytes } from '../src/tensor/wasm/arena.js';

const hex = (b: Bytes): string => Array.from(b.toUint8Array(), (x) => x.toString(16).padStart(2, '0')).join(' ');

test('unsigned LEB128: 7 bits per byte, low group first, high bit says more follows', () => {
  assert.is(hex(new Bytes().u32(0)), '00');
  assert.is(hex(new Bytes().u32(127)), '7f');
  assert.is(hex(new Bytes().u32(128)), '80 01');
  assert.is(hex(new Bytes().u32(624485)), 'e5 8e 26');
  assert.is(hex(new Bytes().u32(0xffffffff)), 'ff ff ff ff 0f');
  assert.throws(() => new Bytes().u32(-1), /Bytes.u32: expected an integer 0..2\^32-1, got -1/);
});

test('signed LEB128: stops when the rest is sign bits and bit 6 of the last byte agrees', () => {
  assert.is(hex(new Bytes().s32(0)), '00');
  assert.is(hex(new Bytes().s32(63)), '3f');
  assert.is(hex(new Bytes().s32(64)), 'c0 00');
  assert.is(hex(new Bytes().s32(-1)), '7f');
  assert.is(hex(new Bytes().s32(-64)), '40');
  assert.is(hex(new Bytes().s32(-65)), 'bf 7f');
  assert.is(hex(new Bytes().s32(-123456)), 'c0 bb 78');
  assert.is(hex(new Bytes().s32(-0x80000000)), '80 80 80 80 78');
});

test('an assembled module runs: i32 arithmetic, a loop with br_if, f32 load/store through imported memory', () => {
  // copy(n): for i < n (n ≥ 1): f32 at 256 + 4i = f32 at 4i, plus 1 when i is 0 (if/else); locals: n, i, address.
  const c = new Code().i32Const(0).localSet(1);
  c.loop((l) => {
    l.localGet(1).i32Const(2).i32Shl().localSet(2);
    l.localGet(2).localGet(2).f32Load(0).f32Store(256);
    l.localGet(1).i32Eqz().if((t) => t.i32Const(256).i32Const(512).f32Load(0).f32Store(0), (e) => e.i32Const(0).localSet(2));
    l.localGet(1).i32Const(1).i32Add().localTee(1).localGet(0).i32LtU().brIf(0);
  });
  c.end();
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const bytes = assembleModule({ module: 'env', field: 'memory', pages: 1 }, [{ name: 'copy', params: [ValType.i32], results: [], locals: [ValType.i32, ValType.i32], code: c }]);
  assert.ok(WebAssembly.validate(bytes));
  const copy = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports['copy'] as (n: number) => void;
  const f = new Float32Array(memory.buffer);
  f.set([1.5, -2, 3.25, 4, 5]);
  f[128] = 7;
  copy(4);
  assert.equal(Array.from(f.subarray(64, 69)), [7, -2, 3.25, 4, 0]);
});

test('the SIMD probe says yes here, and a corrupted kernel module does not validate', () => {
  assert.ok(simdSupported());
  const bytes = kernelModuleBytes();
  assert.ok(WebAssembly.validate(bytes));
  assert.is(Array.from(bytes.slice(0, 8)).join(','), '0,97,115,109,1,0,0,0');
  const broken = bytes.slice();
  broken[broken.length - 1] = 0x6a; // the final `end` becomes an i32.add with nothing on the stack
  assert.not.ok(WebAssembly.validate(broken));
});

test.run();
