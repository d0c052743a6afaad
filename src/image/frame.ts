/** Shared chart furniture: layout of the plot area, data-to-pixel mapping, axes with ticks, legend. */
import { type Clip, drawDisc, drawLine, drawText, fillRect, textWidth } from './canvas.js';
import type { Rgba, RgbaImage } from './rgbaImage.js';
import { formatTicks, niceTicks } from './ticks.js';

export const INK: Rgba = [40, 40, 40, 255];
const AXIS: Rgba = [90, 90, 90, 255];
const GRID: Rgba = [232, 232, 232, 255];
const TICK_TEXT: Rgba = [70, 70, 70, 255];
const GRID_BORDER: Rgba = [190, 190, 190, 255];

/** Ten well-separated series colors (matplotlib's "tab10"), opaque. */
export const PALETTE: readonly Rgba[] = [
  [31, 119, 180, 255], [255, 127, 14, 255], [44, 160, 44, 255], [214, 39, 40, 255], [148, 103, 189, 255],
  [140, 86, 75, 255], [227, 119, 194, 255], [127, 127, 127, 255], [188, 189, 34, 255], [23, 190, 207, 255],
];

/** The pixel columns left..left+width-1 and rows top..top+height-1 where data is drawn. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A plot area and the data rectangle it shows. */
export interface Axes {
  area: PlotArea;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
}

const MARGIN_LEFT = 64;
const MARGIN_RIGHT = 20;
const MARGIN_TOP = 16;
const MARGIN_BOTTOM = 30;
const TITLE_SPACE = 26;
const XLABEL_SPACE = 16;
const YLABEL_SPACE = 14;

/** Where scatterPlot and lineChart put the data in a width x height picture. */
export function plotArea(width: number, height: number, has: { title: boolean; xLabel: boolean; yLabel: boolean }, caller = 'plotArea'): PlotArea {
  const top = MARGIN_TOP + (has.title ? TITLE_SPACE : 0) + (has.yLabel ? YLABEL_SPACE : 0);
  const bottom = MARGIN_BOTTOM + (has.xLabel ? XLABEL_SPACE : 0);
  const area = { left: MARGIN_LEFT, top, width: width - MARGIN_LEFT - MARGIN_RIGHT, height: height - top - bottom };
  if (area.width < 16 || area.height < 16) {
    throw new Error(`${caller}: a ${width}x${height} picture leaves no room for the plot area (need at least ${MARGIN_LEFT + MARGIN_RIGHT + 16}x${top + bottom + 16})`);
  }
  return area;
}

/** Pixel column of data x: xmin at the area's first column, xmax at its last. */
export function pixelX(axes: Axes, x: number): number {
  const { area } = axes;
  return area.left + ((x - axes.xmin) / (axes.xmax - axes.xmin)) * (area.width - 1);
}

/** Pixel row of data y: ymax at the area's top row, ymin at its bottom row. */
export function pixelY(axes: Axes, y: number): number {
  const { area } = axes;
  return area.top + ((axes.ymax - y) / (axes.ymax - axes.ymin)) * (area.height - 1);
}

export function areaClip(area: PlotArea): Clip {
  return { left: area.left, top: area.top, right: area.left + area.width, bottom: area.top + area.height };
}

/** [lo, hi] widened by `margin` of its length on each side; a zero-length range becomes [v - 1, v + 1]. */
export function padRange(lo: number, hi: number, margin: number): [number, number] {
  if (!(hi > lo)) {
    const half = lo === 0 || !Number.isFinite(lo) ? 1 : Math.abs(lo) * 0.1;
    return Number.isFinite(lo) ? [lo - half, lo + half] : [-1, 1];
  }
  const pad = (hi - lo) * margin;
  return [lo - pad, hi + pad];
}

/** Grid, frame, ticks with labels, title and axis labels. Call before drawing data so that data sits on top. */
export function drawFrame(img: RgbaImage, axes: Axes, text: { title?: string; xLabel?: string; yLabel?: string }): void {
  const { area } = axes;
  const right = area.left + area.width - 1;
  const bottom = area.top + area.height - 1;
  const xTicks = niceTicks(axes.xmin, axes.xmax, Math.max(2, Math.round(area.width / 70)));
  const yTicks = niceTicks(axes.ymin, axes.ymax, Math.max(2, Math.round(area.height / 70)));
  const xLabels = formatTicks(xTicks);
  const yLabels = formatTicks(yTicks);

  xTicks.forEach((t, i) => {
    const x = Math.round(pixelX(axes, t));
    fillRect(img, x, area.top, 1, area.height, GRID);
    fillRect(img, x, bottom + 1, 1, 4, AXIS);
    const label = xLabels[i]!;
    drawText(img, x - Math.floor(textWidth(label) / 2), bottom + 8, label, TICK_TEXT);
  });
  yTicks.forEach((t, i) => {
    const y = Math.round(pixelY(axes, t));
    fillRect(img, area.left, y, area.width, 1, GRID);
    fillRect(img, area.left - 5, y, 4, 1, AXIS);
    const label = yLabels[i]!;
    drawText(img, area.left - 8 - textWidth(label), y - 3, label, TICK_TEXT);
  });
  // Frame one pixel outside the area, so that data on the edge stays visible.
  fillRect(img, area.left - 1, area.top - 1, area.width + 2, 1, AXIS);
  fillRect(img, area.left - 1, bottom + 1, area.width + 2, 1, AXIS);
  fillRect(img, area.left - 1, area.top - 1, 1, area.height + 2, AXIS);
  fillRect(img, right + 1, area.top - 1, 1, area.height + 2, AXIS);

  if (text.title) {
    const w = textWidth(text.title, 2);
    drawText(img, Math.max(2, Math.round(area.left + area.width / 2 - w / 2)), MARGIN_TOP - 4, text.title, INK, 2);
  }
  if (text.xLabel) {
    const w = textWidth(text.xLabel);
    drawText(img, Math.round(area.left + area.width / 2 - w / 2), bottom + 24, text.xLabel, INK);
  }
  if (text.yLabel) drawText(img, Math.max(2, area.left - 8 - textWidth(text.yLabel) / 2), area.top - YLABEL_SPACE, text.yLabel, INK);
}

export interface LegendEntry {
  label: string;
  color: Rgba;
  /** Swatch: a short line (line charts) or a dot (scatter plots). */
  mark: 'line' | 'dot';
}

/**
 * Legend box in a corner of the plot area; entries with an empty label are left out. `beforeData` is a copy
 * of img.data taken before the data was drawn: the legend goes to the corner (top-right first, then
 * top-left, bottom-right, bottom-left) where the fewest pixels changed, so it hides as little data as possible.
 */
export function drawLegend(img: RgbaImage, area: PlotArea, all: readonly LegendEntry[], beforeData?: Uint8ClampedArray): void {
  const entries = all.filter((e) => e.label !== '');
  if (entries.length === 0) return;
  const rowH = 14;
  const swatch = 16;
  let labelW = 0;
  for (const e of entries) labelW = Math.max(labelW, textWidth(e.label));
  const w = 8 + swatch + 6 + labelW + 8;
  const h = 6 + entries.length * rowH;
  const inset = 8;
  const corners: [number, number][] = [
    [area.left + area.width - w - inset, area.top + inset],
    [area.left + inset, area.top + inset],
    [area.left + area.width - w - inset, area.top + area.height - h - inset],
    [area.left + inset, area.top + area.height - h - inset],
  ];
  let [x0, y0] = corners[0]!;
  if (beforeData !== undefined) {
    let fewest = Infinity;
    for (const [cx, cy] of corners) {
      const covered = changedPixels(img, beforeData, cx, cy, w, h);
      if (covered < fewest) {
        fewest = covered;
        [x0, y0] = [cx, cy];
      }
    }
  }
  fillRect(img, x0, y0, w, h, [255, 255, 255, 225]);
  fillRect(img, x0, y0, w, 1, GRID_BORDER);
  fillRect(img, x0, y0 + h - 1, w, 1, GRID_BORDER);
  fillRect(img, x0, y0, 1, h, GRID_BORDER);
  fillRect(img, x0 + w - 1, y0, 1, h, GRID_BORDER);
  entries.forEach((e, i) => {
    const cy = y0 + 6 + i * rowH + 3;
    const opaque: Rgba = [e.color[0], e.color[1], e.color[2], Math.max(e.color[3], 200)];
    if (e.mark === 'line') drawLine(img, x0 + 8, cy, x0 + 8 + swatch, cy, opaque, 2);
    else drawDisc(img, x0 + 8 + swatch / 2, cy, 3.5, opaque);
    drawText(img, x0 + 8 + swatch + 6, cy - 3, e.label, INK);
  });
}

/** Pixels of the w x h box at (x0, y0) whose RGBA differs from `before`. */
function changedPixels(img: RgbaImage, before: Uint8ClampedArray, x0: number, y0: number, w: number, h: number): number {
  let n = 0;
  const d = img.data;
  for (let y = Math.max(0, y0); y < Math.min(img.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(img.width, x0 + w); x++) {
      const i = (y * img.width + x) * 4;
      if (d[i] !== before[i] || d[i + 1] !== before[i + 1] || d[i + 2] !== before[i + 2]) n++;
    }
  }
  return n;
}
