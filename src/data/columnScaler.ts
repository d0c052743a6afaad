/**
 * The map between a table's (or an image's) data space and the generator's output space, whichever
 * normalization a run chose, and its stored form. Browser-safe.
 *   minmax:   per-column affine onto [−1, 1] (Scaler); one-hot columns stay 0/1
 *   quantile: per-column empirical CDF onto [−1, 1] (QuantileScaler); one-hot columns stay 0/1
 */
import { QuantileScaler, type QuantileScalerJSON, fitQuantileScaler } from './quantileScaler.js';
import { Scaler, type ScalerJSON, fitScaler } from './scaler.js';

export const NORMALIZATIONS = ['minmax', 'quantile'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

export type ColumnScaler = Scaler | QuantileScaler;
export type ColumnScalerJSON = ScalerJSON | QuantileScalerJSON;

/**
 * Fits the normalization on training rows x: [rows, dim]. oneHot[j] = 1 marks a one-hot column, which
 * maps to itself (its 0/1 are what the generator's categorical output produces). perColumn false
 * (images): one min/max over all entries.
 */
export function fitColumnScaler(x: Float64Array, dim: number, opts: { normalize?: Normalization; oneHot?: Uint8Array; perColumn?: boolean } = {}): ColumnScaler {
  const normalize = opts.normalize ?? 'minmax';
  const oneHot = opts.oneHot ?? new Uint8Array(dim);
  if (!(NORMALIZATIONS as readonly string[]).includes(normalize)) throw new Error(`fitColumnScaler: normalize must be one of ${NORMALIZATIONS.join(', ')}, got ${JSON.stringify(normalize)}`);
  if (normalize === 'quantile') {
    if (opts.perColumn === false) throw new Error("fitColumnScaler: normalize 'quantile' is per column; images (perColumn false) take 'minmax'");
    return fitQuantileScaler(x, dim, oneHot);
  }
  const fitted = fitScaler(x, dim, { perColumn: opts.perColumn ?? true });
  if (!oneHot.includes(1)) return fitted;
  // With min −1 and max 1 the map onto [−1, 1] is the identity.
  const a = Float64Array.from(fitted.a), b = Float64Array.from(fitted.b);
  for (let j = 0; j < dim; j++) if (oneHot[j] === 1) [a[j], b[j]] = [-1, 1];
  return new Scaler('minmax', [-1, 1], true, dim, a, b);
}

/** Rebuilds a stored scaler of either kind, validating every field. */
export function columnScalerFromJSON(json: unknown): ColumnScaler {
  if (json !== null && typeof json === 'object' && (json as { kind?: unknown }).kind === 'quantile') return QuantileScaler.fromJSON(json as QuantileScalerJSON);
  return Scaler.fromJSON(json);
}
