import { formatShape } from '../tensor/tensor.js';
import type { Tensor } from '../tensor/tensor.js';

/** Throws unless x is NCHW with `channels` channels, e.g. "Conv2d(3→8, 3×3): input must be [batch, 3, height, width], got shape [2,4,5,5]". */
export function checkImageInput(where: string, x: Tensor, channels: number): void {
  if (x.ndim !== 4 || x.shape[1] !== channels) {
    throw new Error(`${where}: input must be [batch, ${channels}, height, width], got shape ${formatShape(x.shape)}`);
  }
}

/** Throws unless v is an integer ≥ min: for kernel sizes, strides and paddings. */
export function checkConvInt(where: string, name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`${where}: ${name} must be an integer ≥ ${min}, got ${v}`);
}
