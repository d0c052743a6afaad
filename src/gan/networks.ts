// The generator and discriminator a config describes: MLPs, or convolutional networks when config.conv is set.
import type { Sequential } from '../nn/sequential.js';
import { type GanConfig, generatorSpec } from './config.js';
import { buildConvDiscriminator, buildConvGenerator } from './convModel.js';
import { buildDiscriminator, buildGenerator } from './model.js';
import { ProjectionDiscriminator } from './projectionDiscriminator.js';
import { Linear } from '../nn/linear.js';
import { LowRankLinear } from '../nn/lowRankLinear.js';
import { Random } from '../tensor/random.js';

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

/**
 * x [batch, dataDim] (conditional: [x | onehot(y)]) → logits [batch, 1]. A conditional D joins the one-hot
 * to its input ('concat', MLPs only) or projects it onto its last features ('projection').
 */
export function buildConfigDiscriminator(config: GanConfig, dataDim: number, seed: number | Random): Sequential {
  const cond = config.conditional;
  const rng = typeof seed === 'number' ? new Random(seed) : seed;
  if (config.conv) checkImageDim(config, dataDim, 'buildConfigDiscriminator');
  if (cond?.discriminator === 'concat') {
    if (config.conv) throw new Error("buildConfigDiscriminator: a convolutional D cannot take the one-hot class joined to its image input; use conditional.discriminator 'projection'");
    return buildDiscriminator(dataDim + cond.classes, config.discriminator, rng);
  }
  const inner = config.conv ? buildConvDiscriminator(config.conv.image, config.conv.discriminator, rng) : buildDiscriminator(dataDim, config.discriminator, rng);
  if (cond === undefined) return inner;
  const head = inner.layers[inner.length - 1]!;
  if (!(head instanceof Linear || head instanceof LowRankLinear)) throw new Error(`buildConfigDiscriminator: a projection D needs a Linear output layer, got ${head.constructor.name}`);
  return new ProjectionDiscriminator(inner, dataDim, cond.classes, head.inFeatures, rng);
}
