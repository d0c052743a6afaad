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
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

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
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
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
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
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
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spare };
  }

  setState(state: RandomState): void {
    const [a, b, c, d] = state.s;
    for (const w of state.s) {
      if (!Number.isInteger(w) || w < 0 || w > 4294967295) throw new Error(`Random.setState: state words must be 32-bit unsigned integers, got ${w}`);
    }
    if ((a | b | c | d) === 0) throw new Error('Random.setState: the all-zero state is invalid for xoshiro128**');
    this.s0 = a | 0;
    this.s1 = b | 0;
    this.s2 = c | 0;
    this.s3 = d | 0;
    this.spare = state.spareNormal;
  }

  /** An independent generator derived from this one (consumes four draws). */
  fork(): Random {
    const r = new Random(0);
    r.setState({ s: [this.nextUint32() || 1, this.nextUint32(), this.nextUint32(), this.nextUint32()], spareNormal: null });
    return r;
  }
}
