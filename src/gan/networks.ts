// The generator and discriminator a config describes: MLPs, or convolutional networks when config.conv is set.
import type { Sequential } from '../nn/sequential.js';
import type { Random } from '../tensor/random.js';
import type { GanConfig } from './config.js';
import { buildConvDiscriminator, buildConvGenerator } from './convModel.js';
import { buildDiscriminator, buildGenerator } from './model.js';

function checkImageDim(config: GanConfig, dataDim: number, who: string): void {
  const image = config.conv!.image;
  const want = image.height * image.width * image.channels;
  if (want !== dataDim) {
    throw new Error(`${who}: config.conv.image is ${image.height}×${image.width}×${image.channels} (${want} values) but the data has ${dataDim} columns`);
  }
}

/** z [batch, latentDim] → samples [batch, dataDim]. */
export function buildConfigGenerator(config: GanConfig, dataDim: number, seed: number | Random): Sequential {
  if (!config.conv) return buildGenerator(config.latentDim, dataDim, config.generator, seed);
  checkImageDim(config, dataDim, 'buildConfigGenerator');
  return buildConvGenerator(config.latentDim, config.conv.image, config.conv.generator, seed);
}

/** x [batch, dataDim] → logits [batch, 1]. */
export function buildConfigDiscriminator(config: GanConfig, dataDim: number, seed: number | Random): Sequential {
  if (!config.conv) return buildDiscriminator(dataDim, config.discriminator, seed);
  checkImageDim(config, dataDim, 'buildConfigDiscriminator');
  return buildConvDiscriminator(config.conv.image, config.conv.discriminator, seed);
}
