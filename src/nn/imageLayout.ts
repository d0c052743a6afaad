// Between the flat channels-last rows a Dataset stores ([N, H·W·C], see ImageShape) and the NCHW tensors
// convolutions take. For one channel the two layouts hold the same bytes, so only a reshape is needed.
import { permute, reshape } from '../autograd/index.js';
import { formatShape } from '../tensor/tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkSize } from './checks.js';
import { Module } from './module.js';

/** [N, H·W·C] rows, pixels row-major with their channels adjacent → [N, C, H, W]. */
export class ChannelsLastToNchw extends Module {
  readonly height: number;
  readonly width: number;
  readonly channels: number;

  constructor(height: number, width: number, channels: number) {
    super();
    checkSize('ChannelsLastToNchw', 'height', height);
    checkSize('ChannelsLastToNchw', 'width', width);
    checkSize('ChannelsLastToNchw', 'channels', channels);
    this.height = height;
    this.width = width;
    this.channels = channels;
  }

  forward(x: Tensor): Tensor {
    const { height: h, width: w, channels: c } = this;
    if (x.ndim !== 2 || x.shape[1] !== h * w * c) {
      throw new Error(`ChannelsLastToNchw: input must be [batch, ${h * w * c}] (${h}×${w}×${c} images), got shape ${formatShape(x.shape)}`);
    }
    const n = x.shape[0]!;
    if (c === 1) return reshape(x, [n, 1, h, w]);
    return permute(reshape(x, [n, h, w, c]), [0, 3, 1, 2]);
  }

  override extraRepr(): string {
    return `height=${this.height}, width=${this.width}, channels=${this.channels}`;
  }
}

/** [N, C, H, W] → [N, H·W·C] rows, channels last: the inverse of ChannelsLastToNchw. */
export class NchwToChannelsLast extends Module {
  forward(x: Tensor): Tensor {
    if (x.ndim !== 4) throw new Error(`NchwToChannelsLast: input must be [batch, channels, height, width], got shape ${formatShape(x.shape)}`);
    const n = x.shape[0]!;
    if (x.shape[1] === 1) return reshape(x, [n, -1]);
    return reshape(permute(x, [0, 2, 3, 1]), [n, -1]);
  }
}
