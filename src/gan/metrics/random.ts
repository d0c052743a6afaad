/**
 * A tiny seeded generator local to the metrics (so they depend on nothing else in the engine):
 * mulberry32 for uniforms, Box–Muller for normals. Same seed, same numbers, in Node and browsers,
 * since only 32-bit integer arithmetic (Math.imul, shifts) touches the state.
 */
export class MetricRandom {
  private state: number;
  private spare: number | null = null;

  /** seed: any safe integer. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`MetricRandom: seed must be a safe integer, got ${seed}`);
    // Fold the high word in so seeds that differ only above 2^32 still give different streams.
    this.state = ((seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x9e3779b1)) | 0;
  }

  /** Next 32-bit unsigned integer (mulberry32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal (Box–Muller); u1 ∈ (0, 1] keeps log(u1) finite. */
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
}

/**
 * count directions uniformly distributed on the unit sphere in R^d, as [count, d] row-major:
 * normalized standard-normal vectors (rotation invariance of the Gaussian makes them uniform).
 */
export function randomUnitVectors(count: number, d: number, seed: number): Float64Array {
  const rng = new MetricRandom(seed);
  const out = new Float64Array(count * d);
  for (let p = 0; p < count; p++) {
    const off = p * d;
    let norm2 = 0;
    // A zero vector has probability 0 but would have no direction: draw again.
    while (norm2 === 0) {
      for (let k = 0; k < d; k++) {
        const z = rng.normal();
        out[off + k] = z;
        norm2 += z * z;
      }
    }
    const inv = 1 / Math.sqrt(norm2);
    for (let k = 0; k < d; k++) out[off + k] *= inv;
  }
  return out;
}
