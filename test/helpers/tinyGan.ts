import { Tensor } from '../../src/tensor/tensor.js';
import { defaultConfig } from '../../src/gan/config.js';
import { type ConfigOverrides, type GanConfig, withOverrides } from '../../src/gan/config.js';
import type { GanTrainer } from '../../src/gan/trainer.js';
import { ring8 } from '../../src/data/mixtures.js';

/** n ring8 points as a float32 [n, 2] training tensor. */
export function ringData(n: number, seed: number): Tensor {
  return new Tensor(Float32Array.from(ring8(n, seed).x), [n, 2]);
}

/** A 2-D config small enough for tests that train: one hidden layer of 16 in G and D, batch 16. */
export const tinyConfig = (overrides: ConfigOverrides = {}): GanConfig =>
  withOverrides(defaultConfig(2, { generator: { hidden: [16], rank: 'full', output: 'linear' }, discriminator: { hidden: [16], rank: 'full' }, training: { batchSize: 16 } }), overrides);

/** The generator's parameter values, for bit-exact comparisons of two runs. */
export const generatorWeights = (t: GanTrainer): number[][] => t.generator.parameters().map((p) => Array.from(p.data));
