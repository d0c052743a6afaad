import { deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adler32 } from '../src/image/adler32.js';
import { crc32, crc32Update } from '../src/image/crc32.js';
import { type PngFilter, encodePng, encodePngGray } from '../src/image/png.js';
import { zlibCompress, zlibStore } from '../src/image/zlib.js';
import { decodePng } from '../src/node/pngRead.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bytes with runs and repeats, so that LZ77 finds matches of many lengths and distances. */
function structured(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s >>> 24;
    out[i] = r < 90 && i > 300 ? out[i - 1 - (r % 300)]! : r < 160 && i > 0 ? out[i - 1]! : r;
  }
  return out;
}

test('crc32 check value and incremental update', () => {
  assert.is(crc32(ascii('123456789')), 0xcbf43926);
  assert.is(crc32(new Uint8Array(0)), 0);
  const data = ascii('The quick brown fox jumps over the lazy dog');
  assert.is(crc32(data), 0x414fa339);
  assert.is(crc32Update(crc32(data, 0, 10), data, 10), crc32(data));
});

test('adler32 check values', () => {
  assert.is(adler32(ascii('Wikipedia')), 0x11e60398);
  assert.is(adler32(new Uint8Array(0)), 1);
  // Long input crosses the 5552-byte modulo blocks.
  const big = new Uint8Array(100000).fill(255);
  assert.is(adler32(big), deflateSync(big).readUInt32BE(deflateSync(big).length - 4));
});

test('zlibStore: node:zlib inflates it to the input; blocks of at most 65535 bytes', () => {
  for (const n of [0, 1, 65535, 65536, 140000]) {
    const data = structured(n, n + 1);
    const z = zlibStore(data);
    assert.equal(new Uint8Array(inflateSync(z)), data, `n=${n}`);
    assert.is(z.length, 2 + n + 5 * Math.max(1, Math.ceil(n / 65535)) + 4);
    assert.is(z[0], 0x78);
    assert.is((z[0]! * 256 + z[1]!) % 31, 0);
  }
});

test('zlibCompress: node:zlib inflates it to the input, compresses runs, stores noise', () => {
  for (const n of [0, 1, 2, 3, 258, 259, 40000, 300000]) {
    const data = structured(n, 7 * n + 3);
    assert.equal(new Uint8Array(inflateSync(zlibCompress(data))), data, `n=${n}`);
  }
  const flat = new Uint8Array(1 << 20).fill(9);
  const z = zlibCompress(flat);
  // 258-byte matches at 13 bits each: ~6.6 KB.
  assert.ok(z.length < 7000, `1 MiB of one byte compressed to ${z.length} bytes`);
  assert.equal(new Uint8Array(inflateSync(z)), flat);
  const noise = new Uint8Array(5000);
  for (let i = 0; i < noise.length; i++) noise[i] = (Math.imul(i, 2654435761) >>> 13) & 255;
  assert.ok(zlibCompress(noise).length <= zlibStore(noise).length);
});

test('zlibCompress round trip (property)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 1000 }), (bytes, seed) => {
      const data = new Uint8Array([...bytes, ...structured(seed * 3, seed)]);
      const back = new Uint8Array(inflateSync(zlibCompress(data)));
      return back.length === data.length && back.every((v, i) => v === data[i]);
    }),
    { seed: 42, numRuns: 150 },
  );
});

/** Chunks of a PNG file: [type, body, stored CRC]. */
function chunks(png: Uint8Array): [string, Uint8Array, number][] {
  const out: [string, Uint8Array, number][] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let p = 8; p < png.length; ) {
    const len = view.getUint32(p);
    out.push([String.fromCharCode(...png.subarray(p + 4, p + 8)), png.subarray(p + 8, p + 8 + len), view.getUint32(p + 8 + len)]);
    p += 12 + len;
  }
  return out;
}

function randomImage(w: number, h: number, seed: number): Uint8ClampedArray {
  const d = new Uint8ClampedArray(w * h * 4);
  let s = seed;
  for (let i = 0; i < d.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    // Smooth gradient plus noise, so every filter type has something to predict.
    d[i] = ((i >> 2) % w) * 3 + (s >>> 28);
  }
  return d;
}

test('encodePng: signature, IHDR/IDAT/IEND with valid CRCs, IDAT inflates to filtered rows', () => {
  const img = { width: 5, height: 3, data: randomImage(5, 3, 1) };
  const png = encodePng(img, { filter: 0 });
  assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const cs = chunks(png);
  assert.equal(cs.map((c) => c[0]), ['IHDR', 'IDAT', 'IEND']);
  for (const [type, body, stored] of cs) assert.is(stored, crc32Update(crc32(ascii(type)), body), type);
  const ihdr = new DataView(cs[0]![1].buffer, cs[0]![1].byteOffset);
  assert.equal([ihdr.getUint32(0), ihdr.getUint32(4), ...cs[0]![1].subarray(8)], [5, 3, 8, 6, 0, 0, 0]);
  const raw = new Uint8Array(inflateSync(cs[1]![1]));
  assert.is(raw.length, 3 * (1 + 5 * 4));
  assert.equal([...raw.subarray(1, 21)], [...img.data.subarray(0, 20)]);
});

test('encodePng -> decodePng round trip: every filter, stored and compressed', () => {
  const filters: PngFilter[] = [0, 1, 2, 3, 4, 'auto'];
  for (const [w, h] of [[1, 1], [7, 5], [33, 17]] as const) {
    const img = { width: w, height: h, data: randomImage(w, h, w * h) };
    for (const filter of filters) {
      for (const compress of [true, false]) {
        const dec = decodePng(encodePng(img, { filter, compress }), 'mem.png');
        assert.is(dec.width, w);
        assert.is(dec.height, h);
        assert.is(dec.channels, 4);
        assert.equal(dec.data, new Uint8Array(img.data), `${w}x${h} filter ${filter} compress ${compress}`);
      }
    }
  }
});

test('encodePng -> decodePng round trip (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (w, h, seed) => {
      const data = randomImage(w, h, seed);
      const dec = decodePng(encodePng({ width: w, height: h, data }), 'p.png');
      return dec.width === w && dec.height === h && dec.data.every((v, i) => v === data[i]);
    }),
    { seed: 42, numRuns: 100 },
  );
});

test('encodePngGray -> decodePng gives 1 channel, same bytes', () => {
  const gray = new Uint8Array(6 * 4).map((_, i) => (i * 37) & 255);
  const dec = decodePng(encodePngGray(6, 4, gray), 'g.png');
  assert.equal([dec.width, dec.height, dec.channels], [6, 4, 1]);
  assert.equal(dec.data, gray);
});

test('encodePng rejects data of the wrong length', () => {
  assert.throws(() => encodePng({ width: 2, height: 2, data: new Uint8ClampedArray(15) }), /16/);
  assert.throws(() => encodePngGray(0, 2, new Uint8Array(0)), /positive integers/);
});

// ---- decodePng on hand-built PNGs (color types the encoder does not write) ----

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(ascii(type), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
  return out;
}

/** PNG from raw filtered scanlines (filter byte + row bytes per row). */
function buildPng(w: number, h: number, depth: number, colorType: number, scanlines: number[], extra: Uint8Array[] = [], interlace = 0): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, w);
  new DataView(ihdr.buffer).setUint32(4, h);
  ihdr.set([depth, colorType, 0, 0, interlace], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', new Uint8Array(deflateSync(new Uint8Array(scanlines)))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

test('decodePng: 1, 2, 4-bit gray scale to 0..255', () => {
  // 1 bit, 10 pixels: 1011001110 -> two bytes, padded.
  let d = decodePng(buildPng(10, 1, 1, 0, [0, 0b10110011, 0b10000000]), 'g1.png');
  assert.equal([...d.data], [255, 0, 255, 255, 0, 0, 255, 255, 255, 0]);
  d = decodePng(buildPng(5, 1, 2, 0, [0, 0b00011011, 0b01000000]), 'g2.png');
  assert.equal([...d.data], [0, 85, 170, 255, 85]);
  d = decodePng(buildPng(3, 2, 4, 0, [0, 0x0f, 0x80, 2, 0x10, 0x00]), 'g4.png');
  // Row 2 uses filter Up: 0x0f+0x10=0x1f, 0x80+0x00=0x80.
  assert.equal([...d.data], [0, 255, 136, 17, 255, 136]);
  assert.is(d.channels, 1);
});

test('decodePng: 16-bit gray, gray+alpha, RGB, RGBA round to 8 bits', () => {
  let d = decodePng(buildPng(2, 1, 16, 0, [0, 0xff, 0xff, 0x80, 0x80]), 'g16.png');
  assert.equal([...d.data], [255, 128]);
  d = decodePng(buildPng(1, 1, 16, 2, [0, 0x12, 0x34, 0x00, 0x00, 0xff, 0xff]), 'rgb16.png');
  assert.equal([...d.data], [Math.round(0x1234 / 257), 0, 255]);
  assert.is(d.channels, 3);
  d = decodePng(buildPng(1, 1, 16, 6, [0, 1, 0, 2, 0, 3, 0, 4, 0]), 'rgba16.png');
  assert.equal([...d.data], [1, 2, 3, 4]);
  d = decodePng(buildPng(2, 1, 8, 4, [1, 10, 200, 5, 5]), 'ga8.png'); // filter Sub, bpp 2
  assert.equal([...d.data], [10, 200, 15, 205]);
  assert.is(d.channels, 2);
});

test('decodePng: palettes of 1, 2, 4, 8 bits, with and without tRNS', () => {
  const plte = chunk('PLTE', new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]));
  let d = decodePng(buildPng(3, 1, 1, 3, [0, 0b01000000], [plte]), 'p1.png');
  assert.equal([...d.data], [255, 0, 0, 0, 255, 0, 255, 0, 0]);
  assert.is(d.channels, 3);
  d = decodePng(buildPng(4, 1, 2, 3, [0, 0b11100100], [plte]), 'p2.png');
  assert.equal([...d.data], [9, 9, 9, 0, 0, 255, 0, 255, 0, 255, 0, 0]);
  d = decodePng(buildPng(2, 1, 4, 3, [0, 0x21], [plte, chunk('tRNS', new Uint8Array([0, 128]))]), 'p4.png');
  assert.equal([...d.data], [0, 0, 255, 255, 0, 255, 0, 128]);
  assert.is(d.channels, 4);
  d = decodePng(buildPng(2, 2, 8, 3, [0, 3, 0, 4, 0, 2], [plte]), 'p8.png'); // row 2 Paeth
  assert.equal(d.data.length, 12);
  assert.equal([...d.data.subarray(6)], [9, 9, 9, 0, 0, 255]); // Paeth picks up (3) then up (0): indices 3, 2
  assert.throws(() => decodePng(buildPng(1, 1, 8, 3, [0, 7], [plte]), 'bad.png'), /bad\.png: palette index 7 .* out of range \(palette has 4 entries\)/);
  assert.throws(() => decodePng(buildPng(1, 1, 8, 3, [0, 0]), 'nopal.png'), /nopal\.png: palette image without a PLTE chunk/);
});

test('decodePng: all five filters on RGB rows, against a direct computation', () => {
  // Row 0 raw = [10,20,30, 40,50,60]; rows 1..4 re-encode a known raw row with filters 1..4.
  const prev = [10, 20, 30, 40, 50, 60];
  const cur = [15, 25, 35, 200, 100, 0];
  const paeth = (a: number, b: number, c: number): number => {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  };
  const scan: number[] = [0, ...prev];
  for (let f = 1; f <= 4; f++) {
    // Every row after the first decodes to `cur` again, and the one above is `cur` after row 1.
    const above = f === 1 ? prev : cur;
    scan.push(f);
    for (let i = 0; i < 6; i++) {
      const a = i >= 3 ? cur[i - 3]! : 0;
      const b = above[i]!;
      const c = i >= 3 ? above[i - 3]! : 0;
      const pred = f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c);
      scan.push((cur[i]! - pred) & 255);
    }
  }
  const d = decodePng(buildPng(2, 5, 8, 2, scan), 'filters.png');
  assert.equal([...d.data], [...prev, ...cur, ...cur, ...cur, ...cur]);
});

test('decodePng errors name the source', () => {
  const good = encodePng({ width: 4, height: 4, data: randomImage(4, 4, 3) });
  assert.throws(() => decodePng(ascii('GIF89a....'), 'x.gif'), /decodePng: x\.gif: not a PNG file \(bad signature\)/);
  assert.throws(() => decodePng(good.subarray(0, 50), 'cut.png'), /cut\.png: truncated chunk 'IDAT' at byte 33/);
  assert.throws(() => decodePng(good.subarray(0, 37), 'cut2.png'), /cut2\.png: truncated chunk header at byte 33/);
  assert.throws(() => decodePng(good.subarray(0, good.length - 12), 'noend.png'), /noend\.png: file ends before the IEND chunk/);
  const flipped = good.slice();
  flipped[45]! ^= 1;
  assert.throws(() => decodePng(flipped, 'crc.png'), /crc\.png: bad CRC in chunk 'IDAT' at byte 33 \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/);
  assert.throws(() => decodePng(buildPng(1, 1, 8, 0, [0, 0], [], 1), 'adam7.png'), /adam7\.png: interlaced \(Adam7\) PNGs are not supported/);
  assert.throws(() => decodePng(buildPng(1, 1, 16, 3, [0, 0, 0]), 'p16.png'), /p16\.png: unsupported bit depth 16 for palette images/);
  assert.throws(() => decodePng(buildPng(1, 1, 8, 5, [0, 0]), 'ct5.png'), /ct5\.png: unsupported color type 5/);
  assert.throws(() => decodePng(buildPng(1, 1, 8, 0, [7, 0]), 'filt.png'), /filt\.png: bad filter type 7 on row 0/);
  assert.throws(() => decodePng(buildPng(3, 2, 8, 0, [0, 1, 2, 3]), 'short.png'), /short\.png: image data is too short: 4 bytes, expected 8/);
});

test.run();
