// Convolutions on NCHW tensors as torch.nn.functional.conv2d / conv_transpose2d / avg_pool2d, built from
// two mutually adjoint linear ops (im2col, col2im) and the matrix product, so every backward is made of
// differentiable ops and gradients of gradients (R1 through a convolutional D) work.
import { col2imKernel, colsShape, convGeometry, im2colKernel } from '../../tensor/im2col.js';
import type { ConvGeometry } from '../../tensor/im2col.js';
import { spreadTapsKernel, sumTapsKernel } from '../../tensor/taps.js';
import { blockSumKernel, upsampleNearestKernel } from '../../tensor/upsample.js';
import { formatShape } from '../../tensor/tensor.js';
import type { Tensor } from '../../tensor/tensor.js';
import { record } from '../record.js';
import { add, mul } from './arithmetic.js';
import { linear } from './linear.js';
import { matmul } from './matmul.js';
import { mean } from './reduce.js';
import { narrow, permute, reshape } from './shape.js';

export type { ConvGeometry } from '../../tensor/im2col.js';
export { convGeometry } from '../../tensor/im2col.js';

/** Patch matrix of x [N, C, H, W] → [N·OH·OW, C·k·k] (see im2colKernel). ∂ is col2im of the gradient. */
export function im2col(x: Tensor, g: ConvGeometry): Tensor {
  checkInput('im2col', x, g);
  return record(im2colKernel(x, g), 'im2col', [x], (gr) => [col2im(gr, g)]);
}

/** The adjoint of im2col: [N·OH·OW, C·k·k] → [N, C, H, W], overlaps summed. ∂ is im2col of the gradient. */
export function col2im(cols: Tensor, g: ConvGeometry): Tensor {
  return record(col2imKernel(cols, g), 'col2im', [cols], (gr) => [im2col(gr, g)]);
}

/**
 * Shifted sum of tap planes [N, O·k·k, H·W] → [N, O, OH, OW] (see sumTapsKernel). ∂ is spreadTaps of the gradient.
 */
export function sumTaps(taps: Tensor, g: ConvGeometry, outChannels: number): Tensor {
  return record(sumTapsKernel(taps, g, outChannels), 'sumTaps', [taps], (gr) => [spreadTaps(gr, g)]);
}

/** The adjoint of sumTaps: [N, O, OH, OW] → [N, O·k·k, H·W]. ∂ is sumTaps of the gradient. */
export function spreadTaps(y: Tensor, g: ConvGeometry): Tensor {
  const outChannels = y.shape[1]!;
  return record(spreadTapsKernel(y, g), 'spreadTaps', [y], (gr) => [sumTaps(gr, g, outChannels)]);
}

function checkInput(op: string, x: Tensor, g: ConvGeometry): void {
  const want = [g.batch, g.channels, g.height, g.width];
  if (x.ndim !== 4 || x.shape.some((s, i) => s !== want[i])) {
    throw new Error(`${op}: input has shape ${formatShape(x.shape)}, the geometry expects ${formatShape(want)}`);
  }
}

/** Rows (n, oy, ox) of a [N·OH·OW, C] matrix laid out as the image [N, C, OH, OW]. */
export function rowsToImage(y: Tensor, g: ConvGeometry): Tensor {
  const channels = y.shape[1]!;
  return permute(reshape(y, [g.batch, g.outHeight, g.outWidth, channels]), [0, 3, 1, 2]);
}

export interface ConvOptions {
  /** Default 1. */
  stride?: number;
  /** Zero padding on every side, default 0. */
  padding?: number;
}

function squareKernel(op: string, w: Tensor, channelDim: number, channels: number): number {
  if (w.ndim !== 4 || w.shape[2] !== w.shape[3]) {
    throw new Error(`${op}: weight must be [*, *, k, k] with a square kernel, got shape ${formatShape(w.shape)}`);
  }
  if (w.shape[channelDim] !== channels) {
    throw new Error(`${op}: weight ${formatShape(w.shape)} expects ${w.shape[channelDim]} input channels, the input has ${channels}`);
  }
  return w.shape[2]!;
}

function checkBias(op: string, bias: Tensor | null, channels: number): void {
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== channels)) {
    throw new Error(`${op}: bias must be [${channels}], got shape ${formatShape(bias.shape)}`);
  }
}

/**
 * y[n, o] = Σ_c w[o, c] ⋆ x[n, c] + b[o] (cross-correlation, torch.nn.functional.conv2d).
 * x: [N, C, H, W], w: [O, C, k, k], bias: [O] or null → [N, O, OH, OW], OH = ⌊(H + 2p − k)/s⌋ + 1.
 * Computed on gemm by whichever of two equal sums moves less data:
 * - patches: im2col(x)·W_flatᵀ with W_flat = w as [O, C·k·k], a matrix of N·OH·OW·C·k² values;
 * - taps, at stride 1 when O·H·W < C·OH·OW (few output channels, as in a generator's last layer): per image the
 *   product W_taps·x[n] with W_taps = w as [O·k·k, C] gives N·O·k²·H·W values, which sumTaps adds up.
 */
export function conv2d(x: Tensor, w: Tensor, bias: Tensor | null, options: ConvOptions = {}): Tensor {
  if (x.ndim !== 4) throw new Error(`conv2d: input must be NCHW [batch, channels, height, width], got shape ${formatShape(x.shape)}`);
  const k = squareKernel('conv2d', w, 1, x.shape[1]!);
  const g = convGeometry('conv2d', x.shape, k, options.stride ?? 1, options.padding ?? 0);
  const out = w.shape[0]!;
  checkBias('conv2d', bias, out);
  // At stride s the tap product costs s² times the patch product's multiply-adds: taps only at stride 1.
  if (g.stride === 1 && out * g.height * g.width < g.channels * g.outHeight * g.outWidth) {
    const wTaps = reshape(permute(w, [0, 2, 3, 1]), [out * k * k, g.channels]);
    const taps = matmul(wTaps, reshape(x, [g.batch, g.channels, g.height * g.width]));
    const y = sumTaps(taps, g, out);
    return bias ? add(y, reshape(bias, [1, out, 1, 1])) : y;
  }
  const y = linear(im2col(x, g), reshape(w, [out, colsShape(g)[1]]), bias);
  return rowsToImage(y, g);
}

export interface ConvTransposeOptions extends ConvOptions {
  /** Extra rows and columns added on one side of the output, 0 ≤ outputPadding < stride (default 0). */
  outputPadding?: number;
}

/**
 * The adjoint of conv2d in its input (torch.nn.functional.conv_transpose2d): each input pixel scatters
 * w[c] scaled by its value into a k×k window of the output.
 * x: [N, C, H, W], w: [C, O, k, k], bias: [O] or null → [N, O, OH, OW], OH = (H − 1)·s − 2p + k + outputPadding.
 * Computed as col2im(x_rows·W_flat), x_rows = x as [N·H·W, C], W_flat = w as [C, O·k·k].
 */
export function convTranspose2d(x: Tensor, w: Tensor, bias: Tensor | null, options: ConvTransposeOptions = {}): Tensor {
  if (x.ndim !== 4) throw new Error(`convTranspose2d: input must be NCHW [batch, channels, height, width], got shape ${formatShape(x.shape)}`);
  const [n, c, h, wd] = x.shape as unknown as [number, number, number, number];
  const k = squareKernel('convTranspose2d', w, 0, c);
  const stride = options.stride ?? 1;
  const padding = options.padding ?? 0;
  const outputPadding = options.outputPadding ?? 0;
  if (!Number.isInteger(outputPadding) || outputPadding < 0 || outputPadding >= stride) {
    throw new Error(`convTranspose2d: outputPadding must be an integer in 0..${stride - 1} (below the stride), got ${outputPadding}`);
  }
  const out = w.shape[1]!;
  checkBias('convTranspose2d', bias, out);
  const oh = (h - 1) * stride - 2 * padding + k + outputPadding;
  const ow = (wd - 1) * stride - 2 * padding + k + outputPadding;
  if (oh < 1 || ow < 1) {
    throw new Error(`convTranspose2d: input ${formatShape(x.shape)} with kernel ${k}, stride ${stride}, padding ${padding} gives an empty output ${oh}×${ow}`);
  }
  const g = convGeometry('convTranspose2d', [n, out, oh, ow], k, stride, padding);
  const rows = reshape(permute(x, [0, 2, 3, 1]), [n * h * wd, c]);
  const y = col2im(matmul(rows, reshape(w, [c, out * k * k])), g);
  return bias ? add(y, reshape(bias, [1, out, 1, 1])) : y;
}

/** Nearest-neighbour upsampling by an integer factor: [N, C, H, W] → [N, C, H·f, W·f]. ∂ sums each f×f block. */
export function upsampleNearest(x: Tensor, factor: number): Tensor {
  return record(upsampleNearestKernel(x, factor), 'upsampleNearest', [x], (g) => [blockSum(g, factor)]);
}

/** Sum over non-overlapping f×f blocks: [N, C, H·f, W·f] → [N, C, H, W]. ∂ is the gradient upsampled. */
export function blockSum(x: Tensor, factor: number): Tensor {
  return record(blockSumKernel(x, factor), 'blockSum', [x], (g) => [upsampleNearest(g, factor)]);
}

/**
 * Mean over k×k windows (torch.nn.functional.avg_pool2d with ceil_mode false and count_include_pad true):
 * [N, C, H, W] → [N, C, OH, OW], stride defaulting to the kernel size.
 */
export function avgPool2d(x: Tensor, kernel: number, options: ConvOptions = {}): Tensor {
  const stride = options.stride ?? kernel;
  const padding = options.padding ?? 0;
  const g = convGeometry('avgPool2d', x.shape, kernel, stride, padding);
  if (stride === kernel && padding === 0) {
    // Non-overlapping windows: crop what floor mode drops, then block sums.
    let cropped = x;
    if (g.outHeight * kernel !== g.height) cropped = narrow(cropped, 2, 0, g.outHeight * kernel);
    if (g.outWidth * kernel !== g.width) cropped = narrow(cropped, 3, 0, g.outWidth * kernel);
    return mul(blockSum(cropped, kernel), 1 / (kernel * kernel));
  }
  const cols = reshape(im2col(x, g), [colsShape(g)[0], g.channels, kernel * kernel]);
  return rowsToImage(mean(cols, 2), g);
}
