/**
 * The ranks a user asks for, checked against the layers they would apply to: a factorization W = U·V
 * saves parameters only at a rank below min(in, out), and LowRankLinear refuses any other rank, so an
 * explicit per-layer rank at or above it is refused here too, and a single rank that no hidden layer
 * could take (`--rank 999`) is refused instead of silently building a full-rank network.
 */
import type { GanConfig } from '../gan/config.js';
import { isLowRank, type LayerRank } from '../gan/model.js';
import { generatorInputDim } from '../gan/networks.js';

/** What is wrong with the ranks of `c` for data of `dataDim` columns, naming the network; null when nothing is. */
export function rankProblem(c: GanConfig, dataDim: number): string | null {
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
