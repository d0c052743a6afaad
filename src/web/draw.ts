/** Canvas views of the page: the data plane (D's map, G's warped grid, samples), images, loss curves. */
import type { ImageShape } from '../data/dataset.js';
import type { PlaneView } from './protocol.js';

type Box = [number, number, number, number];

/** Data point → canvas pixel in a box [xmin, xmax, ymin, ymax]. */
function toPixel(box: Box, w: number, h: number, x: number, y: number): [number, number] {
  return [((x - box[0]) / (box[1] - box[0])) * w, ((box[3] - y) / (box[3] - box[2])) * h];
}

/** D's probability of "real" as a green (real) to white (fake) heat map, then G's warped latent grid, then points. */
export function drawPlane(ctx: CanvasRenderingContext2D, view: PlaneView | null, box: Box, real: Float32Array | Float64Array, fake: Float32Array | null): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  if (view !== null) {
    const cell = w / view.res;
    for (let r = 0; r < view.res; r++) {
      for (let c = 0; c < view.res; c++) {
        const p = view.decision[r * view.res + c]!;
        const shade = Math.round(255 - 110 * p);
        ctx.fillStyle = `rgb(${shade},${Math.round(255 - 40 * p)},${shade})`;
        ctx.fillRect(c * cell, r * cell, cell + 1, cell + 1);
      }
    }
    ctx.strokeStyle = 'rgba(90,90,90,0.45)';
    ctx.lineWidth = 1;
    const n = view.lines;
    const at = (a: number, b: number): [number, number] => toPixel(box, w, h, view.warped[2 * (a * n + b)]!, view.warped[2 * (a * n + b) + 1]!);
    for (let a = 0; a < n; a++) {
      for (const along of [true, false]) {
        ctx.beginPath();
        for (let b = 0; b < n; b++) {
          const [px, py] = along ? at(a, b) : at(b, a);
          if (b === 0) ctx.moveTo(px, py);
          else ctx.lineTo(px, py);
        }
        ctx.stroke();
      }
    }
  }
  dots(ctx, box, real, '#000', 2.2);
  if (fake !== null) dots(ctx, box, fake, 'rgba(192,22,107,0.7)', 1.6);
}

function dots(ctx: CanvasRenderingContext2D, box: Box, xy: Float32Array | Float64Array, color: string, radius: number): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.fillStyle = color;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const [px, py] = toPixel(box, w, h, xy[i]!, xy[i + 1]!);
    ctx.fillRect(px - radius, py - radius, 2 * radius, 2 * radius);
  }
}

/** A canvas pixel back to data coordinates (for hand-drawn points). */
export function fromPixel(box: Box, w: number, h: number, px: number, py: number): [number, number] {
  return [box[0] + (px / w) * (box[1] - box[0]), box[3] - (py / h) * (box[3] - box[2])];
}

/** Image data: a row of real examples above rows of generated ones; pixels channels last, clamped to [0, 1]. */
export function drawImages(ctx: CanvasRenderingContext2D, shape: ImageShape, real: Float32Array, fake: Float32Array | null): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  const cols = 8;
  const size = Math.floor(w / cols);
  const dim = shape.height * shape.width * shape.channels;
  const put = (data: Float32Array, index: number, slot: number): void => {
    const img = ctx.createImageData(shape.width, shape.height);
    for (let p = 0; p < shape.height * shape.width; p++) {
      for (let ch = 0; ch < 3; ch++) {
        const v = data[index * dim + p * shape.channels + (shape.channels === 3 ? ch : 0)]!;
        img.data[4 * p + ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
      }
      img.data[4 * p + 3] = 255;
    }
    const tmp = new OffscreenCanvas(shape.width, shape.height);
    tmp.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tmp, (slot % cols) * size, Math.floor(slot / cols) * size, size - 2, size - 2);
  };
  const realCount = Math.min(cols, real.length / dim);
  for (let i = 0; i < realCount; i++) put(real, i, i);
  if (fake !== null) for (let i = 0; i < Math.min(cols * 6, fake.length / dim); i++) put(fake, i, cols + i);
}

/** Loss curves of D and G over all steps so far (every point when few, else a running mean per pixel). */
export function drawLosses(ctx: CanvasRenderingContext2D, lossD: number[], lossG: number[]): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  const all = lossD.concat(lossG).filter(Number.isFinite);
  if (all.length === 0) return;
  let hi = 0;
  for (const v of all) hi = Math.max(hi, v);
  hi = Math.max(hi, 1e-6);
  ctx.fillStyle = '#666';
  ctx.fillText(`max ${hi.toFixed(2)}`, 4, 10);
  for (const [series, color] of [[lossD, '#1f5fbf'], [lossG, '#d2691e']] as const) {
    if (series.length === 0) continue;
    ctx.strokeStyle = color;
    ctx.beginPath();
    const per = Math.max(1, Math.ceil(series.length / w));
    for (let x = 0; x * per < series.length; x++) {
      let s = 0, c = 0;
      for (let i = x * per; i < Math.min(series.length, (x + 1) * per); i++) {
        s += series[i]!;
        c++;
      }
      const px = (x / Math.max(1, Math.ceil(series.length / per) - 1)) * (w - 2) + 1;
      const py = h - 2 - ((s / c) / hi) * (h - 14);
      if (x === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }
}
