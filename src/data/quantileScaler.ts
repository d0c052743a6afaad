/**
 * Quantile normalization of table columns: each column's empirical CDF, fitted on the training rows,
 * maps it onto [lo, hi] (default [−1, 1], tanh's range), so a skewed or multi-modal column reaches the
 * generator evenly spread, and the inverse maps the generator's output back through the same knots.
 *   knots v_1 < … < v_m (the column's distinct training values), u_k = (midrank(v_k) − 1)/(n − 1),
 *   y_k = lo + u_k·(hi − lo); between knots both directions interpolate linearly, beyond them they clamp.
 * So a training value comes back exactly (when the column has at most MAX_KNOTS distinct values) and
 * samples stay within the training range. A value tied by many rows (the zeros of a zero-inflated column)
 * is one knot at its midrank: the generator must hit that point to write it, and nearby outputs come back
 * as values between it and its neighbouring knots.
 * Passthrough columns (one-hot blocks) are left as they are. Browser-safe.
 */

/** Knots kept per column at most: beyond it, evenly spaced ones (in rank order, first and last kept). */
export const MAX_KNOTS = 512;

export interface QuantileScalerJSON {
  kind: 'quantile';
  range: [number, number];
  dim: number;
  /** [dim] each column's knots in data space (ascending); empty for a passthrough column. */
  knots: number[][];
  /** [dim] the knots' positions in [lo, hi] (ascending, same lengths). */
  positions: number[][];
}

type Floats = Float32Array | Float64Array;

export class QuantileScaler {
  readonly kind = 'quantile' as const;
  readonly range: readonly [number, number];
  readonly dim: number;
  private readonly knots: Float64Array[];
  private readonly positions: Float64Array[];

  constructor(range: readonly [number, number], knots: Float64Array[], positions: Float64Array[]) {
    const fn = 'QuantileScaler';
    const [lo, hi] = range;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new Error(`${fn}: range must be [lo, hi] with lo < hi, got [${range.join(', ')}]`);
    if (knots.length < 1 || knots.length !== positions.length) throw new Error(`${fn}: expected as many knot lists as position lists (one per column, at least one), got ${knots.length} and ${positions.length}`);
    for (let j = 0; j < knots.length; j++) {
      const v = knots[j]!, y = positions[j]!;
      if (v.length !== y.length) throw new Error(`${fn}: column ${j} has ${v.length} knots but ${y.length} positions`);
      for (let k = 0; k < v.length; k++) {
        const ok = Number.isFinite(v[k]!) && y[k]! >= lo && y[k]! <= hi && (k === 0 || (v[k]! > v[k - 1]! && y[k]! > y[k - 1]!));
        if (!ok) throw new Error(`${fn}: column ${j}, knot ${k}: knots must be finite and ascending and positions ascending within [${lo}, ${hi}], got ${v[k]} at ${y[k]}`);
      }
    }
    this.range = [lo, hi];
    this.dim = knots.length;
    this.knots = knots;
    this.positions = positions;
  }

  /** Data space to model space. x: [rows, dim]; returns a new array of the same type. */
  transform(x: Float64Array): Float64Array;
  transform(x: Float32Array): Float32Array;
  transform(x: Floats): Floats {
    return this.apply('transform', x, this.knots, this.positions);
  }

  /** Model space back to data space. x: [rows, dim]; returns a new array of the same type. */
  inverse(x: Float64Array): Float64Array;
  inverse(x: Float32Array): Float32Array;
  inverse(x: Floats): Floats {
    return this.apply('inverse', x, this.positions, this.knots);
  }

  toJSON(): QuantileScalerJSON {
    return { kind: 'quantile', range: [this.range[0], this.range[1]], dim: this.dim, knots: this.knots.map((v) => Array.from(v)), positions: this.positions.map((v) => Array.from(v)) };
  }

  static fromJSON(json: QuantileScalerJSON): QuantileScaler {
    const fn = 'QuantileScaler.fromJSON';
    const lists = (key: 'knots' | 'positions'): Float64Array[] => {
      const v = json[key];
      if (!Array.isArray(v) || !v.every((c) => Array.isArray(c) && c.every((e) => typeof e === 'number'))) throw new Error(`${fn}: '${key}' must be an array of number arrays`);
      return v.map((c) => Float64Array.from(c));
    };
    if (!Array.isArray(json.range) || json.range.length !== 2) throw new Error(`${fn}: 'range' must be [lo, hi]`);
    const s = new QuantileScaler([json.range[0], json.range[1]], lists('knots'), lists('positions'));
    if (s.dim !== json.dim) throw new Error(`${fn}: 'dim' is ${json.dim} but there are ${s.dim} columns of knots`);
    return s;
  }

  private apply(method: string, x: Floats, from: Float64Array[], to: Float64Array[]): Floats {
    const dim = this.dim;
    if (x.length % dim !== 0) throw new Error(`QuantileScaler.${method}: x has ${x.length} entries, not a multiple of dim ${dim}`);
    const out = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
    for (let j = 0; j < dim; j++) {
      const a = from[j]!, b = to[j]!;
      const passthrough = a.length === 0;
      for (let i = j; i < x.length; i += dim) out[i] = passthrough ? x[i]! : interpolate(a, b, x[i]!);
    }
    return out;
  }
}

/** The piecewise-linear map through (a_k, b_k) at v, clamped to b_1 and b_m beyond the ends. */
function interpolate(a: Float64Array, b: Float64Array, v: number): number {
  const m = a.length;
  if (v <= a[0]!) return b[0]!;
  if (v >= a[m - 1]!) return b[m - 1]!;
  let lo = 0, hi = m - 1;
  while (hi - lo > 1) {
    const k = (lo + hi) >> 1;
    if (a[k]! <= v) lo = k;
    else hi = k;
  }
  const t = (v - a[lo]!) / (a[hi]! - a[lo]!);
  return b[lo]! + t * (b[hi]! - b[lo]!);
}

/**
 * Fits a QuantileScaler on x: [rows, dim]; columns with passthrough[j] = 1 are left as they are.
 * A constant column maps to the centre of the range and back to its value.
 */
export function fitQuantileScaler(x: Floats, dim: number, passthrough: Uint8Array = new Uint8Array(dim), range: readonly [number, number] = [-1, 1]): QuantileScaler {
  const fn = 'fitQuantileScaler';
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${fn}: dim must be a positive integer, got ${dim}`);
  if (x.length === 0 || x.length % dim !== 0) throw new Error(`${fn}: x has ${x.length} entries; expected a positive multiple of dim ${dim}`);
  if (passthrough.length !== dim) throw new Error(`${fn}: passthrough has ${passthrough.length} entries for ${dim} columns`);
  const rows = x.length / dim;
  const [lo, hi] = range;
  const knots: Float64Array[] = [], positions: Float64Array[] = [];
  const col = new Float64Array(rows);
  for (let j = 0; j < dim; j++) {
    if (passthrough[j] === 1) {
      knots.push(new Float64Array(0));
      positions.push(new Float64Array(0));
      continue;
    }
    for (let i = 0; i < rows; i++) {
      const v = x[i * dim + j]!;
      if (v - v !== 0) throw new Error(`${fn}: x row ${i} has ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'} (column ${j})`);
      col[i] = v;
    }
    col.sort();
    const v: number[] = [], y: number[] = [];
    for (let start = 0; start < rows;) {
      let end = start;
      while (end + 1 < rows && col[end + 1] === col[start]) end++;
      // 0-based midrank of the tie run start..end, as a fraction of the ranks.
      const u = rows === 1 ? 0.5 : (start + end) / 2 / (rows - 1);
      v.push(col[start]!);
      y.push(lo + u * (hi - lo));
      start = end + 1;
    }
    const keep = v.length <= MAX_KNOTS ? v.map((_, k) => k) : Array.from({ length: MAX_KNOTS }, (_, k) => Math.round((k * (v.length - 1)) / (MAX_KNOTS - 1)));
    knots.push(Float64Array.from(keep, (k) => v[k]!));
    positions.push(Float64Array.from(keep, (k) => y[k]!));
  }
  return new QuantileScaler(range, knots, positions);
}
