/** zlib streams (RFC 1950): 2-byte header, raw DEFLATE data, big-endian Adler-32 of the input. */
import { adler32 } from './adler32.js';
import { deflateFixed, deflateStored } from './deflate.js';

function wrap(header0: number, header1: number, raw: Uint8Array, input: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.length + 6);
  out[0] = header0;
  out[1] = header1;
  out.set(raw, 2);
  const a = adler32(input);
  const t = raw.length + 2;
  out[t] = a >>> 24;
  out[t + 1] = (a >>> 16) & 0xff;
  out[t + 2] = (a >>> 8) & 0xff;
  out[t + 3] = a & 0xff;
  return out;
}

/** zlib stream of `data` in stored (uncompressed) DEFLATE blocks of at most 65535 bytes. */
export function zlibStore(data: Uint8Array): Uint8Array {
  // 0x78 = deflate with a 32 KiB window; 0x01 makes the header a multiple of 31, level "fastest".
  return wrap(0x78, 0x01, deflateStored(data), data);
}

/**
 * zlib stream of `data` compressed with fixed-Huffman DEFLATE, or stored blocks when those are smaller
 * (incompressible data).
 */
export function zlibCompress(data: Uint8Array): Uint8Array {
  const fixed = deflateFixed(data);
  const stored = deflateStored(data);
  // 0x78 0x9C is the usual "default level" header; (0x78 * 256 + 0x9C) % 31 === 0.
  return fixed.length < stored.length ? wrap(0x78, 0x9c, fixed, data) : wrap(0x78, 0x01, stored, data);
}
