// Nearest-neighbour upsampling by an integer factor and its adjoint, the sum over factor×factor blocks.
import { Tensor, formatShape } from './tensor.js';

function dims4(op: string, x: Tensor): [number, number, number, number] {
  if (x.ndim !== 4) throw new Error(`${op}: input must be NCHW [batch, channels, height, width], got shape ${formatShape(x.shape)}`);
  return x.shape as unknown as [number, number, number, number];
}

function checkFactor(op: string, factor: number): void {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`${op}: scale factor must be a positive integer, got ${factor}`);
}

/** out[n, c, y, x] = x[n, c, ⌊y/f⌋, ⌊x/f⌋]: [N, C, H, W] → [N, C, H·f, W·f] (torch nearest, integer scale). */
export function upsampleNearestKernel(x: Tensor, factor: number): Tensor {
  checkFactor('upsampleNearest', factor);
  const [n, c, h, w] = dims4('upsampleNearest', x);
  const oh = h * factor, ow = w * factor;
  const out = Tensor.empty([n, c, oh, ow], x.dtype);
  const src = x.data, dst = out.data;
  for (let p = 0; p < n * c; p++) {
    for (let y = 0; y < oh; y++) {
      const srow = p * h * w + Math.floor(y / factor) * w;
      const drow = (p * oh + y) * ow;
      for (let i = 0; i < ow; i++) dst[drow + i] = src[srow + Math.floor(i / factor)]!;
    }
  }
  return out;
}

/** out[n, c, y, x] = Σ over the f×f block at (y·f, x·f): [N, C, H·f, W·f] → [N, C, H, W]; the adjoint of upsampleNearest. */
export function blockSumKernel(x: Tensor, factor: number): Tensor {
  checkFactor('blockSum', factor);
  const [n, c, ih, iw] = dims4('blockSum', x);
  if (ih % factor !== 0 || iw % factor !== 0) {
    throw new Error(`blockSum: height and width must be multiples of ${factor}, got shape ${formatShape(x.shape)}`);
  }
  const h = ih / factor, w = iw / factor;
  const out = Tensor.empty([n, c, h, w], x.dtype);
  const src = x.data, dst = out.data;
  for (let p = 0; p < n * c; p++) {
    for (let y = 0; y < ih; y++) {
      const srow = (p * ih + y) * iw;
      const drow = p * h * w + Math.floor(y / factor) * w;
      for (let i = 0; i < iw; i++) dst[drow + Math.floor(i / factor)] += src[srow + i]!;
    }
  }
  return out;
}
