/** A grid of sample images, e.g. generated digits, as one picture. */
import { createImage } from './canvas.js';
import type { Rgba, RgbaImage } from './rgbaImage.js';

export interface ImageGridOptions {
  /** Images per row; default ceil(sqrt(count)). */
  columns?: number;
  /** Each image pixel becomes a scale x scale block; default 1. */
  scale?: number;
  /** Pixels between cells and around the grid; default 2. */
  padding?: number;
  /** Color of the padding; default dark gray. */
  background?: Rgba;
  /**
   * Order of one image's numbers: 'chw' (default; channel planes, PyTorch's NCHW) or 'hwc' (interleaved).
   * The same for 1 channel.
   */
  layout?: 'chw' | 'hwc';
}

/**
 * Grid of images, row by row. images: [count, height * width * channels] with values in [0, 1]
 * (clamped; NaN draws black); channels 1 (gray) or 3 (RGB).
 */
export function imageGrid(images: Float32Array | Float64Array, count: number, height: number, width: number, channels: 1 | 3, opts: ImageGridOptions = {}): RgbaImage {
  for (const [name, v] of [['count', count], ['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`imageGrid: ${name} must be a positive integer, got ${v}`);
  }
  if (channels !== 1 && channels !== 3) throw new Error(`imageGrid: channels must be 1 or 3, got ${String(channels)}`);
  const per = height * width * channels;
  if (images.length < count * per) {
    throw new Error(`imageGrid: images has ${images.length} numbers, expected count*height*width*channels = ${count}*${height}*${width}*${channels} = ${count * per}`);
  }
  const columns = opts.columns ?? Math.ceil(Math.sqrt(count));
  const scale = opts.scale ?? 1;
  const pad = opts.padding ?? 2;
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`imageGrid: columns must be a positive integer, got ${columns}`);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`imageGrid: scale must be a positive integer, got ${scale}`);
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`imageGrid: padding must be a non-negative integer, got ${pad}`);
  const rows = Math.ceil(count / columns);
  const cellW = width * scale;
  const cellH = height * scale;
  const img = createImage(columns * (cellW + pad) + pad, rows * (cellH + pad) + pad, opts.background ?? [48, 48, 48, 255]);
  const out = img.data;
  const outW = img.width;
  const planar = (opts.layout ?? 'chw') === 'chw';
  // Offset of channel c of pixel p within one image.
  const plane = planar ? height * width : 1;
  const pixelStride = planar ? 1 : channels;
  for (let n = 0; n < count; n++) {
    const x0 = pad + (n % columns) * (cellW + pad);
    const y0 = pad + Math.floor(n / columns) * (cellH + pad);
    const base = n * per;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = base + (y * width + x) * pixelStride;
        const r = toByte(images[src]!);
        const g = channels === 3 ? toByte(images[src + plane]!) : r;
        const b = channels === 3 ? toByte(images[src + 2 * plane]!) : r;
        for (let sy = 0; sy < scale; sy++) {
          let o = ((y0 + y * scale + sy) * outW + x0 + x * scale) * 4;
          for (let sx = 0; sx < scale; sx++, o += 4) {
            out[o] = r;
            out[o + 1] = g;
            out[o + 2] = b;
            out[o + 3] = 255;
          }
        }
      }
    }
  }
  return img;
}

function toByte(v: number): number {
  return v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0;
}
