import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFloatsLE, writeFloatsLE } from '../src/nn/floatBytes.js';
import { type NamedArray, type SafeDType, SafetensorsError, decodeSafetensors, encodeSafetensors } from '../src/nn/safetensors.js';

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const u64 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24, 0, 0, 0, 0];

/** A file with a raw header (no padding) and `data` (a byte list, or that many zero bytes). */
function build(header: string, data: number | number[] = 0): Uint8Array {
  const h = utf8(header);
  const d = typeof data === 'number' ? new Array<number>(data).fill(0) : data;
  return new Uint8Array([...u64(h.length), ...h, ...d]);
}

function throwsSafe(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, SafetensorsError, String(e));
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a SafetensorsError matching ${pattern}`);
}

/** Decode either succeeds with self-consistent tensors or throws SafetensorsError; nothing else. */
function decodesOrRejects(bytes: Uint8Array): void {
  let out: ReturnType<typeof decodeSafetensors>;
  try {
    out = decodeSafetensors(bytes);
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw new Error(`non-SafetensorsError thrown: ${String(e)}`);
    return;
  }
  let total = 0;
  for (const t of Object.values(out.tensors)) {
    assert.is(t.data.length, t.shape.reduce((a, b) => a * b, 1));
    assert.ok(t.data instanceof (t.dtype === 'float32' ? Float32Array : Float64Array));
    total += t.data.byteLength;
  }
  assert.ok(total <= bytes.length);
  for (const v of Object.values(out.metadata)) assert.type(v, 'string');
}

function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
const namedArrayArb: fc.Arbitrary<NamedArray> = fc
  .tuple(shapeArb, fc.constantFrom<SafeDType>('float32', 'float64'))
  .chain(([shape, dtype]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = dtype === 'float32'
      ? fc.float32Array({ minLength: n, maxLength: n }) // includes NaN, ±Infinity, -0
      : fc.float64Array({ minLength: n, maxLength: n });
    return data.map((d): NamedArray => ({ dtype, shape, data: d }));
  });
const tensorsArb = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__metadata__'), namedArrayArb, { maxKeys: 6 });
const metadataArb = fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }), { nil: undefined });

test('golden bytes: one F32 tensor [2] = [1, -2]', () => {
  const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, -2]) } });
  const header = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 54 bytes, padded to 56
  const want = [56, 0, 0, 0, 0, 0, 0, 0, ...utf8(header), 0x20, 0x20, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0];
  assert.equal([...bytes], want);
  const back = decodeSafetensors(bytes);
  assert.equal(back.tensors, { w: { dtype: 'float32', shape: [2], data: new Float32Array([1, -2]) } });
  assert.equal(back.metadata, {});
});

test('golden bytes match the reference implementation (empty file, metadata only, space-padded header)', () => {
  assert.equal([...encodeSafetensors({})], [8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32]);
  const meta = encodeSafetensors({}, { framework: 'pt' });
  assert.equal([...meta], [40, 0, 0, 0, 0, 0, 0, 0, ...utf8('{"__metadata__":{"framework":"pt"}}'), 32, 32, 32, 32, 32]);
  const attn = encodeSafetensors({ attn0: { dtype: 'float32', shape: [1, 1, 2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) } });
  const header = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}';
  const floats = [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64];
  assert.equal([...attn], [72, 0, 0, 0, 0, 0, 0, 0, ...utf8(header), ...new Array<number>(7).fill(32), ...floats]);
  assert.equal(decodeSafetensors(meta).metadata, { framework: 'pt' });
});

test('layout: F64 before F32, names in code-point order, every tensor aligned to its item size', () => {
  const f32 = (n: number): NamedArray => ({ dtype: 'float32', shape: [n], data: new Float32Array(n).fill(n) });
  const f64 = (n: number): NamedArray => ({ dtype: 'float64', shape: [n], data: new Float64Array(n).fill(n) });
  const bytes = encodeSafetensors({ b: f32(1), '10': f32(3), '9': f64(1), a: f64(2), '\u{1F600}': f32(1), '\uFFFD': f32(1) });
  const n = new DataView(bytes.buffer).getUint32(0, true);
  assert.is(n % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: number[] }>;
  const order = Object.keys(header).sort((x, y) => header[x]!.data_offsets[0]! - header[y]!.data_offsets[0]!);
  assert.equal(order, ['9', 'a', '10', 'b', '\uFFFD', '\u{1F600}']);
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  assert.ok(text.indexOf('"9"') < text.indexOf('"a"') && text.indexOf('"a"') < text.indexOf('"10"'), 'header lists tensors in layout order');
  const back = decodeSafetensors(bytes);
  // Integer-like names ('9', '10') are listed first by any JS object, so compare as sets.
  assert.equal(Object.keys(back.tensors).sort(), [...order].sort());
  assert.equal([...back.tensors['10']!.data], [3, 3, 3]);
});

test('round trip: random shapes and both dtypes (NaN, ±Infinity, -0 bit-exact), scalars, zero-size, metadata', () => {
  fc.assert(
    fc.property(tensorsArb, metadataArb, (tensors, metadata) => {
      const back = decodeSafetensors(encodeSafetensors(tensors, metadata));
      assert.equal(Object.keys(back.tensors).sort(), Object.keys(tensors).sort());
      for (const [name, t] of Object.entries(tensors)) {
        const got = back.tensors[name]!;
        assert.is(got.dtype, t.dtype);
        assert.equal(got.shape, t.shape);
        assert.ok(sameBits(got.data, t.data), name);
        assert.is.not(got.data.buffer, t.data.buffer);
      }
      assert.equal(back.metadata, { ...metadata }); // fc may give null-prototype dictionaries
    }),
    { seed: 42, numRuns: 200 },
  );
});

test('round trip: scalar shape [], zero-size tensors sharing an offset, awkward names', () => {
  const tensors: Record<string, NamedArray> = {
    s: { dtype: 'float64', shape: [], data: new Float64Array([Math.PI]) },
    e1: { dtype: 'float32', shape: [0], data: new Float32Array(0) },
    e2: { dtype: 'float32', shape: [3, 0, 2], data: new Float32Array(0) },
    e3: { dtype: 'float64', shape: [0], data: new Float64Array(0) },
    x: { dtype: 'float32', shape: [1, 2], data: new Float32Array([0.1, -0]) },
    'a "quoted"\n\\ name': { dtype: 'float32', shape: [1], data: new Float32Array([7]) },
  };
  Object.defineProperty(tensors, '__proto__', { value: { dtype: 'float32', shape: [1], data: new Float32Array([5]) }, enumerable: true });
  const back = decodeSafetensors(encodeSafetensors(tensors, { 'k\u00e9y': 'v\u{1F600}', empty: '' }));
  assert.equal(Object.keys(back.tensors).sort(), Object.keys(tensors).sort());
  assert.equal(back.tensors['s'], tensors['s']);
  assert.equal(back.tensors['e2'], tensors['e2']);
  assert.ok(Object.hasOwn(back.tensors, '__proto__'));
  assert.equal([...Object.getOwnPropertyDescriptor(back.tensors, '__proto__')!.value.data], [5]);
  assert.is(Object.getPrototypeOf(back.tensors), Object.prototype);
  assert.ok(Object.is(back.tensors['x']!.data[1], -0));
  assert.equal(back.metadata, { empty: '', 'k\u00e9y': 'v\u{1F600}' });
});

test('reads unaligned input (a Buffer slice at an odd offset) and a hand-written file with tensors out of order', () => {
  const good = encodeSafetensors({ a: { dtype: 'float64', shape: [2], data: new Float64Array([1.5, -2.5]) } });
  const shifted = new Uint8Array(good.length + 3);
  shifted.set(good, 3);
  assert.equal([...decodeSafetensors(shifted.subarray(3)).tensors['a']!.data], [1.5, -2.5]);
  const f = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
  const file = build('{"late":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"early":{"dtype":"F32","shape":[],"data_offsets":[0,4]}} ', [...f]);
  const back = decodeSafetensors(file);
  assert.equal(Object.keys(back.tensors), ['early', 'late']);
  assert.equal([...back.tensors['late']!.data], [2, 3]);
});

test('portable (DataView) float path agrees with the byte-copy path', () => {
  fc.assert(
    fc.property(fc.float64Array({ maxLength: 20 }), fc.integer({ min: 0, max: 7 }), (src, offset) => {
      for (const data of [src, new Float32Array(src)]) {
        const a = new Uint8Array(offset + data.byteLength);
        const b = new Uint8Array(offset + data.byteLength);
        writeFloatsLE(data, a, offset, false);
        writeFloatsLE(data, b, offset, true);
        assert.equal([...a], [...b]);
        const fast = data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
        const slow = data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
        readFloatsLE(a, offset, fast, false);
        readFloatsLE(a, offset, slow, true);
        assert.ok(sameBits(fast, data) && sameBits(slow, data));
      }
    }),
    { seed: 7, numRuns: 100 },
  );
});

test('malformed: buffer, header length and header text', () => {
  throwsSafe(() => decodeSafetensors(new Uint8Array(5)), /buffer holds 5 bytes, but a safetensors file starts with an 8-byte header length/);
  throwsSafe(() => decodeSafetensors([1, 2] as unknown as Uint8Array), /bytes must be a Uint8Array, got \[1,2\]/);
  throwsSafe(() => decodeSafetensors(new Uint8Array([100, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d])), /header length 100 runs past the end of the buffer \(2 bytes follow/);
  const huge = new Uint8Array([0, 0, 0, 0, 0, 1, 0, 0, 0x7b, 0x7d]);
  throwsSafe(() => decodeSafetensors(huge), /header length 1099511627776 exceeds the limit of 100000000 bytes/);
  throwsSafe(() => decodeSafetensors(new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255])), /header length 18446744073709551615 exceeds/);
  const ok = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array(2) } });
  throwsSafe(() => decodeSafetensors(ok, { maxHeaderBytes: 16 }), /header length 56 exceeds the limit of 16 bytes/);
  throwsSafe(() => decodeSafetensors(ok, { maxHeaderBytes: -1 }), /opts.maxHeaderBytes must be a non-negative integer, got -1/);
  throwsSafe(() => decodeSafetensors(new Uint8Array(8)), /header must be a JSON object starting with '\{', got an empty header/);
  throwsSafe(() => decodeSafetensors(build('[1]')), /starting with '\{', got first byte 0x5b/);
  throwsSafe(() => decodeSafetensors(build(' {}')), /got first byte 0x20/);
  throwsSafe(() => decodeSafetensors(new Uint8Array([...u64(3), 0x7b, 0xff, 0x7d])), /header \(bytes 8\.\.11\) is not valid UTF-8/);
  throwsSafe(() => decodeSafetensors(build('{"a":')), /header is not valid JSON: /);
  throwsSafe(() => decodeSafetensors(build('{} x')), /header is not valid JSON: /);
});

test('malformed: tensor entries', () => {
  const d = (entry: string, bytes = 8): Uint8Array => build(`{"w":${entry}}`, bytes);
  throwsSafe(() => decodeSafetensors(d('3')), /tensor 'w': entry must be an object \{dtype, shape, data_offsets\}, got 3/);
  throwsSafe(() => decodeSafetensors(d('[]')), /tensor 'w': entry must be an object/);
  throwsSafe(() => decodeSafetensors(d('{"shape":[2],"data_offsets":[0,8]}')), /tensor 'w': entry is missing "dtype"/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","data_offsets":[0,8]}')), /entry is missing "shape"/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[2]}')), /entry is missing "data_offsets"/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":32,"shape":[2],"data_offsets":[0,8]}')), /"dtype" must be a string such as "F32", got 32/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F16","shape":[4],"data_offsets":[0,8]}')), /tensor 'w': dtype "F16" is not supported; only "F32" and "F64" can be decoded/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}')), /dtype "BF16" is not supported/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"I64","shape":[1],"data_offsets":[0,8]}')), /dtype "I64" is not supported/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"float32","shape":[2],"data_offsets":[0,8]}')), /dtype "float32" is unknown; only "F32" and "F64"/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":"2","data_offsets":[0,8]}')), /"shape" must be an array of non-negative integers, got "2"/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[2,-1],"data_offsets":[0,8]}')), /shape\[1\] must be a non-negative integer, got -1/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}')), /shape\[0\] must be a non-negative integer, got 1.5/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[1e300],"data_offsets":[0,8]}')), /shape\[0\] must be a non-negative integer, got 1e\+300/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[2],"data_offsets":[0]}')), /"data_offsets" must be \[begin, end\], got \[0\]/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[2],"data_offsets":{"0":0}}')), /"data_offsets" must be \[begin, end\]/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[2],"data_offsets":["0",8]}')), /data_offsets begin must be a non-negative integer, got "0"/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[2],"data_offsets":[0,7.5]}')), /data_offsets end must be a non-negative integer, got 7.5/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}')), /data_offsets begin must be a non-negative integer, got -8/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[0],"data_offsets":[8,4]}')), /data_offsets \[8, 4\] has begin > end/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[4],"data_offsets":[0,16]}')), /data_offsets end 16 is beyond the data buffer of 8 bytes/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[3],"data_offsets":[0,8]}')), /shape \[3\] of F32 needs 12 bytes, but data_offsets \[0, 8\] span 8/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F64","shape":[2],"data_offsets":[0,8]}')), /shape \[2\] of F64 needs 16 bytes/);
  throwsSafe(() => decodeSafetensors(d('{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}')), /needs 73786976294838210000 bytes, but data_offsets \[0, 8\] span 8/);
});

test('malformed: layout of the data buffer', () => {
  const entry = (b: number, e: number): string => `{"dtype":"F32","shape":[${(e - b) / 4}],"data_offsets":[${b},${e}]}`;
  throwsSafe(() => decodeSafetensors(build(`{"a":${entry(0, 8)},"b":${entry(4, 12)}}`, 12)), /tensor 'b' \[4, 12\) overlaps tensor 'a' \[0, 8\)/);
  throwsSafe(() => decodeSafetensors(build(`{"a":${entry(0, 8)},"b":${entry(0, 8)}}`, 8)), /overlaps/);
  throwsSafe(() => decodeSafetensors(build(`{"a":${entry(0, 8)},"z":${entry(4, 4)}}`, 8)), /tensor 'z' \[4, 4\) overlaps tensor 'a'/);
  throwsSafe(() => decodeSafetensors(build(`{"a":${entry(0, 4)},"b":${entry(8, 12)}}`, 12)), /data bytes \[4, 8\) between 'a' and 'b' belong to no tensor/);
  throwsSafe(() => decodeSafetensors(build(`{"a":${entry(4, 8)}}`, 8)), /data bytes \[0, 4\) before the first tensor belong to no tensor/);
  throwsSafe(() => decodeSafetensors(build(`{"a":${entry(0, 4)}}`, 8)), /trailing data bytes \[4, 8\) belong to no tensor \(the last tensor ends at 4\)/);
  throwsSafe(() => decodeSafetensors(build('{}', 1)), /trailing data bytes \[0, 1\)/);
  // Bytes appended to a valid file are trailing bytes too.
  const ok = encodeSafetensors({ w: { dtype: 'float32', shape: [1], data: new Float32Array(1) } });
  throwsSafe(() => decodeSafetensors(new Uint8Array([...ok, 0])), /trailing data bytes \[4, 5\)/);
});

test('malformed: __metadata__', () => {
  throwsSafe(() => decodeSafetensors(build('{"__metadata__":["a"]}')), /"__metadata__" must be an object mapping strings to strings, got \["a"\]/);
  throwsSafe(() => decodeSafetensors(build('{"__metadata__":null}')), /"__metadata__" must be an object mapping strings to strings, got null/);
  throwsSafe(() => decodeSafetensors(build('{"__metadata__":"x"}')), /got "x"/);
  throwsSafe(() => decodeSafetensors(build('{"__metadata__":{"ok":"1","epoch":3}}')), /"__metadata__" value for key 'epoch' must be a string, got 3/);
  throwsSafe(() => decodeSafetensors(build('{"__metadata__":{"k":{"a":"b"}}}')), /value for key 'k' must be a string, got \{"a":"b"\}/);
});

test('long hostile names are cut short in messages', () => {
  const name = 'n'.repeat(10000);
  try {
    decodeSafetensors(build(`{"${name}":3}`));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SafetensorsError);
    assert.ok((e as Error).message.length < 300, (e as Error).message.slice(0, 300));
  }
});

test('writer validates its input', () => {
  const w = (t: unknown, m?: unknown): Uint8Array => encodeSafetensors(t as Record<string, NamedArray>, m as Record<string, string>);
  const f32 = { dtype: 'float32', shape: [2], data: new Float32Array(2) };
  throwsSafe(() => w(null), /encodeSafetensors: tensors must be an object mapping names to \{dtype, shape, data\}, got null/);
  throwsSafe(() => w({ '': f32 }), /tensor name must be a non-empty, well-formed string other than "__metadata__", got ""/);
  throwsSafe(() => w({ __metadata__: f32 }), /got "__metadata__"/);
  throwsSafe(() => w({ ['a\uD800']: f32 }), /tensor name must be a non-empty, well-formed string/);
  throwsSafe(() => w({ w: 3 }), /tensor 'w' must be \{dtype, shape, data\}, got 3/);
  throwsSafe(() => w({ w: { ...f32, dtype: 'float16' } }), /tensor 'w': dtype must be 'float32' or 'float64', got "float16"/);
  throwsSafe(() => w({ w: { ...f32, data: new Float64Array(2) } }), /dtype float32 needs data as a Float32Array, got Float64Array/);
  throwsSafe(() => w({ w: { ...f32, data: [0, 0] } }), /needs data as a Float32Array, got Array/);
  throwsSafe(() => w({ w: { ...f32, shape: [3] } }), /tensor 'w': shape \[3\] holds 3 elements but data has 2/);
  throwsSafe(() => w({ w: { ...f32, shape: [2, -1] } }), /shape\[1\] must be a non-negative integer, got -1/);
  throwsSafe(() => w({ w: { ...f32, shape: 2 } }), /shape must be an array of non-negative integers, got 2/);
  throwsSafe(() => w({ w: f32 }, { epoch: 3 }), /metadata\["epoch"\] must be a string, got 3/);
  throwsSafe(() => w({ w: f32 }, ['a']), /metadata must be an object mapping strings to strings, got \["a"\]/);
  throwsSafe(() => w({ w: f32 }, { k: '\uDC00' }), /metadata entry "k" holds a lone UTF-16 surrogate/);
  // NaN weights are data, not an error.
  const nan = decodeSafetensors(w({ w: { ...f32, data: new Float32Array([NaN, Infinity]) } }));
  assert.ok(Number.isNaN(nan.tensors['w']!.data[0]!));
});

test('fuzz: random bytes are decoded or rejected with SafetensorsError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesOrRejects(bytes)), { seed: 1, numRuns: 500 });
  // Past the length check: a plausible header length followed by random bytes starting with '{'.
  fc.assert(
    fc.property(fc.nat({ max: 200 }), fc.uint8Array({ maxLength: 300 }), (n, rest) => {
      decodesOrRejects(new Uint8Array([...u64(n), 0x7b, ...rest]));
    }),
    { seed: 2, numRuns: 500 },
  );
});

test('fuzz: mutated and truncated valid files are decoded or rejected with SafetensorsError', () => {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('length' as const), value: fc.integer({ min: -16, max: 16 }) }),
    fc.record({ kind: fc.constant('text' as const), at: fc.nat(), value: fc.constantFrom(...utf8('{}[]",:-0123456789.eE ')) }),
  );
  fc.assert(
    fc.property(tensorsArb, metadataArb, fc.array(mutation, { minLength: 1, maxLength: 4 }), (tensors, metadata, muts) => {
      let bytes = [...encodeSafetensors(tensors, metadata)];
      for (const m of muts) {
        const at = 'at' in m ? m.at % (bytes.length + 1) : 0;
        if (m.kind === 'set' || m.kind === 'text') bytes[Math.min(at, bytes.length - 1)] = m.value;
        else if (m.kind === 'truncate') bytes = bytes.slice(0, at);
        else if (m.kind === 'insert') bytes.splice(at, 0, m.value);
        else if (m.kind === 'remove') bytes.splice(at, 1);
        else if (bytes.length >= 8) bytes.splice(0, 8, ...u64(Math.max(0, (bytes[0]! | (bytes[1]! << 8)) + m.value)));
      }
      decodesOrRejects(new Uint8Array(bytes));
    }),
    { seed: 3, numRuns: 1000 },
  );
});

test('fuzz: random JSON headers are decoded or rejected with SafetensorsError', () => {
  const num = fc.oneof(fc.integer({ min: -4, max: 40 }), fc.double(), fc.constant(2 ** 53), fc.string({ maxLength: 3 }));
  const entry = fc.oneof(
    fc.record(
      {
        dtype: fc.oneof(fc.constantFrom('F32', 'F64', 'F16', 'I64', 'BOOL', ''), fc.integer()),
        shape: fc.oneof(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), num), { maxLength: 3 }), num),
        data_offsets: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), fc.array(num, { maxLength: 3 })),
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const metaValue = fc.oneof(fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string({ maxLength: 3 }), fc.integer())), fc.jsonValue({ maxDepth: 1 }));
  const header = fc.tuple(fc.dictionary(fc.string({ maxLength: 4 }), entry, { maxKeys: 4 }), fc.option(metaValue));
  fc.assert(
    fc.property(header, fc.nat({ max: 48 }), fc.nat({ max: 8 }), ([tensors, meta], dataBytes, pad) => {
      const obj: Record<string, unknown> = { ...tensors };
      if (meta !== null) obj['__metadata__'] = meta;
      decodesOrRejects(build(JSON.stringify(obj) + ' '.repeat(pad), dataBytes));
    }),
    { seed: 4, numRuns: 1000 },
  );
  // Near-valid headers: contiguous layouts with small perturbations reach the size and tiling checks.
  const seen = new Set<string>();
  const tensorSpec = fc.record({
    dtype: fc.constantFrom('F32', 'F64'),
    shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
    dBegin: fc.constantFrom(0, 0, 0, -4, 4, 8),
    dEnd: fc.constantFrom(0, 0, 0, -4, 4, 8),
  });
  fc.assert(
    fc.property(fc.array(tensorSpec, { maxLength: 4 }), fc.constantFrom(0, 0, -4, 4), fc.boolean(), (specs, dData, shuffle) => {
      let at = 0;
      const entries = specs.map((s, i) => {
        const size = s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'F32' ? 4 : 8);
        const e = `"t${i}":{"dtype":"${s.dtype}","shape":[${s.shape.join(',')}],"data_offsets":[${at + s.dBegin},${at + size + s.dEnd}]}`;
        at += size;
        return e;
      });
      if (shuffle) entries.reverse();
      const bytes = build(`{${entries.join(',')}}`, Math.max(0, at + dData));
      try {
        decodeSafetensors(bytes);
        seen.add('ok');
      } catch (e) {
        if (!(e instanceof SafetensorsError)) throw e;
        seen.add((e as Error).message.replace(/^.*?(overlaps|belong to no tensor|needs|is beyond|begin > end|non-negative).*$/, '$1'));
      }
    }),
    { seed: 6, numRuns: 1000 },
  );
  assert.equal([...seen].sort(), ['begin > end', 'belong to no tensor', 'is beyond', 'needs', 'non-negative', 'ok', 'overlaps']);
  // Fully random JSON text as the header.
  fc.assert(fc.property(fc.json({ maxDepth: 3 }), fc.nat({ max: 16 }), (text, n) => decodesOrRejects(build(text, n))), { seed: 5, numRuns: 500 });
});

test.run();
