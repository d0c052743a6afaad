/**
 * The ranks a user asks for, checked against the layers they would apply to: a factorization W = U·V
 * saves parameters only at a rank below min(in, out), and LowRankLinear refuses any other rank, so an
 * explicit per-layer rank at or above it is refused here too, and a single rank that no hidden layer
 * could take (`--rank 999`) is refused instead of silently building a full-rank network.
 */
import type { GanConfig } from '../gan/config.js';
import type { ConvArchitecture } from '../gan/convModel.js';
import { isLowRank, type LayerRank } from '../gan/model.js';
import { generatorInputDim } from '../gan/networks.js';

/** What is wrong with the ranks of `c` for data of `dataDim` columns, naming the network; null when nothing is. */
export function rankProblem(c: GanConfig, dataDim: number): string | null {
  if (c.conv !== undefined) return convRankProblem(c.latent.dim, c.conv);
  const nets = [
    { who: 'the generator', widths: [generatorInputDim(c), ...c.generator.hidden, dataDim], spec: c.generator },
    { who: 'the discriminator', widths: [c.conditional?.discriminator === 'concat' ? dataDim + c.conditional.classes : dataDim, ...c.discriminator.hidden, 1], spec: c.discriminator },
  ];
  for (const { who, widths, spec } of nets) {
    const problem = networkRankProblem(who, widths, spec.rank, spec.hidden);
    if (problem !== null) return problem;
  }
  return null;
}

function networkRankProblem(who: string, widths: number[], rank: LayerRank | LayerRank[], hidden: number[]): string | null {
  const layers = widths.length - 1;
  const shape = (i: number): string => `${who}'s layer ${i + 1} (${widths[i]}→${widths[i + 1]})`;
  if (Array.isArray(rank)) {
    if (rank.length !== layers) return `${rank.length} ranks given, but ${who}'s hidden widths ${hidden.join(',') || '(none)'} make ${layers} layers (${hidden.length} hidden + output)`;
    for (let i = 0; i < layers; i++) {
      const r = rank[i]!;
      if (r !== 'full' && !isLowRank(widths[i]!, widths[i + 1]!, r)) {
        return `${shape(i)} cannot have rank ${r}: a factorization needs a rank below min(in, out) = ${Math.min(widths[i]!, widths[i + 1]!)} (as LowRankLinear); give 'full' for that layer`;
      }
    }
    return null;
  }
  if (rank === 'full') return null;
  let widest = 0;
  for (let i = 0; i + 1 < layers; i++) widest = Math.max(widest, Math.min(widths[i]!, widths[i + 1]!));
  if (layers < 2) return `rank ${rank} applies to hidden layers, and ${who} has none; use 'full' or a per-layer list`;
  if (rank >= widest) {
    return `rank ${rank} would leave every hidden layer of ${who} full rank (a factorization needs a rank below min(in, out), at most ${widest - 1} here); use 'full' or a smaller rank`;
  }
  return null;
}

/**
 * The convolutional networks' layers as (in, out) of the matrix a factorization splits: a conv's is
 * (inC·k², outC) as LowRankConv2d; then the same checks as the MLPs'.
 */
function convRankProblem(latentDim: number, conv: ConvArchitecture): string | null {
  const g = conv.generator, d = conv.discriminator, image = conv.image;
  const ups = g.channels.length - 1;
  const side = 2 ** ups;
  const gWidths: [number, number][] = [[latentDim, g.channels[0]! * (image.height / side) * (image.width / side)]];
  for (let i = 1; i <= ups; i++) gWidths.push([g.channels[i - 1]! * 9, g.channels[i]!]);
  gWidths.push([g.channels[ups]! * 9, image.channels]);
  const dWidths: [number, number][] = [];
  let c: number = image.channels;
  let h = image.height, w = image.width;
  for (const outC of d.channels) {
    dWidths.push([c * 16, outC]);
    c = outC;
    h = Math.floor(h / 2);
    w = Math.floor(w / 2);
  }
  dWidths.push([c * h * w, 1]);
  if (g.up === 'transpose' && g.rank !== 'full' && (!Array.isArray(g.rank) || g.rank.slice(1, -1).some((r) => r !== 'full'))) {
    return "the generator's ConvTranspose2d layers have no low-rank form; use up 'upsample'";
  }
  for (const [who, layers, rank] of [['the generator', gWidths, g.rank], ['the discriminator', dWidths, d.rank]] as const) {
    const problem = convNetworkProblem(who, layers, rank);
    if (problem !== null) return problem;
  }
  return null;
}

function convNetworkProblem(who: string, layers: readonly [number, number][], rank: LayerRank | LayerRank[]): string | null {
  if (rank === 'full') return null;
  if (!Array.isArray(rank)) rank = [...new Array<LayerRank>(layers.length - 1).fill(rank), 'full'];
  if (rank.length !== layers.length) return `${rank.length} ranks given, but ${who} has ${layers.length} layers`;
  let anyLow = false;
  for (let i = 0; i < layers.length; i++) {
    const r = rank[i]!;
    const [inF, outF] = layers[i]!;
    if (r === 'full') continue;
    if (!isLowRank(inF, outF, r)) {
      return `${who}'s layer ${i + 1} (${inF}→${outF} as a matrix) cannot have rank ${r}: a factorization needs a rank below min(in, out) = ${Math.min(inF, outF)}; give a smaller rank or 'full' for that layer`;
    }
    anyLow = true;
  }
  return anyLow ? null : `no layer of ${who} would be low rank`;
}
