import { Random } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { add, concat, indexSelect, reshape } from '../autograd/index.js';
import { ChannelsLastToNchw, NchwToChannelsLast } from '../nn/imageLayout.js';
import { diffAugment } from './diffAugment.js';
import type { DiffAugmentOptions } from './diffAugment.js';

/**
 * Differentiable augmentation (DiffAugment, Zhao et al. 2020; ADA, Karras et al. 2020): the same random
 * transforms are applied to real and generated samples in both the discriminator and the generator
 * update, and gradients flow through them to the generator. Each transform is applied to each sample
 * with probability p.
 */
export type AugmentSpec =
  | { kind: 'none' }
  /** Vectors: x + σ·ε, ε ~ N(0, I). */
  | { kind: 'noise'; std: number }
  /**
   * Images [batch, h·w·c] (channels last): integer translation by up to `translation`·size pixels and a
   * cutout square of side `cutout`·size; uncovered pixels take the value `fill` (the data's black).
   */
  | { kind: 'image'; height: number; width: number; channels: number; translation: number; cutout: number; fill: number }
  /** Images [batch, h·w·c] (channels last), augmented as NCHW by DiffAugment's colour, translation and cutout (see diffAugment). */
  | ({ kind: 'diffaugment'; height: number; width: number; channels: number } & DiffAugmentOptions);

/** x: [batch, dim] → augmented [batch, dim], differentiable with respect to x. */
export function augment(x: Tensor, p: number, spec: AugmentSpec, rng: Random): Tensor {
  if (spec.kind === 'none' || p <= 0) return x;
  const [batch, dim] = x.shape as [number, number];
  if (spec.kind === 'diffaugment') {
    const images = new ChannelsLastToNchw(spec.height, spec.width, spec.channels).forward(x);
    return new NchwToChannelsLast().forward(diffAugment(images, p, spec, rng));
  }
  if (spec.kind === 'noise') {
    const noise = Tensor.empty([batch, dim], x.dtype);
    const d = noise.data;
    for (let b = 0; b < batch; b++) {
      if (rng.uniform() >= p) continue;
      for (let j = 0; j < dim; j++) d[b * dim + j] = spec.std * rng.normal();
    }
    return add(x, noise);
  }
  const index = imageIndexMap(batch, p, spec, rng);
  // Out-of-image reads point at one extra element holding the fill value.
  const fill = Tensor.empty([1], x.dtype);
  fill.data[0] = spec.fill;
  const source = concat([reshape(x, [batch * dim]), fill], 0);
  return reshape(indexSelect(source, 0, index), [batch, dim]);
}

/** For each output element, the flat input element it copies, or batch·dim for the fill value. */
function imageIndexMap(batch: number, p: number, spec: Extract<AugmentSpec, { kind: 'image' }>, rng: Random): Int32Array {
  const { height: h, width: w, channels: c } = spec;
  const dim = h * w * c;
  if (dim * batch >= 2 ** 31) throw new Error('augment: batch too large for an index map');
  const FILL = batch * dim;
  const index = new Int32Array(batch * dim);
  const maxShiftY = Math.floor(spec.translation * h + 0.5);
  const maxShiftX = Math.floor(spec.translation * w + 0.5);
  const cutH = Math.floor(spec.cutout * h + 0.5);
  const cutW = Math.floor(spec.cutout * w + 0.5);
  for (let b = 0; b < batch; b++) {
    let dy = 0, dx = 0;
    if (rng.uniform() < p) {
      dy = rng.int(2 * maxShiftY + 1) - maxShiftY;
      dx = rng.int(2 * maxShiftX + 1) - maxShiftX;
    }
    let cy0 = 0, cy1 = 0, cx0 = 0, cx1 = 0; // empty cutout by default
    if (rng.uniform() < p && cutH > 0 && cutW > 0) {
      cy0 = rng.int(h - cutH + 1);
      cx0 = rng.int(w - cutW + 1);
      cy1 = cy0 + cutH;
      cx1 = cx0 + cutW;
    }
    const base = b * dim;
    for (let y = 0; y < h; y++) {
      const sy = y - dy;
      for (let xx = 0; xx < w; xx++) {
        const sx = xx - dx;
        const cut = y >= cy0 && y < cy1 && xx >= cx0 && xx < cx1;
        const inside = sy >= 0 && sy < h && sx >= 0 && sx < w && !cut;
        const o = base + (y * w + xx) * c;
        const s = base + (sy * w + sx) * c;
        for (let ch = 0; ch < c; ch++) index[o + ch] = inside ? s + ch : FILL;
      }
    }
  }
  return index;
}
