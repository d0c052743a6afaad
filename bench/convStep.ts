/**
 * Convolutions at the shapes of the 28×28 conv GAN (bench/convStep.ts's MODEL: G channels 64, 32, 16 from 7×7 with
 * nearest ×2 + 3×3 convs, D channels 16, 32, 64 with 4×4 stride-2 convs, batch 32), forward and forward + backward,
 * and one GAN step on that model (a D update on a real and a fake batch, then a G update; Adam 2e-4, (0.5, 0.999)).
 */
import {
  Random, Tensor, buildConvDiscriminator, buildConvGenerator,
  conv2d, mul, noGrad, randn, sum,
} from '../src/index.js';
import type { ConvArchitecture, LayerRank } from '../src/index.js';
import { countWork, referenceStep, timeSteps } from './ganStep.js';

const IMAGE = { height: 28, width: 28, channels: 1 as const };
const BATCH = 32;
const LATENT = 32;

/** The model the rows measure; low-rank variants change only the generator's ranks. */
export function convModel(rank: LayerRank | LayerRank[], up: 'upsample' | 'transpose' = 'upsample'): ConvArchitecture {
  return {
    image: IMAGE,
    generator: { channels: [64, 32, 16], rank, up, output: 'tanh' },
    discriminator: { channels: [16, 32, 64], rank: 'full' },
  };
}

interface ConvShape { layer: string; cin: number; cout: number; size: number; k: number; stride: number; padding: number }

const SHAPES: readonly ConvShape[] = [
  { layer: 'G up 1 (14×14)', cin: 64, cout: 32, size: 14, k: 3, stride: 1, padding: 1 },
  { layer: 'G up 2 (28×28)', cin: 32, cout: 16, size: 28, k: 3, stride: 1, padding: 1 },
  { layer: 'G out (28×28)', cin: 16, cout: 1, size: 28, k: 3, stride: 1, padding: 1 },
  { layer: 'D 1 (28→14)', cin: 1, cout: 16, size: 28, k: 4, stride: 2, padding: 1 },
  { layer: 'D 2 (14→7)', cin: 16, cout: 32, size: 14, k: 4, stride: 2, padding: 1 },
  { layer: 'D 3 (7→3)', cin: 32, cout: 64, size: 7, k: 4, stride: 2, padding: 1 },
];

export interface ConvLayerRow {
  layer: string;
  shape: string;
  forwardMs: number;
  forwardBackwardMs: number;
  /** Of forward + backward: share of time inside gemm. */
  matmulShare: number;
  gflops: number;
}

export function benchConvLayers(opts: { quick?: boolean } = {}): ConvLayerRow[] {
  const minMs = opts.quick ? 300 : 1000;
  return SHAPES.map((s) => {
    const x = randn([BATCH, s.cin, s.size, s.size], 1);
    x.requiresGrad = true;
    const w = randn([s.cout, s.cin, s.k, s.k], 2);
    w.requiresGrad = true;
    const b = randn([s.cout], 3);
    b.requiresGrad = true;
    const options = { stride: s.stride, padding: s.padding };
    const forwardMs = timeSteps(() => noGrad(() => conv2d(x, w, b, options)), minMs);
    const probe = noGrad(() => conv2d(x, w, b, options));
    const both = (): void => sum(mul(conv2d(x, w, b, options), probe)).backward();
    const forwardBackwardMs = timeSteps(both, minMs);
    const work = countWork(both, opts.quick ? 5 : 15);
    const out = probe.shape[2]!;
    // Forward, ∂x and ∂w each cost 2·batch·out²·cout·cin·k² FLOPs.
    const flops = 3 * 2 * BATCH * out * out * s.cout * s.cin * s.k * s.k;
    return {
      layer: s.layer, shape: `[${BATCH},${s.cin},${s.size},${s.size}] k${s.k} s${s.stride} → ${s.cout}×${out}×${out}`,
      forwardMs, forwardBackwardMs, matmulShare: work.matmulMs / work.totalMs, gflops: flops / forwardBackwardMs / 1e6,
    };
  });
}

export interface ConvGanStepRow {
  variant: string;
  gParams: number;
  dParams: number;
  stepsPerS: number;
  msPerStep: number;
  matmulMs: number;
  restMs: number;
  kibAllocPerStep: number;
}

function makeConvGanStep(arch: ConvArchitecture, seed = 1): () => void {
  const rng = new Random(seed);
  const G = buildConvGenerator(LATENT, arch.image, arch.generator, rng.fork());
  const D = buildConvDiscriminator(arch.image, arch.discriminator, rng.fork());
  const real = Tensor.empty([BATCH, 28 * 28]);
  for (let i = 0; i < real.size; i++) real.data[i] = Math.tanh(rng.normal());
  return referenceStep(G, D, real, LATENT, rng);
}

export function benchConvGanStep(opts: { quick?: boolean } = {}): ConvGanStepRow[] {
  const minMs = opts.quick ? 1000 : 3000;
  const variants: [string, LayerRank | LayerRank[], 'upsample' | 'transpose'][] = [
    ['dense', 'full', 'upsample'],
    ['G rank 8 (output conv full)', [8, 8, 8, 'full'], 'upsample'],
    ['dense, G up by ConvTranspose2d 4×4', 'full', 'transpose'],
  ];
  return variants.map(([variant, rank, up]) => {
    const arch = convModel(rank, up);
    const step = makeConvGanStep(arch);
    const ms = timeSteps(step, minMs, 5, 2);
    const w = countWork(step, opts.quick ? 3 : 10);
    const matmulMs = ms * Math.min(1, w.matmulMs / w.totalMs);
    const G = buildConvGenerator(LATENT, arch.image, arch.generator, 0);
    const D = buildConvDiscriminator(arch.image, arch.discriminator, 0);
    const sizes = [G, D].map((m) => m.numParameters());
    return {
      variant, gParams: sizes[0]!, dParams: sizes[1]!, stepsPerS: 1000 / ms, msPerStep: ms, matmulMs, restMs: ms - matmulMs,
      kibAllocPerStep: w.kib,
    };
  });
}

