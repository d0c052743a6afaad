/**
 * The pictures a run leaves behind: real vs generated samples, and the loss curves.
 * Only image code from src/image; the caller writes the PNG bytes.
 */
import type { ImageShape } from '../data/dataset.js';
import { createImage, drawText } from '../image/canvas.js';
import { imageGrid } from '../image/imageGrid.js';
import { PALETTE, lineChart, scatterPlot, withAlpha } from '../image/plots.js';
import type { RgbaImage } from '../image/rgbaImage.js';
import type { StepStats } from '../gan/trainer.js';

type Floats = Float32Array | Float64Array;

/** Generated points drawn in a scatter plot at most (more only blur into a blob). */
const MAX_SCATTER = 1500;
const CAPTION: readonly [number, number, number, number] = [235, 235, 235, 255];

/** The first two columns of [rows, dim] as [rows, 2] pairs; a single column is paired with 0. */
export function firstTwoColumns(x: Floats, dim: number, maxRows = Infinity): Float64Array {
  const rows = Math.min(x.length / dim, maxRows);
  const out = new Float64Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    out[2 * r] = x[r * dim]!;
    out[2 * r + 1] = dim > 1 ? x[r * dim + 1]! : 0;
  }
  return out;
}

/** Scatter plot of real training points over generated ones (first two columns), data space. */
export function scatterComparison(train: Floats, generated: Floats, dim: number, title: string): RgbaImage {
  const gen = firstTwoColumns(generated, dim, MAX_SCATTER);
  return scatterPlot(
    [
      { points: gen, color: withAlpha(PALETTE[1]!, 110), label: `generated (${gen.length / 2})`, radius: 2 },
      { points: firstTwoColumns(train, dim), color: PALETTE[0]!, label: `training (${train.length / dim})`, radius: 3 },
    ],
    { title },
  );
}

/** Scatter plot of generated points alone (first two columns). */
export function scatterSamples(generated: Floats, dim: number, title: string): RgbaImage {
  const pts = firstTwoColumns(generated, dim);
  return scatterPlot([{ points: pts, color: withAlpha(PALETTE[1]!, 140), label: `generated (${pts.length / 2})`, radius: 2 }], { title });
}

/** Cell magnification so that a grid is large enough to judge: cells about 84 px wide (28×28 at 3×, 8×8 at 11×). */
function cellScale(shape: ImageShape): number {
  return Math.max(1, Math.round(84 / Math.max(shape.width, shape.height)));
}

/** A grid of images in [0, 1] (channels last), `columns` per row. */
export function imageSamples(images: Floats, count: number, shape: ImageShape, columns: number): RgbaImage {
  return imageGrid(images, count, shape.height, shape.width, shape.channels, { columns, scale: cellScale(shape), layout: 'hwc' });
}

/**
 * `count` of the images [rows, dim] at evenly spaced rows ⌊i·rows/count⌋: a split stored class by class
 * then shows every class, not `count` examples of the first.
 */
export function evenlySpacedRows(x: Floats, dim: number, count: number): Float64Array {
  const rows = x.length / dim;
  const out = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) {
    const r = Math.floor((i * rows) / count);
    out.set(x.subarray(r * dim, (r + 1) * dim), i * dim);
  }
  return out;
}

/**
 * A captioned row of real training images (realCount of them, evenly spaced over `real`'s rows) above a grid of
 * generated ones, all in [0, 1], channels last. realCount ≤ columns; genCount a multiple of columns fills whole rows.
 */
export function imageComparison(real: Floats, realCount: number, generated: Floats, genCount: number, shape: ImageShape, columns: number): RgbaImage {
  const dim = shape.height * shape.width * shape.channels;
  const top = imageSamples(evenlySpacedRows(real, dim, realCount), realCount, shape, columns);
  const bottom = imageSamples(generated, genCount, shape, columns);
  const captionH = 14;
  const width = Math.max(top.width, bottom.width);
  const out = createImage(width, 2 * captionH + top.height + bottom.height, [48, 48, 48, 255]);
  drawText(out, 4, 4, 'training examples', CAPTION);
  blit(out, top, 0, captionH);
  drawText(out, 4, captionH + top.height + 4, 'generated', CAPTION);
  blit(out, bottom, 0, 2 * captionH + top.height);
  return out;
}

function blit(dst: RgbaImage, src: RgbaImage, x0: number, y0: number): void {
  const rowBytes = src.width * 4;
  for (let y = 0; y < src.height; y++) {
    const from = y * rowBytes;
    dst.data.set(src.data.subarray(from, from + rowBytes), ((y0 + y) * dst.width + x0) * 4);
  }
}

/** Loss curves of D and G against the step (smoothed for display when there are many steps). */
export function lossCurves(history: readonly StepStats[], title: string): RgbaImage {
  const steps = history.map((s) => s.step);
  return lineChart(
    [
      { values: history.map((s) => s.lossD), color: PALETTE[0]!, label: 'discriminator' },
      { values: history.map((s) => s.lossG), color: PALETTE[1]!, label: 'generator' },
    ],
    { title, xLabel: 'step', yLabel: 'loss', xValues: steps, smoothing: history.length > 200 ? 0.95 : history.length > 20 ? 0.6 : 0 },
  );
}
