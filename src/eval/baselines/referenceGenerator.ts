/**
 * The interface of the reference rows a few-shot GAN is compared with: classical "generators" fitted
 * to the same training set. Browser-safe: typed arrays only.
 */

/** A fitted model that draws new rows. */
export interface FittedGenerator {
  /** count rows [count, d] row-major from the fitted model; same seed gives the same bytes. */
  sample(count: number, seed: number): Float64Array;
}

/** A named fitting procedure, so a study can loop over the rows of its table. */
export interface ReferenceGenerator {
  /** Row label, e.g. "copy training". */
  name: string;
  /** train: [n, d] row-major. seed drives any randomness of the fit (the same seed gives the same model). */
  fit(train: Float64Array, d: number, seed: number): FittedGenerator;
}

/**
 * Checks train: [n, d] (finite, at least minRows rows) for function fn; returns n.
 * Throws e.g. "fitGaussian: train has 7 entries, not a multiple of d = 2".
 */
export function checkTrain(fn: string, train: Float64Array, d: number, minRows: number, why: string): number {
  if (!Number.isInteger(d) || d < 1) throw new Error(`${fn}: d must be a positive integer, got ${d}`);
  if (!(train instanceof Float64Array)) throw new Error(`${fn}: train must be a Float64Array of [n, ${d}] rows`);
  if (train.length % d !== 0) throw new Error(`${fn}: train has ${train.length} entries, not a multiple of d = ${d}`);
  const n = train.length / d;
  if (n < minRows) throw new Error(`${fn}: train needs at least ${minRows} rows (${why}), got ${n}`);
  for (let i = 0; i < train.length; i++) {
    const v = train[i]!;
    if (v - v !== 0) throw new Error(`${fn}: train row ${Math.floor(i / d)} has ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'} (column ${i % d})`);
  }
  return n;
}

/** Throws unless count is a positive integer and seed a safe integer (the sample() arguments). */
export function checkSampleArgs(fn: string, count: number, seed: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`${fn}.sample: count must be a positive integer, got ${count}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`${fn}.sample: seed must be a safe integer, got ${seed}`);
}
