// The convolutional architecture and training settings `lrgan train` uses on image data (README "MNIST, convolutional").
import type { ImageShape } from '../data/dataset.js';
import { type ConfigOverrides, type GanConfig, defaultConfig } from './config.js';
import type { ConvArchitecture } from './convModel.js';
import type { LayerRank } from './model.js';

/** `lrgan train`'s --steps default for convolutional networks: what a default MNIST run does in the time the README gives. */
export const CONV_DEFAULT_STEPS = 1500;

/** Images at least this tall and wide get convolutional networks by default; smaller ones (8×8 digits) keep the MLPs. */
export const CONV_MIN_SIDE = 16;

/** Whether `lrgan train` picks the convolutional networks for data of this shape when --arch is not given. */
export function prefersConv(image: ImageShape | undefined): boolean {
  return image !== undefined && image.height >= CONV_MIN_SIDE && image.width >= CONV_MIN_SIDE;
}

/**
 * G: 64 channels at side/4 (two ×2 ConvTranspose2d to 32, 16), or at side/2 (one, to 32) when the side is not
 * divisible by 4; D: 4×4 stride-2 convs of 32, 64, 128 channels (fewer on small images). All full rank.
 * D is twice as wide as G's last layers: at 16, 32, 64 channels its loss went to chance and stayed there
 * while G's strokes were still broken (README "MNIST, convolutional").
 */
export function defaultConvArchitecture(image: ImageShape): ConvArchitecture {
  const who = 'defaultConvArchitecture';
  const { height, width } = image;
  if (height % 2 !== 0 || width % 2 !== 0) throw new Error(`${who}: image sides must be even (the generator doubles its resolution), got ${height}×${width}`);
  const generatorChannels = height % 4 === 0 && width % 4 === 0 ? [64, 32, 16] : [64, 32];
  const discriminatorChannels = [32, 64, 128].slice(0, Math.max(1, Math.min(3, Math.floor(Math.log2(Math.min(height, width))) - 1)));
  return {
    image: { ...image },
    generator: { channels: generatorChannels, rank: 'full', up: 'transpose', output: 'tanh' },
    discriminator: { channels: discriminatorChannels, rank: 'full' },
  };
}

/**
 * The training settings of the convolutional defaults (what each gave: README "MNIST, convolutional"):
 * one learning rate for both networks, high enough that a run of CONV_DEFAULT_STEPS gets somewhere;
 * DiffAugment (Zhao et al. 2020) on half the samples, not all: on MNIST at N = 100 the Fréchet distance fell
 * from 420 to 252 over three seeds; translation 1/8 but cutout 1/4, not its 1/2: a 14×14 hole takes half a
 * digit away, and D then accepts G's broken strokes;
 * R1 γ = 1, in the 0.1–10 range used for conv discriminators on [−1, 1] images; and an EMA short enough
 * not to average in the first, noisy part of a short run.
 */
export function convTrainingOverrides(image: ImageShape, fill: number): ConfigOverrides {
  return {
    latent: { dim: 32, mixture: 0 },
    training: { batchSize: 32 },
    optimizer: { lrG: 5e-4, lrD: 5e-4 },
    penalties: { r1Gamma: 1 },
    ema: { decay: 0.995 },
    augmentation: { p: 0.5, adaptive: null, method: { kind: 'diffaugment', ...image, translation: 0.125, cutout: 0.25, colour: false, fill } },
    conv: defaultConvArchitecture(image),
  };
}

/** defaultConfig for images of `image`'s shape with the convolutional networks and their training settings. */
export function defaultConvConfig(image: ImageShape, fill: number): GanConfig {
  return defaultConfig(image.height * image.width * image.channels, convTrainingOverrides(image, fill));
}

/**
 * `rank` on the convolutional networks: an integer puts G's latent Linear and hidden convs and D's convs at
 * that rank (output conv and D's logit Linear stay full), switching G's upsampling to nearest ×2 + 3×3 conv,
 * since a ConvTranspose2d has no low-rank form; a list gives each layer of both. 'full': all full rank.
 */
export function setConvRank(conv: ConvArchitecture, rank: LayerRank | LayerRank[], which: 'both' | 'discriminator' = 'both'): void {
  const g = conv.generator, d = conv.discriminator;
  const gLayers = g.channels.length + 1, dLayers = d.channels.length + 1;
  const spread = (layers: number): LayerRank[] => (Array.isArray(rank) ? [...rank] : [...new Array<LayerRank>(layers - 1).fill(rank), 'full']);
  if (which === 'both') {
    g.rank = rank === 'full' ? 'full' : spread(gLayers);
    if (rank !== 'full') g.up = 'upsample';
  }
  d.rank = rank === 'full' ? 'full' : spread(dLayers);
}
