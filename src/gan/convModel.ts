// DCGAN-like convolutional generator and discriminator (Radford et al. 2016) with a rank per layer.
// Both read and write the flat channels-last rows of a Dataset, so the trainer, augmentation, sampling and
// metrics handle them as they handle the MLPs.
import type { ImageShape } from '../data/dataset.js';
import { LeakyReLU, Tanh } from '../nn/activations.js';
import { Conv2d } from '../nn/conv2d.js';
import { ConvTranspose2d } from '../nn/convTranspose2d.js';
import { Dropout } from '../nn/dropout.js';
import { ChannelsLastToNchw, NchwToChannelsLast } from '../nn/imageLayout.js';
import { Linear } from '../nn/linear.js';
import { LowRankConv2d } from '../nn/lowRankConv2d.js';
import { LowRankLinear } from '../nn/lowRankLinear.js';
import type { Module } from '../nn/module.js';
import { Flatten, Unflatten, Upsample } from '../nn/resampling.js';
import { Sequential } from '../nn/sequential.js';
import { Random } from '../tensor/random.js';
import type { LayerRank } from './model.js';

export interface ConvGeneratorSpec {
  /**
   * Channels at the base resolution and after each ×2 upsampling, e.g. [64, 32, 16]: a 28×28 image starts
   * at 7×7 (28 / 2²). Height and width must be divisible by 2^(length − 1).
   */
  channels: number[];
  /**
   * Rank of each layer (channels.length + 1: the latent Linear, one conv per upsampling, the output conv),
   * or one value for all. A rank at or above what the layer's shape allows is clamped to 'full'.
   */
  rank: LayerRank | LayerRank[];
  /** 'upsample': nearest ×2 then a 3×3 conv (default); 'transpose': a 4×4 stride-2 ConvTranspose2d (full rank only). */
  up?: 'upsample' | 'transpose';
  spectralNorm?: boolean;
  /** Negative slope of the LeakyReLUs (default 0.2). */
  slope?: number;
  output: 'tanh' | 'linear';
}

export interface ConvDiscriminatorSpec {
  /** Channels of each 4×4 stride-2 conv (padding 1), e.g. [16, 32, 64]; a Linear to one logit follows. */
  channels: number[];
  /** Rank of each layer (channels.length + 1: the convs, then the Linear), or one value for all. */
  rank: LayerRank | LayerRank[];
  spectralNorm?: boolean;
  slope?: number;
  /** Dropout probability after each hidden activation (default 0). */
  dropout?: number;
}

/** What a config adds to train convolutional networks: the image shape and both networks. */
export interface ConvArchitecture {
  image: ImageShape;
  generator: ConvGeneratorSpec;
  discriminator: ConvDiscriminatorSpec;
}

function ranks(rank: LayerRank | LayerRank[], layers: number, who: string): LayerRank[] {
  if (!Array.isArray(rank)) return new Array<LayerRank>(layers).fill(rank);
  if (rank.length !== layers) throw new Error(`${who}: rank lists ${rank.length} values but the network has ${layers} layers (${layers - 1} convolutional + 1)`);
  return rank;
}

function checkChannels(channels: number[], who: string): void {
  if (!Array.isArray(channels) || channels.length === 0) throw new Error(`${who}: channels must list at least one width, got ${JSON.stringify(channels)}`);
  channels.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 1) throw new Error(`${who}: channels[${i}] must be a positive integer, got ${c}`);
  });
}

function linearLayer(inF: number, outF: number, rank: LayerRank, spectralNorm: boolean, rng: Random): Module {
  if (rank === 'full' || rank >= Math.min(inF, outF)) return new Linear(inF, outF, { seed: rng, spectralNorm });
  return new LowRankLinear(inF, outF, rank, { seed: rng, spectralNorm });
}

function convLayer(inC: number, outC: number, k: number, stride: number, padding: number, rank: LayerRank, spectralNorm: boolean, rng: Random): Module {
  if (rank === 'full' || rank >= Math.min(outC, inC * k * k)) return new Conv2d(inC, outC, k, { seed: rng, stride, padding, spectralNorm });
  return new LowRankConv2d(inC, outC, k, rank, { seed: rng, stride, padding, spectralNorm });
}

/**
 * Generator: z [batch, latentDim] → Linear → [batch, c₀, H/2^L, W/2^L] → L × (×2 up, 3×3 conv, LeakyReLU)
 * → 3×3 conv to the image's channels → tanh → [batch, H·W·C] channels last (L = channels.length − 1).
 */
export function buildConvGenerator(latentDim: number, image: ImageShape, spec: ConvGeneratorSpec, seed: number | Random): Sequential {
  const who = 'buildConvGenerator';
  checkChannels(spec.channels, who);
  if (!Number.isInteger(latentDim) || latentDim < 1) throw new Error(`${who}: latentDim must be a positive integer, got ${latentDim}`);
  const ups = spec.channels.length - 1;
  const factor = 2 ** ups;
  if (image.height % factor !== 0 || image.width % factor !== 0) {
    throw new Error(`${who}: ${spec.channels.length} channel widths mean ${ups} doublings, so the image ${image.height}×${image.width} must be divisible by ${factor}`);
  }
  const up = spec.up ?? 'upsample';
  if (up !== 'upsample' && up !== 'transpose') throw new Error(`${who}: up must be 'upsample' or 'transpose', got ${JSON.stringify(up)}`);
  const r = ranks(spec.rank, spec.channels.length + 1, who);
  const sn = spec.spectralNorm ?? false;
  const slope = spec.slope ?? 0.2;
  const rng = typeof seed === 'number' ? new Random(seed) : seed;
  const c0 = spec.channels[0]!;
  const h0 = image.height / factor, w0 = image.width / factor;
  const mods: Module[] = [linearLayer(latentDim, c0 * h0 * w0, r[0]!, sn, rng), new Unflatten(c0, h0, w0), new LeakyReLU(slope)];
  for (let i = 1; i <= ups; i++) {
    const inC = spec.channels[i - 1]!, outC = spec.channels[i]!;
    if (up === 'transpose') {
      if (r[i] !== 'full') throw new Error(`${who}: up 'transpose' has no low-rank form; layer ${i} asks for rank ${r[i]} (use up 'upsample')`);
      mods.push(new ConvTranspose2d(inC, outC, 4, { seed: rng, stride: 2, padding: 1, spectralNorm: sn }));
    } else {
      mods.push(new Upsample(2), convLayer(inC, outC, 3, 1, 1, r[i]!, sn, rng));
    }
    mods.push(new LeakyReLU(slope));
  }
  mods.push(convLayer(spec.channels[ups]!, image.channels, 3, 1, 1, r[ups + 1]!, sn, rng));
  if (spec.output === 'tanh') mods.push(new Tanh());
  mods.push(new NchwToChannelsLast());
  return new Sequential(...mods);
}

/** Side after a 4×4, stride-2, padding-1 conv: ⌊(s + 2 − 4)/2⌋ + 1 = ⌊s/2⌋. */
function halve(side: number): number {
  return Math.floor(side / 2);
}

/**
 * Discriminator: x [batch, H·W·C] channels last → [batch, C, H, W] → per width a 4×4 stride-2 conv
 * (padding 1) and LeakyReLU (and dropout) → flatten → Linear → one logit [batch, 1].
 */
export function buildConvDiscriminator(image: ImageShape, spec: ConvDiscriminatorSpec, seed: number | Random): Sequential {
  const who = 'buildConvDiscriminator';
  checkChannels(spec.channels, who);
  const r = ranks(spec.rank, spec.channels.length + 1, who);
  const sn = spec.spectralNorm ?? false;
  const slope = spec.slope ?? 0.2;
  const dropout = spec.dropout ?? 0;
  const rng = typeof seed === 'number' ? new Random(seed) : seed;
  const mods: Module[] = [new ChannelsLastToNchw(image.height, image.width, image.channels)];
  let h = image.height, w = image.width;
  let c: number = image.channels;
  spec.channels.forEach((outC, i) => {
    if (h < 2 || w < 2) throw new Error(`${who}: the image ${image.height}×${image.width} is too small for ${spec.channels.length} stride-2 convs (layer ${i} would get ${h}×${w})`);
    mods.push(convLayer(c, outC, 4, 2, 1, r[i]!, sn, rng), new LeakyReLU(slope));
    if (dropout > 0) mods.push(new Dropout(dropout, { seed: rng.nextUint32() }));
    h = halve(h);
    w = halve(w);
    c = outC;
  });
  mods.push(new Flatten(), linearLayer(c * h * w, 1, r[spec.channels.length]!, sn, rng));
  return new Sequential(...mods);
}
