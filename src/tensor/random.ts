/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, 2018), 32-bit state words,
 * seeded by SplitMix32 so that nearby seeds give unrelated streams. Only 32-bit integer
 * arithmetic (Math.imul, shifts) is used, so Node and browsers produce the same bytes.
 */
export interface RandomState {
  /** The four 32-bit words of xoshiro128** state. */
  s: [number, number, number, number];
  /** The second normal of the last Box–Muller pair, not yet returned. */
  spareNormal: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Random {
  // An Int32Array keeps the state words unboxed: as object fields, words ≥ 2^31 would become heap numbers.
  private readonly s = new Int32Array(4);
  private spare = 0;
  private hasSpare = false;

  /** seed: any safe integer. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`Random: seed must be a safe integer, got ${seed}`);
    // SplitMix32 over both halves of the seed, so seeds beyond 2^32 still differ.
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x85ebca6b);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    const st = this.s;
    for (let i = 0; i < 4; i++) st[i] = next();
    if ((st[0]! | st[1]! | st[2]! | st[3]!) === 0) st[0] = 1; // the all-zero state is a fixed point
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const st = this.s;
    let s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [0, 1) with 24 random bits: exactly representable in float32, so it never rounds up to 1. */
  uniform24(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /**
   * Standard normal by the Box–Muller transform on 53-bit uniforms; u1 ∈ (0, 1] so log(u1) is finite.
   * The tails are not truncated beyond what 53-bit uniforms imply (|z| up to about 8.6).
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Uniform integer in [0, n), without modulo bias: rejects draws in the last partial block of 2^32. n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new Error(`Random.int: n must be an integer in 1..2^32, got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** A copy of the full state, for checkpoints. */
  getState(): RandomState {
    const st = this.s;
    return { s: [st[0]! >>> 0, st[1]! >>> 0, st[2]! >>> 0, st[3]! >>> 0], spareNormal: this.hasSpare ? this.spare : null };
  }

  setState(state: RandomState): void {
    const [a, b, c, d] = state.s;
    for (const w of state.s) {
      if (!Number.isInteger(w) || w < 0 || w > 4294967295) throw new Error(`Random.setState: state words must be 32-bit unsigned integers, got ${w}`);
    }
    if ((a | b | c | d) === 0) throw new Error('Random.setState: the all-zero state is invalid for xoshiro128**');
    this.s.set([a, b, c, d]);
    this.hasSpare = state.spareNormal !== null;
    this.spare = state.spareNormal ?? 0;
  }

  /** An independent generator derived from this one (consumes four draws). */
  fork(): Random {
    const r = new Random(0);
    r.setState({ s: [this.nextUint32() || 1, this.nextUint32(), this.nextUint32(), this.nextUint32()], spareNormal: null });
    return r;
  }
}
