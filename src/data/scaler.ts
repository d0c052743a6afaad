/**
 * Affine feature scaling between data space and the generator's output space, fitted on the
 * training set and stored in checkpoints (toJSON / fromJSON). Browser-safe.
 *   minmax:   y = lo + (x − min)·(hi − lo)/(max − min)   (a constant column maps to (lo + hi)/2)
 *   standard: y = (x − mean)/std, std with divisor N as in sklearn's StandardScaler (a constant column maps to 0)
 * perColumn false fits one min/max (or mean/std) over all entries: for images, so that the
 * relations between pixels survive; perColumn true (default) suits tabular data.
 */

export type ScalerKind = 'minmax' | 'standard';

export interface ScalerOptions {
  /** Default 'minmax'. */
  kind?: ScalerKind;
  /** Target interval of 'minmax' (ignored by 'standard'); default [-1, 1], the range of tanh. */
  range?: readonly [number, number];
  /** One statistic per column (default true) or one over all entries. */
  perColumn?: boolean;
}

/** The stored form: plain numbers only. a/b are min/max for 'minmax', mean/std for 'standard'. */
export interface ScalerJSON {
  kind: ScalerKind;
  range: [number, number];
  perColumn: boolean;
  dim: number;
  /** [dim] per column, or [1] when perColumn is false. */
  a: number[];
  b: number[];
}

type Floats = Float32Array | Float64Array;

export class Scaler {
  readonly kind: ScalerKind;
  readonly range: readonly [number, number];
  readonly perColumn: boolean;
  /** Number of columns of the data it transforms. */
  readonly dim: number;
  /** 'minmax': per-column (or [1] global) minimum and maximum; 'standard': mean and std. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** y = (x − fwdOrigin[j])·fwdScale[j] + fwdShift[j], and the same with inv* for the inverse; expanded to [dim]. */
  private readonly fwdOrigin: Float64Array;
  private readonly fwdScale: Float64Array;
  private readonly fwdShift: Float64Array;
  private readonly invOrigin: Float64Array;
  private readonly invScale: Float64Array;
  private readonly invShift: Float64Array;

  constructor(kind: ScalerKind, range: readonly [number, number], perColumn: boolean, dim: number, a: Float64Array, b: Float64Array) {
    checkKind('Scaler', kind);
    checkRange('Scaler', range);
    if (typeof perColumn !== 'boolean') throw new Error(`Scaler: perColumn must be a boolean, got ${JSON.stringify(perColumn)}`);
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`Scaler: dim must be a positive integer, got ${dim}`);
    const stats = perColumn ? dim : 1;
    if (a.length !== stats || b.length !== stats) {
      throw new Error(`Scaler: expected ${stats} statistics (${perColumn ? 'one per column' : 'one global'}), got ${a.length} and ${b.length}`);
    }
    for (let j = 0; j < stats; j++) {
      const bad = !Number.isFinite(a[j]!) || !Number.isFinite(b[j]!) || (kind === 'minmax' ? b[j]! < a[j]! : b[j]! < 0);
      if (bad) {
        const what = kind === 'minmax' ? `min ${a[j]}, max ${b[j]}` : `mean ${a[j]}, std ${b[j]}`;
        throw new Error(`Scaler: invalid ${kind} statistics for column ${j}: ${what}`);
      }
      if (kind === 'minmax' && !Number.isFinite(b[j]! - a[j]!)) {
        throw new Error(`Scaler: column ${j} spans ${a[j]} to ${b[j]}, a spread beyond the largest float64; scale the data down first`);
      }
    }
    this.kind = kind;
    this.range = [range[0], range[1]];
    this.perColumn = perColumn;
    this.dim = dim;
    this.a = a;
    this.b = b;
    this.fwdOrigin = new Float64Array(dim);
    this.fwdScale = new Float64Array(dim);
    this.fwdShift = new Float64Array(dim);
    this.invOrigin = new Float64Array(dim);
    this.invScale = new Float64Array(dim);
    this.invShift = new Float64Array(dim);
    const [lo, hi] = range;
    const minmax = kind === 'minmax';
    // minmax: x in [p, q] <-> y in [lo, hi]; standard: x = p + q·y.
    const yOrigin = minmax ? lo : 0;
    for (let j = 0; j < dim; j++) {
      const s = perColumn ? j : 0;
      const p = a[s]!;
      const q = b[s]!;
      const spread = minmax ? q - p : q;
      const ySpread = minmax ? hi - lo : 1;
      this.fwdOrigin[j] = p;
      this.invOrigin[j] = yOrigin;
      this.invShift[j] = p;
      if (spread === 0) {
        // A constant column: every value goes to the centre of the range, and back to the constant.
        this.fwdShift[j] = minmax ? (lo + hi) / 2 : 0;
      } else {
        this.fwdScale[j] = ySpread / spread;
        this.fwdShift[j] = yOrigin;
        this.invScale[j] = spread / ySpread;
      }
    }
  }

  /** Data space to model space. x: [rows, dim]; returns a new array of the same type. */
  transform(x: Float64Array): Float64Array;
  transform(x: Float32Array): Float32Array;
  transform(x: Floats): Floats {
    return this.apply('transform', x, this.fwdOrigin, this.fwdScale, this.fwdShift);
  }

  /** Model space back to data space (e.g. generator samples). x: [rows, dim]; returns a new array of the same type. */
  inverse(x: Float64Array): Float64Array;
  inverse(x: Float32Array): Float32Array;
  inverse(x: Floats): Floats {
    return this.apply('inverse', x, this.invOrigin, this.invScale, this.invShift);
  }

  toJSON(): ScalerJSON {
    return { kind: this.kind, range: [this.range[0], this.range[1]], perColumn: this.perColumn, dim: this.dim, a: Array.from(this.a), b: Array.from(this.b) };
  }

  /** Rebuilds a scaler from toJSON()'s output (e.g. checkpoint metadata), validating every field. */
  static fromJSON(json: unknown): Scaler {
    const fn = 'Scaler.fromJSON';
    if (json === null || typeof json !== 'object') throw new Error(`${fn}: expected an object, got ${json === null ? 'null' : typeof json}`);
    const j = json as Partial<Record<keyof ScalerJSON, unknown>>;
    const numbers = (key: 'range' | 'a' | 'b'): Float64Array => {
      const v = j[key];
      if (!Array.isArray(v) || !v.every((e) => typeof e === 'number')) throw new Error(`${fn}: '${key}' must be an array of numbers`);
      return Float64Array.from(v as number[]);
    };
    if (typeof j.perColumn !== 'boolean') throw new Error(`${fn}: 'perColumn' must be a boolean, got ${JSON.stringify(j.perColumn)}`);
    if (typeof j.dim !== 'number') throw new Error(`${fn}: 'dim' must be a number, got ${JSON.stringify(j.dim)}`);
    const range = numbers('range');
    if (range.length !== 2) throw new Error(`${fn}: 'range' must have 2 numbers, got ${range.length}`);
    return new Scaler(j.kind as ScalerKind, [range[0]!, range[1]!], j.perColumn, j.dim, numbers('a'), numbers('b'));
  }

  private apply(method: string, x: Floats, origin: Float64Array, scale: Float64Array, shift: Float64Array): Floats {
    const dim = this.dim;
    if (x.length % dim !== 0) throw new Error(`Scaler.${method}: x has ${x.length} entries, not a multiple of dim ${dim}`);
    const out = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
    const rows = x.length / dim;
    for (let r = 0; r < rows; r++) {
      const o = r * dim;
      for (let j = 0; j < dim; j++) out[o + j] = (x[o + j]! - origin[j]!) * scale[j]! + shift[j]!;
    }
    return out;
  }
}

/**
 * Fits a scaler on x: [rows, dim] (rows ≥ 1). Throws for a NaN/±Infinity entry, naming its row and column.
 * Defaults: kind 'minmax', range [-1, 1], perColumn true.
 */
export function fitScaler(x: Floats, dim: number, opts: ScalerOptions = {}): Scaler {
  const fn = 'fitScaler';
  const kind = opts.kind ?? 'minmax';
  const range = opts.range ?? [-1, 1];
  const perColumn = opts.perColumn ?? true;
  checkKind(fn, kind);
  checkRange(fn, range);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${fn}: dim must be a positive integer, got ${dim}`);
  if (x.length === 0 || x.length % dim !== 0) throw new Error(`${fn}: x has ${x.length} entries; expected a positive multiple of dim ${dim}`);
  const rows = x.length / dim;
  const stats = perColumn ? dim : 1;
  const min = new Float64Array(stats).fill(Infinity);
  const max = new Float64Array(stats).fill(-Infinity);
  const sum = new Float64Array(stats);
  const step = perColumn ? 1 : 0; // statistic of column j is at j * step
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    for (let j = 0; j < dim; j++) {
      const v = x[o + j]!;
      if (v - v !== 0) throw new Error(`${fn}: x row ${r} has ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'} (column ${j})`);
      const s = j * step;
      if (v < min[s]!) min[s] = v;
      if (v > max[s]!) max[s] = v;
      sum[s] += v;
    }
  }
  if (kind === 'minmax') return new Scaler(kind, range, perColumn, dim, min, max);

  const count = perColumn ? rows : rows * dim;
  const mean = new Float64Array(stats);
  for (let s = 0; s < stats; s++) mean[s] = min[s] === max[s] ? min[s]! : sum[s]! / count;
  // Second pass about the mean (not E[x²] − E[x]²) to avoid cancellation.
  const ss = new Float64Array(stats);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    for (let j = 0; j < dim; j++) {
      const d = x[o + j]! - mean[j * step]!;
      ss[j * step] += d * d;
    }
  }
  const std = new Float64Array(stats);
  for (let s = 0; s < stats; s++) std[s] = min[s] === max[s] ? 0 : Math.sqrt(ss[s]! / count);
  return new Scaler(kind, range, perColumn, dim, mean, std);
}

function checkKind(fn: string, kind: unknown): void {
  if (kind !== 'minmax' && kind !== 'standard') throw new Error(`${fn}: kind must be 'minmax' or 'standard', got ${JSON.stringify(kind)}`);
}

function checkRange(fn: string, range: readonly number[]): void {
  const [lo, hi] = range;
  if (range.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo! < hi!)) {
    throw new Error(`${fn}: range must be two finite numbers [lo, hi] with lo < hi, got [${range.join(', ')}]`);
  }
}
