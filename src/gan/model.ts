import { Random } from '../tensor/random.js';
import { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { Linear } from '../nn/linear.js';
import { LowRankLinear } from '../nn/lowRankLinear.js';
import { Dropout } from '../nn/dropout.js';
import { LeakyReLU, Tanh } from '../nn/activations.js';
import { type OneHotBlock, TableOutput } from '../nn/tableOutput.js';
import { MixtureLatent } from './mixtureLatent.js';

/** Rank of one layer: a number for a LowRankLinear W = U·V, 'full' for a plain Linear. */
export type LayerRank = number | 'full';

export interface MlpSpec {
  /** Widths of the hidden layers, e.g. [128, 128]. */
  hidden: number[];
  /**
   * Rank of each layer, input side first (hidden.length + 1 layers), or one value for every hidden
   * layer with a full-rank output layer. A layer whose min(in, out) is at or below its rank is built
   * full rank, since a factorization could not save anything (isLowRank).
   */
  rank: LayerRank | LayerRank[];
  /** Spectral normalization (Miyato et al. 2018): for a low-rank layer each factor is normalized. */
  spectralNorm?: boolean;
  /** Negative slope of the LeakyReLU between layers. */
  slope?: number;
}

export interface GeneratorSpec extends MlpSpec {
  /** tanh for data scaled to [−1, 1]; linear for unbounded data. */
  output: 'tanh' | 'linear';
  /** K > 0: a learned K-component mixture latent (MixtureLatent) before the first layer; 0 or absent: z ~ N(0, I). */
  latentComponents?: number;
  /** One-hot output blocks (categorical table columns): a TableOutput replaces the output activation. */
  categorical?: { blocks: readonly OneHotBlock[]; temperature: number };
}

export interface DiscriminatorSpec extends MlpSpec {
  /** Dropout probability after each hidden activation (0 for none). */
  dropout?: number;
}

function ranksFor(spec: MlpSpec, layers: number, who: string): LayerRank[] {
  const r = spec.rank;
  if (!Array.isArray(r)) return [...new Array<LayerRank>(layers - 1).fill(r), 'full'];
  if (r.length !== layers) {
    throw new Error(`${who}: rank lists ${r.length} values but the network has ${layers} layers (${spec.hidden.length} hidden + output)`);
  }
  return r;
}

/** Whether a layer of rank `rank` between widths inF and outF is a factorization W = U·V (rank < min(in, out)). */
export function isLowRank(inF: number, outF: number, rank: LayerRank): boolean {
  return rank !== 'full' && rank < Math.min(inF, outF);
}

function layer(inF: number, outF: number, rank: LayerRank, spec: MlpSpec, rng: Random): Module {
  const spectralNorm = spec.spectralNorm ?? false;
  if (rank === 'full' || !isLowRank(inF, outF, rank)) return new Linear(inF, outF, { seed: rng, spectralNorm });
  return new LowRankLinear(inF, outF, rank, { seed: rng, spectralNorm });
}

function checkWidths(widths: number[], who: string): void {
  widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1) throw new Error(`${who}: layer width ${i} must be a positive integer, got ${w}`);
  });
}

/** Generator: z [batch, latentDim] → [MixtureLatent] → … → sample [batch, dataDim]; LeakyReLU between layers. */
export function buildGenerator(latentDim: number, dataDim: number, spec: GeneratorSpec, seed: number | Random): Sequential {
  const widths = [latentDim, ...spec.hidden, dataDim];
  checkWidths(widths, 'buildGenerator');
  const ranks = ranksFor(spec, widths.length - 1, 'buildGenerator');
  const rng = typeof seed === 'number' ? new Random(seed) : seed;
  const mods: Module[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    mods.push(layer(widths[i]!, widths[i + 1]!, ranks[i]!, spec, rng));
    if (i + 2 < widths.length) mods.push(new LeakyReLU(spec.slope ?? 0.2));
  }
  if (spec.categorical !== undefined) mods.push(new TableOutput(spec.categorical.blocks, spec.categorical.temperature, spec.output));
  else if (spec.output === 'tanh') mods.push(new Tanh());
  // Drawn after the layers, so the layers' initial weights do not depend on whether the mixture is on.
  const k = spec.latentComponents ?? 0;
  if (k > 0) mods.unshift(new MixtureLatent(k, latentDim, rng));
  return new Sequential(...mods);
}

/** Discriminator: x [batch, dataDim] → … → one logit [batch, 1]. */
export function buildDiscriminator(dataDim: number, spec: DiscriminatorSpec, seed: number | Random): Sequential {
  const widths = [dataDim, ...spec.hidden, 1];
  checkWidths(widths, 'buildDiscriminator');
  const ranks = ranksFor(spec, widths.length - 1, 'buildDiscriminator');
  const rng = typeof seed === 'number' ? new Random(seed) : seed;
  const dropout = spec.dropout ?? 0;
  const mods: Module[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    mods.push(layer(widths[i]!, widths[i + 1]!, ranks[i]!, spec, rng));
    if (i + 2 < widths.length) {
      mods.push(new LeakyReLU(spec.slope ?? 0.2));
      if (dropout > 0) mods.push(new Dropout(dropout, { seed: rng.nextUint32() }));
    }
  }
  return new Sequential(...mods);
}
