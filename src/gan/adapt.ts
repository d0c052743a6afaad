/**
 * Cross-domain transfer of a trained GAN: the adapted networks are ordinary Sequentials whose
 * parameters() hold only what a mode trains; pretrained tensors that stay fixed are buffers
 * (FrozenLinear and the adapters' frozen parts), so GanTrainer trains them unchanged.
 */
import { Random } from '../tensor/random.js';
import type { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { Linear } from '../nn/linear.js';
import { LowRankLinear } from '../nn/lowRankLinear.js';
import { FrozenLinear } from '../nn/frozenLinear.js';
import { LoraLinear } from '../nn/loraLinear.js';
import { SigmaLinear } from '../nn/sigmaLinear.js';
import { ScaleShiftLinear } from '../nn/scaleShiftLinear.js';
import { FrozenConv, type PretrainedConv, isPretrainedConv, kernelMatrixShape } from '../nn/frozenConv.js';
import { LoraConv } from '../nn/loraConv.js';
import { SigmaConv } from '../nn/sigmaConv.js';
import { ScaleShiftConv } from '../nn/scaleShiftConv.js';
import { MixtureLatent } from './mixtureLatent.js';

/**
 * - all: fine-tune every weight (TransferGAN, Wang et al. 2018);
 * Each applies to Linear, LowRankLinear and the convolutions (Conv2d, LowRankConv2d, ConvTranspose2d, whose
 * kernels the adapters see as a matrix [first axis, the rest]).
 * - freeze-d: D's lowest `frozen` weight layers (linear or convolutional) fixed, the rest of D and all of G trained (FreezeD, Mo et al. 2020);
 * - sigma: only the singular values of every layer of G and D (Robb et al. 2020);
 * - lora: ΔW = B·A of rank min(r, in, out) on every layer of G and D (Hu et al. 2021);
 * - scale-shift: per-unit scale and shift of every layer of G and D (Noguchi & Harada 2019).
 */
export type AdaptMode =
  | { kind: 'all' }
  | { kind: 'freeze-d'; frozen: number }
  | { kind: 'sigma' }
  | { kind: 'lora'; rank: number }
  | { kind: 'scale-shift' };

export const ADAPT_MODE_NAMES = ['all', 'freeze-d[:LAYERS]', 'sigma', 'lora:RANK', 'scale-shift'] as const;

/** 'all', 'freeze-d' (1 layer) or 'freeze-d:2', 'sigma', 'lora:4', 'scale-shift'. */
export function parseAdaptMode(text: string): AdaptMode {
  const [name, arg, ...rest] = String(text).split(':');
  const bad = (why: string): Error => new Error(`adapt mode: ${why}; expected one of ${ADAPT_MODE_NAMES.join(', ')}, got ${JSON.stringify(text)}`);
  if (rest.length > 0) throw bad('too many ":"');
  const count = (what: string): number => {
    const v = Number(arg);
    if (arg === undefined || !/^\d+$/.test(arg) || v < 1) throw bad(`${what} must be a positive integer`);
    return v;
  };
  switch (name) {
    case 'all':
    case 'sigma':
    case 'scale-shift':
      if (arg !== undefined) throw bad(`${name} takes no ":" argument`);
      return { kind: name };
    case 'freeze-d':
      return { kind: 'freeze-d', frozen: arg === undefined ? 1 : count('the number of frozen layers') };
    case 'lora':
      return { kind: 'lora', rank: count('the LoRA rank') };
    default:
      throw bad('unknown mode');
  }
}

/** The text parseAdaptMode reads back. */
export function formatAdaptMode(mode: AdaptMode): string {
  if (mode.kind === 'freeze-d') return `freeze-d:${mode.frozen}`;
  if (mode.kind === 'lora') return `lora:${mode.rank}`;
  return mode.kind;
}

function isPretrainedLinear(m: Module): m is Linear | LowRankLinear {
  return m instanceof Linear || m instanceof LowRankLinear;
}

/** How a mode wraps one pretrained layer; index counts the network's weight layers from its input. */
interface LayerWrap {
  linear: (layer: Linear | LowRankLinear, index: number) => Module;
  conv: (layer: PretrainedConv, index: number) => Module;
}

/** Each weight layer of `net` as the mode's adapter (activations, dropout and a mixture latent stay as they are). */
function adaptLayers(net: Sequential, wrap: LayerWrap): Sequential {
  let layerIndex = 0;
  return new Sequential(...net.layers.map((m, i) => {
    if (isPretrainedLinear(m)) return wrap.linear(m, layerIndex++);
    if (isPretrainedConv(m)) return wrap.conv(m, layerIndex++);
    // Anything else with weights would stay fully trainable unnoticed.
    if (m.numParameters() > 0 && !(m instanceof MixtureLatent)) {
      throw new Error(`adapt: layer ${i} is a ${m.typeName}; only Linear, LowRankLinear and convolution layers have adapters (use mode all)`);
    }
    return m;
  }));
}

/**
 * One network adapted for `mode`. role: which network it is (freeze-d changes only D). rng draws the
 * LoRA A matrices. The source is consumed: its non-linear layers move into the result.
 */
export function adaptNetwork(source: Sequential, mode: AdaptMode, role: 'generator' | 'discriminator', rng: Random): Sequential {
  switch (mode.kind) {
    case 'all':
      return source;
    case 'freeze-d':
      if (role === 'generator') return source;
      return adaptLayers(source, {
        linear: (l, i) => (i < mode.frozen ? new FrozenLinear(l) : l),
        conv: (l, i) => (i < mode.frozen ? new FrozenConv(l) : l),
      });
    case 'sigma':
      return adaptLayers(source, { linear: (l) => new SigmaLinear(l), conv: (l) => new SigmaConv(l) });
    case 'scale-shift':
      return adaptLayers(source, { linear: (l) => new ScaleShiftLinear(l), conv: (l) => new ScaleShiftConv(l) });
    case 'lora':
      return adaptLayers(source, {
        linear: (l) => new LoraLinear(l, { rank: Math.min(mode.rank, l.inFeatures, l.outFeatures), seed: rng }),
        conv: (l) => new LoraConv(l, { rank: Math.min(mode.rank, ...kernelMatrixShape(l)), seed: rng }),
      });
  }
}

export interface AdaptedGan {
  generator: Sequential;
  discriminator: Sequential;
  /** A second adapted generator for GanTrainer's moving average (same keys and values as generator). */
  generatorEma: Sequential;
  /** Trainable scalars of G + D after adaptation, and of the source G + D. */
  trainable: number;
  total: number;
}

/**
 * Adapts a trained generator and discriminator. source builds fresh copies of the trained networks
 * (called once for D, twice for G, since the moving-average copy needs its own tensors).
 * seed: the LoRA initializations (G and its EMA copy get the same draws).
 */
export function adaptGan(source: { generator: () => Sequential; discriminator: () => Sequential }, mode: AdaptMode, seed: number): AdaptedGan {
  const root = new Random(seed);
  const gRng = root.fork();
  const dRng = root.fork();
  const gState = gRng.getState();
  const g = source.generator();
  const d = source.discriminator();
  const total = g.numParameters() + d.numParameters();
  const generator = adaptNetwork(g, mode, 'generator', gRng);
  const discriminator = adaptNetwork(d, mode, 'discriminator', dRng);
  const emaRng = new Random(0);
  emaRng.setState(gState);
  const generatorEma = adaptNetwork(source.generator(), mode, 'generator', emaRng);
  for (const p of generatorEma.parameters()) p.requiresGrad = false;
  return { generator, discriminator, generatorEma, trainable: generator.numParameters() + discriminator.numParameters(), total };
}
