// im2col and col2im: the patch matrix that turns a convolution into one matrix product, and its adjoint.
import { Tensor, formatShape } from './tensor.js';

/**
 * The geometry of a square-kernel 2-D convolution over NCHW images, as torch.nn.Conv2d:
 * outSize = ⌊(size + 2·padding − kernel) / stride⌋ + 1 for height and width.
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

function checkInt(op: string, name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`${op}: ${name} must be an integer ≥ ${min}, got ${v}`);
}

/**
 * The geometry for an input of shape [batch, channels, height, width]; throws when the kernel does not
 * fit the padded input (naming `op` and the shapes).
 */
export function convGeometry(op: string, shape: readonly number[], kernel: number, stride: number, padding: number): ConvGeometry {
  if (shape.length !== 4) throw new Error(`${op}: input must be NCHW [batch, channels, height, width], got shape ${formatShape(shape)}`);
  checkInt(op, 'kernel size', kernel, 1);
  checkInt(op, 'stride', stride, 1);
  checkInt(op, 'padding', padding, 0);
  const [batch, channels, height, width] = shape as [number, number, number, number];
  if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
    throw new Error(`${op}: kernel ${kernel}×${kernel} is larger than the padded input ${height + 2 * padding}×${width + 2 * padding} (input ${formatShape(shape)}, padding ${padding})`);
  }
  const outHeight = Math.floor((height + 2 * padding - kernel) / stride) + 1;
  const outWidth = Math.floor((width + 2 * padding - kernel) / stride) + 1;
  return { batch, channels, height, width, kernel, stride, padding, outHeight, outWidth };
}

/** The shape of the patch matrix: [batch·outHeight·outWidth, channels·kernel·kernel]. */
export function colsShape(g: ConvGeometry): [number, number] {
  return [g.batch * g.outHeight * g.outWidth, g.channels * g.kernel * g.kernel];
}

/**
 * Patch matrix of x [batch, channels, height, width]: row (n, oy, ox), column (c, ky, kx) holds
 * x[n, c, oy·stride + ky − padding, ox·stride + kx − padding], or 0 outside the image. The column order
 * is that of a torch conv weight [out, channels, k, k] flattened to [out, channels·k·k].
 */
export function im2colKernel(x: Tensor, g: ConvGeometry): Tensor {
  const [rows, cols] = colsShape(g);
  const out = Tensor.empty([rows, cols], x.dtype);
  const src = x.data, dst = out.data;
  const { channels: C, height: H, width: W, kernel: K, stride: S, padding: P, outHeight: OH, outWidth: OW } = g;
  const plane = H * W, patch = K * K;
  for (let n = 0; n < g.batch; n++) {
    for (let oy = 0; oy < OH; oy++) {
      // Kernel rows and columns that land inside the image; the rest of the patch stays zero.
      const kyLo = Math.max(0, P - oy * S), kyHi = Math.min(K, H + P - oy * S);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * S - P;
        const kxLo = Math.max(0, -x0), kxHi = Math.min(K, W - x0);
        const whole = kxLo === 0 && kxHi === K;
        const rowStart = ((n * OH + oy) * OW + ox) * cols;
        const corner = n * C * plane + (oy * S - P) * W + x0;
        for (let c = 0; c < C; c++) {
          for (let ky = kyLo; ky < kyHi; ky++) {
            const from = corner + c * plane + ky * W, to = rowStart + c * patch + ky * K;
            // Whole rows of the common kernels written out: a 3- or 4-step loop costs more than its copies.
            if (whole && K === 4) {
              dst[to] = src[from]!; dst[to + 1] = src[from + 1]!; dst[to + 2] = src[from + 2]!; dst[to + 3] = src[from + 3]!;
            } else if (whole && K === 3) {
              dst[to] = src[from]!; dst[to + 1] = src[from + 1]!; dst[to + 2] = src[from + 2]!;
            } else {
              for (let kx = kxLo; kx < kxHi; kx++) dst[to + kx] = src[from + kx]!;
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * The adjoint of im2col: cols [batch·outHeight·outWidth, channels·k·k] → [batch, channels, height, width],
 * each entry added back to the pixel it was read from (overlapping patches sum; padding is dropped).
 */
export function col2imKernel(cols: Tensor, g: ConvGeometry): Tensor {
  const [rows, width] = colsShape(g);
  if (cols.ndim !== 2 || cols.shape[0] !== rows || cols.shape[1] !== width) {
    throw new Error(`col2im: expected a patch matrix of shape [${rows},${width}], got ${formatShape(cols.shape)}`);
  }
  const out = Tensor.empty([g.batch, g.channels, g.height, g.width], cols.dtype);
  const src = cols.data, dst = out.data;
  const { channels: C, height: H, width: W, kernel: K, stride: S, padding: P, outHeight: OH, outWidth: OW } = g;
  const plane = H * W, patch = K * K;
  for (let n = 0; n < g.batch; n++) {
    for (let oy = 0; oy < OH; oy++) {
      const kyLo = Math.max(0, P - oy * S), kyHi = Math.min(K, H + P - oy * S);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * S - P;
        const kxLo = Math.max(0, -x0), kxHi = Math.min(K, W - x0);
        const whole = kxLo === 0 && kxHi === K;
        const rowStart = ((n * OH + oy) * OW + ox) * width;
        const corner = n * C * plane + (oy * S - P) * W + x0;
        for (let c = 0; c < C; c++) {
          for (let ky = kyLo; ky < kyHi; ky++) {
            const to = corner + c * plane + ky * W, from = rowStart + c * patch + ky * K;
            if (whole && K === 4) {
              dst[to] += src[from]!; dst[to + 1] += src[from + 1]!; dst[to + 2] += src[from + 2]!; dst[to + 3] += src[from + 3]!;
            } else if (whole && K === 3) {
              dst[to] += src[from]!; dst[to + 1] += src[from + 1]!; dst[to + 2] += src[from + 2]!;
            } else {
              for (let kx = kxLo; kx < kxHi; kx++) dst[to + kx] += src[from + kx]!;
            }
          }
        }
      }
    }
  }
  return out;
}
