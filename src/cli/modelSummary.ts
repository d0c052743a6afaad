/** One-line descriptions of the generator and discriminator: widths, per-layer ranks, parameter counts. */
import { Conv2d } from '../nn/conv2d.js';
import { ConvTranspose2d } from '../nn/convTranspose2d.js';
import { Linear } from '../nn/linear.js';
import { LowRankConv2d } from '../nn/lowRankConv2d.js';
import { LowRankLinear } from '../nn/lowRankLinear.js';
import type { Module } from '../nn/module.js';
import { MixtureLatent } from '../gan/mixtureLatent.js';

export interface NetworkSummary {
  /** Input width, then each layer's output width (a convolution's: its channels). */
  widths: number[];
  /** Per layer: its rank, or 'full' for a plain Linear. */
  ranks: (number | 'full')[];
  parameters: number;
  /** Parameters the same widths (and mixture latent) would need with every layer full rank. */
  fullRankParameters: number;
  /** Components of a learned mixture latent in front of the first layer (0: none). */
  latentComponents: number;
}

export function summarizeNetwork(net: Module): NetworkSummary {
  const widths: number[] = [];
  const ranks: (number | 'full')[] = [];
  let fullRank = 0, latentComponents = 0;
  for (const m of net.modules()) {
    // A mixture latent is the same in the full-rank network.
    if (m instanceof MixtureLatent) {
      fullRank += m.mean.size + m.std.size;
      latentComponents = m.components;
    }
    if (m instanceof Conv2d || m instanceof LowRankConv2d || m instanceof ConvTranspose2d) {
      if (widths.length === 0) widths.push(m.inChannels);
      widths.push(m.outChannels);
      ranks.push(m instanceof LowRankConv2d ? m.rank : 'full');
      fullRank += m.inChannels * m.outChannels * m.kernelSize * m.kernelSize + (m.bias ? m.outChannels : 0);
      continue;
    }
    if (!(m instanceof Linear) && !(m instanceof LowRankLinear)) continue;
    if (widths.length === 0) widths.push(m.inFeatures);
    widths.push(m.outFeatures);
    ranks.push(m instanceof LowRankLinear ? m.rank : 'full');
    fullRank += m.inFeatures * m.outFeatures + (m.bias ? m.outFeatures : 0);
  }
  return { widths, ranks, parameters: net.numParameters(), fullRankParameters: fullRank, latentComponents };
}

/** e.g. "G 8→128→128→2 rank 8/8/full: 3,842 params (18% of full rank)", with ", mixture latent K = 64" when there is one. */
export function formatNetwork(tag: string, s: NetworkSummary): string {
  const ranks = s.ranks.every((r) => r === 'full') ? 'full rank' : `rank ${s.ranks.join('/')}`;
  const share = s.parameters === s.fullRankParameters ? '' : ` (${Math.round((100 * s.parameters) / s.fullRankParameters)}% of full rank)`;
  const mixture = s.latentComponents > 0 ? `, mixture latent K = ${s.latentComponents}` : '';
  return `${tag} ${s.widths.join('→')} ${ranks}${mixture}: ${s.parameters.toLocaleString('en-US')} params${share}`;
}
