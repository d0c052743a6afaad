/**
 * PNG decoder for reading training images: non-interlaced PNGs of every color type and bit depth
 * (gray 1/2/4/8/16, gray+alpha 8/16, RGB 8/16, RGBA 8/16, palette 1/2/4/8 with optional tRNS alpha).
 * 16-bit samples are rounded to 8 bits. Uses node:zlib for inflate, so it lives in src/node.
 */
import { inflateSync } from 'node:zlib';
import { crc32Update } from '../image/crc32.js';
import { paeth } from '../image/png.js';

export interface DecodedPng {
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (palette images give 3, or 4 when they carry a tRNS chunk). */
  channels: 1 | 2 | 3 | 4;
  /** [height, width, channels] row-major, 8 bits per sample. */
  data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Allowed bit depths per color type, and samples per pixel. */
const COLOR_TYPES: Record<number, { name: string; depths: number[]; samples: number }> = {
  0: { name: 'gray', depths: [1, 2, 4, 8, 16], samples: 1 },
  2: { name: 'RGB', depths: [8, 16], samples: 3 },
  3: { name: 'palette', depths: [1, 2, 4, 8], samples: 1 },
  4: { name: 'gray+alpha', depths: [8, 16], samples: 2 },
  6: { name: 'RGBA', depths: [8, 16], samples: 4 },
};

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}

/**
 * Decodes PNG bytes; `source` (e.g. the file path) names the file in errors. Checks every chunk's CRC.
 * Throws for a bad signature, truncated or corrupt chunks, interlaced images and invalid headers.
 */
export function decodePng(bytes: Uint8Array, source: string): DecodedPng {
  const fail = (msg: string): never => {
    throw new Error(`decodePng: ${source}: ${msg}`);
  };
  if (bytes.length < 8 || SIGNATURE.some((v, i) => bytes[i] !== v)) fail('not a PNG file (bad signature)');

  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = -1;
  let palette: Uint8Array | null = null;
  let paletteAlpha: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let sawEnd = false;
  let p = 8;
  while (p < bytes.length && !sawEnd) {
    if (p + 8 > bytes.length) fail(`truncated chunk header at byte ${p}`);
    const length = u32(bytes, p);
    const type = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) fail(`corrupt chunk type at byte ${p}`);
    if (length > 0x7fffffff || p + 12 + length > bytes.length) {
      fail(`truncated chunk '${type}' at byte ${p}: it declares ${length} data bytes but the file has ${Math.max(0, bytes.length - p - 12)} left`);
    }
    const body = bytes.subarray(p + 8, p + 8 + length);
    const stored = u32(bytes, p + 8 + length);
    const computed = crc32Update(0, bytes, p + 4, p + 8 + length);
    if (stored !== computed) fail(`bad CRC in chunk '${type}' at byte ${p} (stored ${hex(stored)}, computed ${hex(computed)})`);
    if (p === 8 && type !== 'IHDR') fail(`first chunk is '${type}', expected 'IHDR'`);

    if (type === 'IHDR') {
      if (length !== 13) fail(`IHDR has ${length} bytes, expected 13`);
      width = u32(body, 0);
      height = u32(body, 4);
      depth = body[8]!;
      colorType = body[9]!;
      const ct = COLOR_TYPES[colorType];
      if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) fail(`invalid size ${width}x${height}`);
      if (ct === undefined) fail(`unsupported color type ${colorType}`);
      if (!ct!.depths.includes(depth)) fail(`unsupported bit depth ${depth} for ${ct!.name} images (allowed: ${ct!.depths.join(', ')})`);
      if (body[10] !== 0) fail(`unsupported compression method ${body[10]}`);
      if (body[11] !== 0) fail(`unsupported filter method ${body[11]}`);
      if (body[12] === 1) fail('interlaced (Adam7) PNGs are not supported; save the image without interlacing');
      if (body[12] !== 0) fail(`unsupported interlace method ${body[12]}`);
    } else if (type === 'PLTE') {
      if (length % 3 !== 0 || length === 0 || length > 768) fail(`PLTE has ${length} bytes, expected 3 per entry, 1..256 entries`);
      palette = body;
    } else if (type === 'tRNS') {
      if (colorType === 3) paletteAlpha = body; // gray/RGB color keys are ignored: those images decode opaque
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      sawEnd = true;
    } else if (type.charCodeAt(0) < 97) {
      fail(`unsupported critical chunk '${type}'`);
    }
    p += 12 + length;
  }
  if (!sawEnd) fail('file ends before the IEND chunk (truncated?)');
  if (idat.length === 0) fail('no IDAT chunk (no image data)');
  if (colorType === 3 && palette === null) fail('palette image without a PLTE chunk');

  const samples = COLOR_TYPES[colorType]!.samples;
  const bitsPerPixel = samples * depth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  let raw: Uint8Array;
  try {
    raw = inflateSync(concat(idat));
  } catch (e) {
    return fail(`image data does not inflate (${(e as Error).message})`);
  }
  const expected = height * (rowBytes + 1);
  if (raw.length < expected) fail(`image data is too short: ${raw.length} bytes, expected ${expected} for ${width}x${height}`);
  const pixels = unfilter(raw, height, rowBytes, bpp, fail);

  if (colorType === 3) return expandPalette(pixels, width, height, depth, rowBytes, palette!, paletteAlpha, fail);
  const channels = samples as 1 | 2 | 3 | 4;
  const data = new Uint8Array(width * height * channels);
  const perRow = width * channels;
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    const out = y * perRow;
    if (depth === 8) {
      data.set(pixels.subarray(row, row + perRow), out);
    } else if (depth === 16) {
      // v16 / 65535 * 255 rounded = v16 / 257 rounded.
      for (let i = 0; i < perRow; i++) data[out + i] = Math.round(((pixels[row + 2 * i]! << 8) | pixels[row + 2 * i + 1]!) / 257);
    } else {
      const perByte = 8 / depth;
      const mask = (1 << depth) - 1;
      const gain = 255 / mask; // 1 bit: 255, 2 bits: 85, 4 bits: 17
      for (let x = 0; x < width; x++) {
        const shift = 8 - depth * ((x % perByte) + 1);
        data[out + x] = ((pixels[row + Math.floor(x / perByte)]! >> shift) & mask) * gain;
      }
    }
  }
  return { width, height, channels, data };
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const part of parts) n += part.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** Reverses the per-row filters: returns [height, rowBytes] raw samples. */
function unfilter(raw: Uint8Array, height: number, rowBytes: number, bpp: number, fail: (msg: string) => never): Uint8Array {
  const out = new Uint8Array(height * rowBytes);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (rowBytes + 1)]!;
    const src = y * (rowBytes + 1) + 1;
    const dst = y * rowBytes;
    const up = dst - rowBytes;
    const hasUp = y > 0;
    if (type > 4) fail(`bad filter type ${type} on row ${y}`);
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = hasUp ? out[up + i]! : 0;
      let pred = 0;
      if (type === 1) pred = a;
      else if (type === 2) pred = b;
      else if (type === 3) pred = (a + b) >>> 1;
      else if (type === 4) pred = paeth(a, b, hasUp && i >= bpp ? out[up + i - bpp]! : 0);
      out[dst + i] = (raw[src + i]! + pred) & 0xff;
    }
  }
  return out;
}

function expandPalette(
  pixels: Uint8Array, width: number, height: number, depth: number, rowBytes: number,
  palette: Uint8Array, alpha: Uint8Array | null, fail: (msg: string) => never,
): DecodedPng {
  const channels = alpha === null ? 3 : 4;
  const entries = palette.length / 3;
  const data = new Uint8Array(width * height * channels);
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shift = 8 - depth * ((x % perByte) + 1);
      const index = (pixels[y * rowBytes + Math.floor(x / perByte)]! >> shift) & mask;
      if (index >= entries) fail(`palette index ${index} at pixel (${x}, ${y}) is out of range (palette has ${entries} entries)`);
      const o = (y * width + x) * channels;
      data[o] = palette[3 * index]!;
      data[o + 1] = palette[3 * index + 1]!;
      data[o + 2] = palette[3 * index + 2]!;
      if (alpha !== null) data[o + 3] = index < alpha.length ? alpha[index]! : 255;
    }
  }
  return { width, height, channels, data };
}
