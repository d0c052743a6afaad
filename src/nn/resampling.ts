// Parameter-free image layers: pooling, upsampling and the reshapes between images and vectors.
import { avgPool2d, flatten, reshape, upsampleNearest } from '../autograd/index.js';
import { formatShape } from '../tensor/tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkSize } from './checks.js';
import { checkConvInt } from './convChecks.js';
import { Module } from './module.js';

/** Mean over k×k windows, as torch.nn.AvgPool2d (stride defaults to k). [N, C, H, W] → [N, C, OH, OW]. */
export class AvgPool2d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;

  constructor(kernelSize: number, stride?: number, padding = 0) {
    super();
    checkSize('AvgPool2d', 'kernelSize', kernelSize);
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    checkConvInt('AvgPool2d', 'stride', this.stride, 1);
    checkConvInt('AvgPool2d', 'padding', padding, 0);
    if (2 * padding > kernelSize) throw new Error(`AvgPool2d: padding must be at most half the kernel size ${kernelSize}, got ${padding}`);
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    return `kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}`;
  }
}

/** Nearest-neighbour upsampling by an integer factor, as torch.nn.Upsample(scale_factor=f). [N, C, H, W] → [N, C, fH, fW]. */
export class Upsample extends Module {
  readonly scaleFactor: number;

  constructor(scaleFactor: number) {
    super();
    checkSize('Upsample', 'scaleFactor', scaleFactor);
    this.scaleFactor = scaleFactor;
  }

  forward(x: Tensor): Tensor {
    return upsampleNearest(x, this.scaleFactor);
  }

  override extraRepr(): string {
    return `scale_factor=${this.scaleFactor}, mode=nearest`;
  }
}

/** Flattens all dims after the batch, as torch.nn.Flatten(): [N, ...] → [N, Π ...]. */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    if (x.ndim < 2) throw new Error(`Flatten: input must have a batch dim and at least one more, got shape ${formatShape(x.shape)}`);
    return flatten(x, 1);
  }
}

/** Splits the features into an image, as torch.nn.Unflatten(1, (C, H, W)): [N, C·H·W] → [N, C, H, W]. */
export class Unflatten extends Module {
  readonly shape: readonly [number, number, number];

  constructor(channels: number, height: number, width: number) {
    super();
    checkSize('Unflatten', 'channels', channels);
    checkSize('Unflatten', 'height', height);
    checkSize('Unflatten', 'width', width);
    this.shape = [channels, height, width];
  }

  forward(x: Tensor): Tensor {
    const [c, h, w] = this.shape;
    if (x.ndim !== 2 || x.shape[1] !== c * h * w) {
      throw new Error(`Unflatten: input must be [batch, ${c * h * w}] (${c}×${h}×${w}), got shape ${formatShape(x.shape)}`);
    }
    return reshape(x, [x.shape[0]!, c, h, w]);
  }

  override extraRepr(): string {
    return `dim=1, unflattened_size=(${this.shape.join(', ')})`;
  }
}
