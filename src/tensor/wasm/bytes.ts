/**
 * A growable byte buffer with the integer encodings of the WebAssembly binary format:
 * unsigned and signed LEB128 (7 bits per byte, low group first, high bit = "more follows").
 */
export class Bytes {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  /** One raw byte, 0..255. */
  byte(b: number): this {
    if (!Number.isInteger(b) || b < 0 || b > 255) throw new Error(`Bytes.byte: expected an integer 0..255, got ${b}`);
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
    return this;
  }

  /** Raw bytes, in order. */
  bytes(bs: ArrayLike<number>): this {
    for (let i = 0; i < bs.length; i++) this.byte(bs[i]!);
    return this;
  }

  /** Unsigned LEB128 of an integer 0..2³²−1 (counts, indices, sizes, alignments, offsets). */
  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`Bytes.u32: expected an integer 0..2^32-1, got ${v}`);
    do {
      const low = v % 128;
      v = Math.floor(v / 128);
      this.byte(v > 0 ? low | 0x80 : low);
    } while (v > 0);
    return this;
  }

  /**
   * Signed LEB128 of an integer −2³¹..2³¹−1 (i32.const immediates): stop once the rest is all
   * sign bits and the last group's bit 6 already carries that sign.
   */
  s32(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new Error(`Bytes.s32: expected an integer -2^31..2^31-1, got ${v}`);
    for (;;) {
      const low = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (low & 0x40) === 0) || (v === -1 && (low & 0x40) !== 0);
      this.byte(done ? low : low | 0x80);
      if (done) return this;
    }
  }

  /** A name: its UTF-8 byte count (u32), then the bytes. */
  name(s: string): this {
    const utf8 = new TextEncoder().encode(s);
    return this.u32(utf8.length).bytes(utf8);
  }

  /** Another buffer's bytes, prefixed by their count (u32): how sections and function bodies are framed. */
  sized(inner: Bytes): this {
    return this.u32(inner.length).bytes(inner.toUint8Array());
  }

  toUint8Array(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}
