/**
 * A tiny anti-aliased raster on RgbaImage. Coordinates are in pixels with integer values at pixel
 * centres: pixel (x, y) covers [x - 0.5, x + 0.5) x [y - 0.5, y + 0.5), y grows downwards.
 * Drawing blends with straight-alpha "source over": out = src * a + dst * (1 - a).
 */
import { GLYPH_ADVANCE, GLYPH_ROWS, GLYPH_WIDTH, LINE_HEIGHT, glyphOffset } from './font5x7.js';
import type { Rgba, RgbaImage } from './rgbaImage.js';

/** A pixel rectangle: columns left..right-1, rows top..bottom-1. */
export interface Clip {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** New width x height image filled with `background` (default opaque white). */
export function createImage(width: number, height: number, background: Rgba = [255, 255, 255, 255]): RgbaImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`createImage: width and height must be positive integers, got ${width}x${height}`);
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = background[0];
    data[i + 1] = background[1];
    data[i + 2] = background[2];
    data[i + 3] = background[3];
  }
  return { width, height, data };
}

/** Blends `color` over pixel (x, y) with opacity color.a/255 * coverage; ignores pixels outside the image. */
export function blendPixel(img: RgbaImage, x: number, y: number, color: Rgba, coverage = 1): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const sa = (color[3] / 255) * coverage;
  if (!(sa > 0)) return;
  const d = img.data;
  const i = (y * img.width + x) * 4;
  if (sa >= 1) {
    d[i] = color[0];
    d[i + 1] = color[1];
    d[i + 2] = color[2];
    d[i + 3] = 255;
    return;
  }
  const da = d[i + 3]! / 255;
  const keep = da * (1 - sa);
  const oa = sa + keep;
  d[i] = (color[0] * sa + d[i]! * keep) / oa;
  d[i + 1] = (color[1] * sa + d[i + 1]! * keep) / oa;
  d[i + 2] = (color[2] * sa + d[i + 2]! * keep) / oa;
  d[i + 3] = oa * 255;
}

/** Blends `color` over the w x h pixel block whose top-left pixel is (x, y) (integers; clipped to the image). */
export function fillRect(img: RgbaImage, x: number, y: number, w: number, h: number, color: Rgba): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(img.width, Math.round(x + w));
  const y1 = Math.min(img.height, Math.round(y + h));
  for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) blendPixel(img, px, py, color);
}

function clipToImage(img: RgbaImage, clip: Clip | undefined): Clip {
  if (clip === undefined) return { left: 0, top: 0, right: img.width, bottom: img.height };
  return {
    left: Math.max(0, Math.floor(clip.left)),
    top: Math.max(0, Math.floor(clip.top)),
    right: Math.min(img.width, Math.ceil(clip.right)),
    bottom: Math.min(img.height, Math.ceil(clip.bottom)),
  };
}

/** Anti-aliased straight line from (x0, y0) to (x1, y1), `width` pixels thick with round caps. */
export function drawLine(img: RgbaImage, x0: number, y0: number, x1: number, y1: number, color: Rgba, width = 1, clip?: Clip): void {
  drawPolyline(img, [x0, x1], [y0, y1], color, width, clip);
}

/**
 * Anti-aliased polyline through (xs[i], ys[i]), `width` pixels thick with round joins. Each pixel is
 * blended once with its largest coverage over all segments, so joins of translucent lines show no dots.
 * Points with a non-finite coordinate are skipped (the line joins their neighbours).
 */
export function drawPolyline(img: RgbaImage, xs: ArrayLike<number>, ys: ArrayLike<number>, color: Rgba, width = 1, clip?: Clip): void {
  if (xs.length !== ys.length) throw new Error(`drawPolyline: xs has ${xs.length} points but ys has ${ys.length}`);
  const c = clipToImage(img, clip);
  const half = width / 2;
  const reach = half + 1;
  const px: number[] = [];
  const py: number[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    px.push(x);
    py.push(y);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (px.length === 0) return;
  // Coverage mask over the polyline's bounding box within the clip.
  const bx0 = Math.max(c.left, Math.floor(minX - reach));
  const by0 = Math.max(c.top, Math.floor(minY - reach));
  const bx1 = Math.min(c.right, Math.ceil(maxX + reach) + 1);
  const by1 = Math.min(c.bottom, Math.ceil(maxY + reach) + 1);
  if (bx0 >= bx1 || by0 >= by1) return;
  const mw = bx1 - bx0;
  const mask = new Float32Array(mw * (by1 - by0));
  const segments = Math.max(1, px.length - 1);
  for (let s = 0; s < segments; s++) {
    const ax = px[s]!;
    const ay = py[s]!;
    const dx = (px[s + 1] ?? ax) - ax;
    const dy = (py[s + 1] ?? ay) - ay;
    const len2 = dx * dx + dy * dy;
    const sx0 = Math.max(bx0, Math.floor(Math.min(ax, ax + dx) - reach));
    const sx1 = Math.min(bx1, Math.ceil(Math.max(ax, ax + dx) + reach) + 1);
    const sy0 = Math.max(by0, Math.floor(Math.min(ay, ay + dy) - reach));
    const sy1 = Math.min(by1, Math.ceil(Math.max(ay, ay + dy) + reach) + 1);
    for (let y = sy0; y < sy1; y++) {
      const row = (y - by0) * mw - bx0;
      const ry = y - ay;
      for (let x = sx0; x < sx1; x++) {
        const rx = x - ax;
        // Distance from the pixel centre to the nearest point of the segment.
        let t = len2 > 0 ? (rx * dx + ry * dy) / len2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = rx - t * dx;
        const ey = ry - t * dy;
        const cov = half + 0.5 - Math.sqrt(ex * ex + ey * ey);
        if (cov > mask[row + x]!) mask[row + x] = cov > 1 ? 1 : cov;
      }
    }
  }
  for (let y = by0; y < by1; y++) {
    const row = (y - by0) * mw - bx0;
    for (let x = bx0; x < bx1; x++) if (mask[row + x]! > 0) blendPixel(img, x, y, color, mask[row + x]!);
  }
}

/** Anti-aliased filled disc of radius r centred at (cx, cy). */
export function drawDisc(img: RgbaImage, cx: number, cy: number, r: number, color: Rgba, clip?: Clip): void {
  const c = clipToImage(img, clip);
  const x0 = Math.max(c.left, Math.floor(cx - r - 1));
  const x1 = Math.min(c.right, Math.ceil(cx + r + 1) + 1);
  const y0 = Math.max(c.top, Math.floor(cy - r - 1));
  const y1 = Math.min(c.bottom, Math.ceil(cy + r + 1) + 1);
  for (let y = y0; y < y1; y++) {
    const dy = y - cy;
    for (let x = x0; x < x1; x++) {
      const dx = x - cx;
      const cov = r + 0.5 - Math.sqrt(dx * dx + dy * dy);
      if (cov > 0) blendPixel(img, x, y, color, cov > 1 ? 1 : cov);
    }
  }
}

/** Width in pixels of `text` (its longest line) drawn at `scale`, without the trailing blank column. */
export function textWidth(text: string, scale = 1): number {
  let longest = 0;
  for (const line of text.split('\n')) longest = Math.max(longest, line.length);
  return longest === 0 ? 0 : (longest * GLYPH_ADVANCE - (GLYPH_ADVANCE - GLYPH_WIDTH)) * scale;
}

/**
 * Draws `text` with the built-in 5x7 font, each font pixel a scale x scale block; (x, y) is the top-left
 * of the first glyph's cap box. '\n' starts a new line. Returns the width drawn (as textWidth).
 */
export function drawText(img: RgbaImage, x: number, y: number, text: string, color: Rgba, scale = 1): number {
  const s = Math.max(1, Math.round(scale));
  const left = Math.round(x);
  let cx = left;
  let cy = Math.round(y);
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code === 10) {
      cx = left;
      cy += LINE_HEIGHT * s;
      continue;
    }
    const base = glyphOffset(code);
    for (let r = 0; r < 9; r++) {
      const bits = GLYPH_ROWS[base + r]!;
      if (bits === 0) continue;
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (bits & (1 << (GLYPH_WIDTH - 1 - col))) fillRect(img, cx + col * s, cy + r * s, s, s, color);
      }
    }
    cx += GLYPH_ADVANCE * s;
  }
  return textWidth(text, s);
}
