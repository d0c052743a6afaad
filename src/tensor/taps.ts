// The tap sum and its adjoint: a convolution with few output channels computed as a 1×1 product to one plane
// per (output channel, kernel tap), then a shifted sum of those planes, instead of through the patch matrix.
import type { ConvGeometry } from './im2col.js';
import { Tensor, formatShape } from './tensor.js';

/** The shape of the tap planes for `outChannels`: [batch, outChannels·k·k, height·width]. */
export function tapsShape(g: ConvGeometry, outChannels: number): [number, number, number] {
  return [g.batch, outChannels * g.kernel * g.kernel, g.height * g.width];
}

/**
 * For each tap t of the kernel, the output rows (or columns) o whose input row o·s + t − p lies in [0, size):
 * [lo, hi) at [2t, 2t + 1].
 */
function validRanges(size: number, outSize: number, g: ConvGeometry): Int32Array {
  const ranges = new Int32Array(2 * g.kernel);
  for (let t = 0; t < g.kernel; t++) {
    ranges[2 * t] = Math.max(0, Math.ceil((g.padding - t) / g.stride));
    ranges[2 * t + 1] = Math.min(outSize, Math.floor((size - 1 + g.padding - t) / g.stride) + 1);
  }
  return ranges;
}

/**
 * y[n, o, oy, ox] = Σ_{ky, kx} taps[n, (o, ky, kx), oy·s + ky − p, ox·s + kx − p] (0 outside the image).
 * With taps[n, (o, ky, kx), pixel] = Σ_c w[o, c, ky, kx]·x[n, c, pixel], this is conv2d(x, w).
 * taps: [N, O·k·k, H·W] → [N, O, OH, OW].
 */
export function sumTapsKernel(taps: Tensor, g: ConvGeometry, outChannels: number): Tensor {
  checkTaps('sumTaps', taps, g, outChannels);
  const out = Tensor.empty([g.batch, outChannels, g.outHeight, g.outWidth], taps.dtype);
  const src = taps.data, dst = out.data;
  const { kernel: K, stride: S, padding: P, width: W, outHeight: OH, outWidth: OW } = g;
  const plane = g.height * W;
  const rowsOf = validRanges(g.height, OH, g), colsOf = validRanges(W, OW, g);
  for (let no = 0; no < g.batch * outChannels; no++) {
    const yPlane = no * OH * OW;
    for (let ky = 0; ky < K; ky++) {
      const oyLo = rowsOf[2 * ky]!, oyHi = rowsOf[2 * ky + 1]!;
      for (let kx = 0; kx < K; kx++) {
        const oxLo = colsOf[2 * kx]!, oxHi = colsOf[2 * kx + 1]!;
        const tapPlane = (no * K * K + ky * K + kx) * plane;
        for (let oy = oyLo; oy < oyHi; oy++) {
          const from = tapPlane + (oy * S + ky - P) * W + kx - P, to = yPlane + oy * OW;
          for (let ox = oxLo; ox < oxHi; ox++) dst[to + ox] += src[from + ox * S]!;
        }
      }
    }
  }
  return out;
}

/**
 * The adjoint of sumTaps: taps[n, (o, ky, kx), iy, ix] = y[n, o, oy, ox] where iy = oy·s + ky − p and
 * ix = ox·s + kx − p, else 0 (each tap pixel is read by at most one output pixel).
 * y: [N, O, OH, OW] → [N, O·k·k, H·W].
 */
export function spreadTapsKernel(y: Tensor, g: ConvGeometry): Tensor {
  const outChannels = y.ndim === 4 ? y.shape[1]! : -1;
  const want = [g.batch, outChannels, g.outHeight, g.outWidth];
  if (y.ndim !== 4 || y.shape.some((s, i) => s !== want[i])) {
    throw new Error(`spreadTaps: input has shape ${formatShape(y.shape)}, the geometry expects [${g.batch}, channels, ${g.outHeight}, ${g.outWidth}]`);
  }
  const out = Tensor.empty(tapsShape(g, outChannels), y.dtype);
  const src = y.data, dst = out.data;
  const { kernel: K, stride: S, padding: P, width: W, outHeight: OH, outWidth: OW } = g;
  const plane = g.height * W;
  const rowsOf = validRanges(g.height, OH, g), colsOf = validRanges(W, OW, g);
  for (let no = 0; no < g.batch * outChannels; no++) {
    const yPlane = no * OH * OW;
    for (let ky = 0; ky < K; ky++) {
      const oyLo = rowsOf[2 * ky]!, oyHi = rowsOf[2 * ky + 1]!;
      for (let kx = 0; kx < K; kx++) {
        const oxLo = colsOf[2 * kx]!, oxHi = colsOf[2 * kx + 1]!;
        const tapPlane = (no * K * K + ky * K + kx) * plane;
        for (let oy = oyLo; oy < oyHi; oy++) {
          const to = tapPlane + (oy * S + ky - P) * W + kx - P, from = yPlane + oy * OW;
          for (let ox = oxLo; ox < oxHi; ox++) dst[to + ox * S] = src[from + ox]!;
        }
      }
    }
  }
  return out;
}

function checkTaps(op: string, taps: Tensor, g: ConvGeometry, outChannels: number): void {
  const want = tapsShape(g, outChannels);
  if (taps.ndim !== 3 || taps.shape.some((s, i) => s !== want[i])) {
    throw new Error(`${op}: tap planes have shape ${formatShape(taps.shape)}, the geometry expects ${formatShape(want)}`);
  }
}
