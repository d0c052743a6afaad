/**
 * Pictures for training reports: scatter plot of 2-D points, line chart of loss curves, grid of sample
 * images. All return an RgbaImage to hand to encodePng.
 */
import { createImage, drawDisc, drawPolyline } from './canvas.js';
import { type Axes, type LegendEntry, areaClip, drawFrame, drawLegend, padRange, pixelX, pixelY, plotArea } from './frame.js';
import type { Rgba, RgbaImage } from './rgbaImage.js';

export { PALETTE } from './frame.js';
export { type ImageGridOptions, imageGrid } from './imageGrid.js';
export type { Rgba, RgbaImage } from './rgbaImage.js';

type Floats = Float32Array | Float64Array;

export interface ScatterSeries {
  /** [n, 2] row-major (x0, y0, x1, y1, ...). Points with a non-finite coordinate are skipped. */
  points: Floats;
  color: Rgba;
  /** Legend text; '' leaves the series out of the legend. */
  label: string;
  /** Dot radius in pixels, default 2.5. */
  radius?: number;
}

export interface ScatterOptions {
  /** Default 560 x 560. */
  width?: number;
  height?: number;
  title?: string;
  /** [xmin, xmax, ymin, ymax]; default: the data's range plus 5% each side, widened so one unit is as long on both axes. */
  bounds?: [number, number, number, number];
}

/** Scatter plot of each series' points, later series drawn over earlier ones, with axes, ticks and a legend in the emptiest corner. */
export function scatterPlot(series: readonly ScatterSeries[], opts: ScatterOptions = {}): RgbaImage {
  const width = opts.width ?? 560;
  const height = opts.height ?? 560;
  const area = plotArea(width, height, { title: !!opts.title, xLabel: false, yLabel: false }, 'scatterPlot');
  series.forEach((s, k) => {
    if (s.points.length % 2 !== 0) {
      throw new Error(`scatterPlot: series ${k} ('${s.label}') has ${s.points.length} numbers, expected [n, 2] pairs`);
    }
  });
  let bounds = opts.bounds;
  if (bounds === undefined) bounds = squareBounds(series, area.width, area.height);
  const [xmin, xmax, ymin, ymax] = bounds;
  if (!(xmax > xmin) || !(ymax > ymin)) {
    throw new Error(`scatterPlot: bounds must satisfy xmin < xmax and ymin < ymax, got [${bounds.join(', ')}]`);
  }
  const axes: Axes = { area, xmin, xmax, ymin, ymax };
  const img = createImage(width, height);
  drawFrame(img, axes, { title: opts.title });
  const beforeData = img.data.slice();
  const clip = areaClip(area);
  for (const s of series) {
    const r = s.radius ?? 2.5;
    const p = s.points;
    for (let i = 0; i + 1 < p.length; i += 2) {
      const x = p[i]!;
      const y = p[i + 1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      drawDisc(img, pixelX(axes, x), pixelY(axes, y), r, s.color, clip);
    }
  }
  drawLegend(img, area, series.map((s): LegendEntry => ({ label: s.label, color: s.color, mark: 'dot' })), beforeData);
  return img;
}

/** Data range of all finite points plus 5% margins, the shorter side widened about its centre to equal units per pixel. */
function squareBounds(series: readonly ScatterSeries[], areaW: number, areaH: number): [number, number, number, number] {
  let xlo = Infinity;
  let xhi = -Infinity;
  let ylo = Infinity;
  let yhi = -Infinity;
  for (const s of series) {
    const p = s.points;
    for (let i = 0; i + 1 < p.length; i += 2) {
      const x = p[i]!;
      const y = p[i + 1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < xlo) xlo = x;
      if (x > xhi) xhi = x;
      if (y < ylo) ylo = y;
      if (y > yhi) yhi = y;
    }
  }
  if (xlo > xhi) return [-1, 1, -1, 1];
  [xlo, xhi] = padRange(xlo, xhi, 0.05);
  [ylo, yhi] = padRange(ylo, yhi, 0.05);
  const perPixel = Math.max((xhi - xlo) / (areaW - 1), (yhi - ylo) / (areaH - 1));
  const cx = (xlo + xhi) / 2;
  const cy = (ylo + yhi) / 2;
  const hw = (perPixel * (areaW - 1)) / 2;
  const hh = (perPixel * (areaH - 1)) / 2;
  return [cx - hw, cx + hw, cy - hh, cy + hh];
}

export interface LineSeries {
  values: Floats | readonly number[];
  color: Rgba;
  /** Legend text; '' leaves the series out of the legend. */
  label: string;
}

export interface LineChartOptions {
  /** Default 720 x 400. */
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** x of value i, e.g. step numbers; default i. Must be at least as long as the longest series. */
  xValues?: readonly number[];
  /**
   * Exponential moving average weight in [0, 1) for display, TensorBoard style (debiased):
   * m_t = w m_{t-1} + (1 - w) v_t, shown m_t / (1 - w^t). With w > 0 the raw curve is drawn faintly behind.
   */
  smoothing?: number;
  /** [ymin, ymax]; default: the finite values' range plus 5% each side. Lines are clipped to it. */
  yBounds?: [number, number];
}

/**
 * Line chart of each series against xValues, with axes, ticks and a legend in the emptiest corner.
 * NaN and ±Infinity values are skipped: the line joins the finite values on either side.
 */
export function lineChart(series: readonly LineSeries[], opts: LineChartOptions = {}): RgbaImage {
  const width = opts.width ?? 720;
  const height = opts.height ?? 400;
  const smoothing = opts.smoothing ?? 0;
  if (!(smoothing >= 0 && smoothing < 1)) throw new Error(`lineChart: smoothing must be in [0, 1), got ${smoothing}`);
  let longest = 0;
  for (const s of series) longest = Math.max(longest, s.values.length);
  const xs = opts.xValues ?? Array.from({ length: longest }, (_, i) => i);
  if (xs.length < longest) throw new Error(`lineChart: xValues has ${xs.length} entries but a series has ${longest} values`);
  const area = plotArea(width, height, { title: !!opts.title, xLabel: !!opts.xLabel, yLabel: !!opts.yLabel }, 'lineChart');

  const smoothed = series.map((s) => (smoothing > 0 ? emaDebiased(s.values, smoothing) : null));
  let xlo = Infinity;
  let xhi = -Infinity;
  for (let i = 0; i < longest; i++) {
    if (!Number.isFinite(xs[i]!)) continue;
    xlo = Math.min(xlo, xs[i]!);
    xhi = Math.max(xhi, xs[i]!);
  }
  let ylo = Infinity;
  let yhi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < ylo) ylo = v;
      if (v > yhi) yhi = v;
    }
  }
  if (!(xhi > xlo)) [xlo, xhi] = padRange(xlo, xlo, 0); // one x value, or none
  if (ylo > yhi) [ylo, yhi] = [0, 0]; // no finite value: an empty chart around 0
  let [ymin, ymax] = padRange(ylo, yhi, 0.05);
  if (opts.yBounds !== undefined) {
    [ymin, ymax] = opts.yBounds;
    if (!(ymax > ymin)) throw new Error(`lineChart: yBounds must satisfy ymin < ymax, got [${ymin}, ${ymax}]`);
  }
  const axes: Axes = { area, xmin: xlo, xmax: xhi, ymin, ymax };
  const img = createImage(width, height);
  drawFrame(img, axes, { title: opts.title, xLabel: opts.xLabel, yLabel: opts.yLabel });
  const beforeData = img.data.slice();
  const clip = areaClip(area);

  series.forEach((s, k) => {
    const n = s.values.length;
    const px = new Float64Array(n);
    const py = new Float64Array(n);
    for (let i = 0; i < n; i++) px[i] = pixelX(axes, xs[i]!);
    const plot = (vals: ArrayLike<number>, color: Rgba, lineWidth: number): void => {
      // Non-finite values map to NaN and drawPolyline joins across them.
      for (let i = 0; i < n; i++) py[i] = Number.isFinite(vals[i]!) ? pixelY(axes, vals[i]!) : NaN;
      drawPolyline(img, px, py, color, lineWidth, clip);
    };
    const sm = smoothed[k];
    if (sm) {
      plot(s.values, [s.color[0], s.color[1], s.color[2], Math.round(s.color[3] * 0.3)], 1);
      plot(sm, s.color, 1.6);
    } else {
      plot(s.values, s.color, 1.4);
    }
  });
  drawLegend(img, area, series.map((s): LegendEntry => ({ label: s.label, color: s.color, mark: 'line' })), beforeData);
  return img;
}

/** Debiased EMA of the finite values; non-finite inputs stay NaN and do not enter the average. */
function emaDebiased(values: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(values.length);
  let m = 0;
  let weight = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    m = w * m + (1 - w) * v;
    weight = w * weight + (1 - w);
    out[i] = m / weight;
  }
  return out;
}

/** Opaque color with a new alpha, e.g. withAlpha(PALETTE[0], 128) for translucent dots. */
export function withAlpha(color: Rgba, alpha: number): Rgba {
  return [color[0], color[1], color[2], alpha];
}
