// DiffAugment for NCHW image batches (Zhao et al., "Differentiable Augmentation for Data-Efficient GAN
// Training", NeurIPS 2020): colour (brightness, saturation, contrast), translation and cutout, each op a
// differentiable function of the images so the generator's gradient flows through it.
import { add, concat, indexSelect, mean, mul, reshape, sub } from '../autograd/index.js';
import type { Random } from '../tensor/random.js';
import { Tensor, formatShape } from '../tensor/tensor.js';

export interface DiffAugmentOptions {
  /** Largest shift as a fraction of the side (DiffAugment: 1/8); 0 turns translation off. */
  translation: number;
  /** Side of the cutout square as a fraction of the side (DiffAugment: 1/2); 0 turns it off. */
  cutout: number;
  /** Random brightness, saturation (3 channels) and contrast. */
  colour: boolean;
  /** Value of pixels shifted in from outside or cut out (the data's background, e.g. −1). */
  fill: number;
}

/** One factor per sample [N, 1, 1, 1]: draw() with probability p, else `identity`. */
function perSample(x: Tensor, p: number, identity: number, draw: () => number, rng: Random): Tensor {
  const n = x.shape[0]!;
  const t = Tensor.empty([n, 1, 1, 1], x.dtype);
  for (let i = 0; i < n; i++) t.data[i] = rng.uniform() < p ? draw() : identity;
  return t;
}

/**
 * x: [N, C, H, W] → the same shape. Each sample gets each transform with probability p, in DiffAugment's
 * order: brightness x + (u − ½); saturation (C = 3) m_c + (x − m_c)·2u, m_c its mean over channels;
 * contrast m + (x − m)·(u + ½), m its mean over all pixels; translation by whole pixels; cutout (u ~ U(0, 1)).
 */
export function diffAugment(x: Tensor, p: number, options: DiffAugmentOptions, rng: Random): Tensor {
  if (x.ndim !== 4) throw new Error(`diffAugment: input must be [batch, channels, height, width], got shape ${formatShape(x.shape)}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`diffAugment: p must be in [0, 1], got ${p}`);
  if (p === 0) return x;
  let y = x;
  if (options.colour) {
    y = add(y, perSample(y, p, 0, () => rng.uniform() - 0.5, rng));
    if (y.shape[1]! > 1) {
      const m = mean(y, 1, true);
      y = add(mul(sub(y, m), perSample(y, p, 1, () => 2 * rng.uniform(), rng)), m);
    }
    const m = mean(y, [1, 2, 3], true);
    y = add(mul(sub(y, m), perSample(y, p, 1, () => rng.uniform() + 0.5, rng)), m);
  }
  if (options.translation > 0 || options.cutout > 0) y = shiftAndCut(y, p, options, rng);
  return y;
}

/** Translation and cutout as one gather: each output pixel copies an input pixel or the fill value. */
function shiftAndCut(x: Tensor, p: number, options: DiffAugmentOptions, rng: Random): Tensor {
  const [n, c, h, w] = x.shape as unknown as [number, number, number, number];
  const plane = h * w, size = c * plane;
  if (n * size >= 2 ** 31) throw new Error(`diffAugment: batch ${formatShape(x.shape)} too large for an index map`);
  const FILL = n * size;
  const index = new Int32Array(n * size);
  const maxY = Math.floor(options.translation * h + 0.5), maxX = Math.floor(options.translation * w + 0.5);
  const cutH = Math.floor(options.cutout * h + 0.5), cutW = Math.floor(options.cutout * w + 0.5);
  for (let b = 0; b < n; b++) {
    let dy = 0, dx = 0;
    if (rng.uniform() < p && (maxY > 0 || maxX > 0)) {
      dy = rng.int(2 * maxY + 1) - maxY;
      dx = rng.int(2 * maxX + 1) - maxX;
    }
    let cy0 = 0, cy1 = 0, cx0 = 0, cx1 = 0;
    if (rng.uniform() < p && cutH > 0 && cutW > 0) {
      cy0 = rng.int(h - cutH + 1);
      cx0 = rng.int(w - cutW + 1);
      cy1 = cy0 + cutH;
      cx1 = cx0 + cutW;
    }
    for (let ch = 0; ch < c; ch++) {
      const base = b * size + ch * plane;
      for (let yy = 0; yy < h; yy++) {
        const sy = yy - dy;
        for (let xx = 0; xx < w; xx++) {
          const sx = xx - dx;
          const cut = yy >= cy0 && yy < cy1 && xx >= cx0 && xx < cx1;
          const inside = !cut && sy >= 0 && sy < h && sx >= 0 && sx < w;
          index[base + yy * w + xx] = inside ? base + sy * w + sx : FILL;
        }
      }
    }
  }
  const fill = Tensor.empty([1], x.dtype);
  fill.data[0] = options.fill;
  const source = concat([reshape(x, [n * size]), fill], 0);
  return reshape(indexSelect(source, 0, index), [n, c, h, w]);
}
