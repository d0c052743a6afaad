import { Random } from '../../tensor/random.js';

/**
 * count directions uniformly distributed on the unit sphere in R^d, as [count, d] row-major:
 * normalized standard-normal vectors (rotation invariance of the Gaussian makes them uniform).
 */
export function randomUnitVectors(count: number, d: number, seed: number): Float64Array {
  const rng = new Random(seed);
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
