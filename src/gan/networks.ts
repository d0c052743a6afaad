// The generator and discriminator a config describes: MLPs, or convolutional networks when config.conv is set.
import type { Sequential } from '../nn/sequential.js';
import type { Random } from '../tensor/random.js';
import { type GanConfig, generatorSpec } from './config.js';
import { buildConvDiscriminator, buildConvGenerator } from './convModel.js';
import { buildDiscriminator, buildGenerator } from './model.js';

function checkImageDim(config: GanConfig, dataDim: number, who: string): void {
  const image = config.conv!.image;
  const want = image.height * image.width * image.channels;
  if (want !== dataDim) {
    throw new Error(`${who}: config.conv.image is ${image.height}×${image.width}×${image.channels} (${want} values) but the data has ${dataDim} columns`);
  }
}

/** Columns of the generator's input: z, then a conditional run's one-hot class (conditional.ts). */
export function generatorInputDim(config: GanConfig): number {
  return config.latent.dim + (config.conditional?.classes ?? 0);
}

/** z [batch, latentDim] (conditional: [z | onehot(y)]) → samples [batch, dataDim]. */
export function buildConfigGenerator(config: GanConfig, dataDim: number, seed: number | Random): Sequential {
  const inputDim = generatorInputDim(config);
  if (!config.conv) return buildGenerator(inputDim, dataDim, generatorSpec(config), seed);
  checkImageDim(config, dataDim, 'buildConfigGenerator');
  return buildConvGenerator(inputDim, config.conv.image, config.conv.generator, seed);
}

/** x [batch, dataDim] (conditional: [x | onehot(y)]) → logits [batch, 1]. */
export function buildConfigDiscriminator(config: GanConfig, dataDim: number, seed: number | Random): Sequential {
  const classes = config.conditional?.classes ?? 0;
  if (!config.conv) return buildDiscriminator(dataDim + classes, config.discriminator, seed);
  checkImageDim(config, dataDim, 'buildConfigDiscriminator');
  if (classes > 0) throw new Error('buildConfigDiscriminator: a conditional convolutional discriminator is not built yet (the one-hot class cannot join an image input); train with conditional off, or with the MLP networks');
  return buildConvDiscriminator(config.conv.image, config.conv.discriminator, seed);
}
