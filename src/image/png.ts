/**
 * PNG encoder (ISO/IEC 15948): 8-bit truecolor+alpha or grayscale, non-interlaced, one IDAT chunk.
 * Browser-safe: uses only typed arrays.
 */
import { crc32Update } from './crc32.js';
import type { RgbaImage } from './rgbaImage.js';
import { zlibCompress, zlibStore } from './zlib.js';

export type { RgbaImage } from './rgbaImage.js';

/**
 * Scanline filter: 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth, or 'auto' to pick per row the filter whose
 * output has the smallest sum of |byte as int8| (the libpng heuristic).
 */
export type PngFilter = 0 | 1 | 2 | 3 | 4 | 'auto';

export interface PngOptions {
  /** Default 'auto'. */
  filter?: PngFilter;
  /** Compress IDAT with fixed-Huffman DEFLATE (default true) or write stored blocks (false). */
  compress?: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOR_GRAY = 0;
const COLOR_RGBA = 6;

/** PNG bytes of an RGBA image: image.data is [height, width, 4] row-major. */
export function encodePng(image: RgbaImage, opts: PngOptions = {}): Uint8Array {
  const { width, height, data } = image;
  checkSize('encodePng', width, height, data.length, 4);
  return encode(width, height, 4, COLOR_RGBA, data, opts);
}

/** PNG bytes of an 8-bit grayscale image: gray is [height, width] row-major, 0 black .. 255 white. */
export function encodePngGray(width: number, height: number, gray: Uint8Array, opts: PngOptions = {}): Uint8Array {
  checkSize('encodePngGray', width, height, gray.length, 1);
  return encode(width, height, 1, COLOR_GRAY, gray, opts);
}

function checkSize(where: string, width: number, height: number, length: number, channels: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new Error(`${where}: width and height must be positive integers, got ${width}x${height}`);
  }
  if (length !== width * height * channels) {
    throw new Error(`${where}: pixel data has ${length} bytes, expected ${width}*${height}*${channels} = ${width * height * channels}`);
  }
}

function encode(width: number, height: number, bpp: number, colorType: number, pixels: ArrayLike<number>, opts: PngOptions): Uint8Array {
  const filter = opts.filter ?? 'auto';
  if (filter !== 'auto' && ![0, 1, 2, 3, 4].includes(filter)) {
    throw new Error(`encodePng: filter must be 0..4 or 'auto', got ${String(filter)}`);
  }
  const raw = filterScanlines(width, height, bpp, pixels, filter);
  const idat = opts.compress === false ? zlibStore(raw) : zlibCompress(raw);

  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, width);
  writeU32(ihdr, 4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive
  ihdr[12] = 0; // interlace: none

  const chunks: [string, Uint8Array][] = [['IHDR', ihdr], ['IDAT', idat], ['IEND', new Uint8Array(0)]];
  let size = SIGNATURE.length;
  for (const [, body] of chunks) size += body.length + 12;
  const out = new Uint8Array(size);
  out.set(SIGNATURE, 0);
  let o = SIGNATURE.length;
  for (const [type, body] of chunks) o = writeChunk(out, o, type, body);
  return out;
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

/** Chunk = length (u32 BE) + type + body + CRC-32 over type and body. Returns the offset after it. */
function writeChunk(out: Uint8Array, at: number, type: string, body: Uint8Array): number {
  writeU32(out, at, body.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(body, at + 8);
  const end = at + 8 + body.length;
  writeU32(out, end, crc32Update(0, out, at + 4, end));
  return end + 4;
}

/** Filtered image data: per row one filter-type byte then width * bpp filtered bytes. */
function filterScanlines(width: number, height: number, bpp: number, px: ArrayLike<number>, filter: PngFilter): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * (stride + 1));
  const trial = filter === 'auto' ? new Uint8Array(stride) : null;
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const dst = y * (stride + 1) + 1;
    let chosen: number;
    if (trial === null) {
      chosen = filter as number;
    } else {
      chosen = 0;
      let best = Infinity;
      for (let f = 0; f <= 4; f++) {
        filterRow(f, px, row, stride, bpp, y > 0, trial, 0);
        let cost = 0;
        for (let i = 0; i < stride; i++) {
          const b = trial[i]!;
          cost += b < 128 ? b : 256 - b;
        }
        if (cost < best) {
          best = cost;
          chosen = f;
        }
      }
    }
    out[dst - 1] = chosen;
    filterRow(chosen, px, row, stride, bpp, y > 0, out, dst);
  }
  return out;
}

/** Writes filter f of the row starting at px[row] into out[at, at + stride). Bytes left of / above the image count as 0. */
function filterRow(f: number, px: ArrayLike<number>, row: number, stride: number, bpp: number, hasUp: boolean, out: Uint8Array, at: number): void {
  const up = row - stride;
  for (let i = 0; i < stride; i++) {
    const x = px[row + i]!;
    const a = i >= bpp ? px[row + i - bpp]! : 0;
    const b = hasUp ? px[up + i]! : 0;
    let pred: number;
    switch (f) {
      case 0: pred = 0; break;
      case 1: pred = a; break;
      case 2: pred = b; break;
      case 3: pred = (a + b) >>> 1; break;
      default: {
        const c = hasUp && i >= bpp ? px[up + i - bpp]! : 0;
        pred = paeth(a, b, c);
      }
    }
    out[at + i] = (x - pred) & 0xff;
  }
}

/** Paeth predictor: whichever of left a, up b, up-left c is closest to a + b - c (ties: a, then b). */
export function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
