/**
 * Raw DEFLATE encoders (RFC 1951), no zlib framing:
 * - deflateStored: stored (uncompressed) blocks of at most 65535 bytes;
 * - deflateFixed: one block with the fixed Huffman code (BTYPE=01) over greedy LZ77 matches.
 * Fixed Huffman needs no code tables in the stream and, on plots with long runs of equal pixels,
 * shrinks them about a hundredfold; it never exceeds 9 bits per input byte.
 */

const MAX_STORED = 65535;

/** Stored blocks: [final bit + BTYPE=00 byte][LEN u16 LE][~LEN u16 LE][LEN bytes] per block. */
export function deflateStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / MAX_STORED));
  const out = new Uint8Array(data.length + 5 * blocks);
  let o = 0;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_STORED;
    const len = Math.min(MAX_STORED, data.length - start);
    out[o++] = b === blocks - 1 ? 1 : 0;
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(data.subarray(start, start + len), o);
    o += len;
  }
  return out;
}

// Length symbols 257..285: base length and extra bits (RFC 1951 §3.2.5).
const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
// Distance symbols 0..29.
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Fixed literal/length code (RFC 1951 §3.2.6), bit-reversed because DEFLATE packs bits LSB first. */
const LIT_CODE = new Uint16Array(288);
const LIT_BITS = new Uint8Array(288);
/** For match lengths 3..258: the length symbol's index into LEN_BASE. */
const LEN_SYMBOL = new Uint8Array(259);
/** Fixed distance code: 5-bit symbol, bit-reversed. */
const DIST_CODE = new Uint8Array(30);

function reverseBits(code: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) r = (r << 1) | ((code >>> i) & 1);
  return r;
}

for (let v = 0; v < 288; v++) {
  let code: number;
  let bits: number;
  if (v < 144) [code, bits] = [0x30 + v, 8];
  else if (v < 256) [code, bits] = [0x190 + v - 144, 9];
  else if (v < 280) [code, bits] = [v - 256, 7];
  else [code, bits] = [0xc0 + v - 280, 8];
  LIT_CODE[v] = reverseBits(code, bits);
  LIT_BITS[v] = bits;
}
for (let s = 0; s < 29; s++) {
  const hi = s === 28 ? 258 : LEN_BASE[s]! + (1 << LEN_EXTRA[s]!) - 1;
  for (let len = LEN_BASE[s]!; len <= hi; len++) LEN_SYMBOL[len] = s;
}
for (let s = 0; s < 30; s++) DIST_CODE[s] = reverseBits(s, 5);

function distSymbol(dist: number): number {
  let s = 29;
  while (DIST_BASE[s]! > dist) s--;
  return s;
}

const WINDOW = 32768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const HASH_BITS = 15;
/** How many earlier positions with the same 3-byte hash are tried per input position. */
const MAX_CHAIN = 32;

/** Fixed-Huffman DEFLATE of `data` as a single final block. */
export function deflateFixed(data: Uint8Array): Uint8Array {
  const n = data.length;
  // Each input byte costs at most 9 bits (a literal >= 144, or a match of >= 3 bytes: <= 26 bits).
  const out = new Uint8Array(Math.ceil((n * 9) / 8) + 16);
  let o = 0;
  let bitBuf = 0;
  let bitCount = 0;
  const put = (value: number, bits: number): void => {
    bitBuf |= value << bitCount;
    bitCount += bits;
    while (bitCount >= 8) {
      out[o++] = bitBuf & 0xff;
      bitBuf >>>= 8;
      bitCount -= 8;
    }
  };

  put(1, 1); // BFINAL
  put(1, 2); // BTYPE = 01, fixed Huffman

  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW);
  const hashAt = (i: number): number =>
    ((data[i]! << 10) ^ (data[i + 1]! << 5) ^ data[i + 2]!) & ((1 << HASH_BITS) - 1);
  const insert = (i: number): void => {
    if (i + MIN_MATCH > n) return;
    const h = hashAt(i);
    prev[i & (WINDOW - 1)] = head[h]!;
    head[h] = i;
  };

  let i = 0;
  while (i < n) {
    let bestLen = 0;
    let bestDist = 0;
    if (i + MIN_MATCH <= n) {
      const maxLen = Math.min(MAX_MATCH, n - i);
      let cand = head[hashAt(i)]!;
      for (let chain = 0; chain < MAX_CHAIN && cand >= 0 && i - cand <= WINDOW; chain++) {
        let len = 0;
        while (len < maxLen && data[cand + len] === data[i + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          bestDist = i - cand;
          if (len === maxLen) break;
        }
        const next = prev[cand & (WINDOW - 1)]!;
        if (next >= cand) break; // slot overwritten by a newer position: chain ends
        cand = next;
      }
    }
    if (bestLen >= MIN_MATCH) {
      const ls = LEN_SYMBOL[bestLen]!;
      put(LIT_CODE[257 + ls]!, LIT_BITS[257 + ls]!);
      if (LEN_EXTRA[ls]! > 0) put(bestLen - LEN_BASE[ls]!, LEN_EXTRA[ls]!);
      const ds = distSymbol(bestDist);
      put(DIST_CODE[ds]!, 5);
      if (DIST_EXTRA[ds]! > 0) put(bestDist - DIST_BASE[ds]!, DIST_EXTRA[ds]!);
      for (let k = 0; k < bestLen; k++) insert(i + k);
      i += bestLen;
    } else {
      put(LIT_CODE[data[i]!]!, LIT_BITS[data[i]!]!);
      insert(i);
      i++;
    }
  }
  put(LIT_CODE[256]!, LIT_BITS[256]!); // end of block
  if (bitCount > 0) out[o++] = bitBuf & 0xff;
  return out.slice(0, o);
}
