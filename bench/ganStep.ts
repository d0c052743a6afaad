/**
 * The reference GAN workload (issue "Speed"): G z(64) → 256 → 256 → 64 (tanh), D 64 → 256 → 256 → 1,
 * LeakyReLU(0.2), batch 64, BCE-with-logits, Adam(2e-4, (0.5, 0.999)). One step = a D update on a real
 * and a fake batch, then a G update. The low-rank variant replaces every Linear(n, m) with
 * min(n, m) > 16 by LowRankLinear(n, m, 16).
 */
import { Tensor, Random, Sequential, Linear, LowRankLinear, LeakyReLU, Tanh, Adam, binaryCrossEntropyWithLogits, add, noGrad, resetWorkCounters, workCounters } from '../src/index.js';
import { setKernels, activeKernels } from '../src/index.js';
import type { Module } from '../src/index.js';
import { simdSupported } from '../src/tensor/wasm/simdSupport.js';

export interface GanStepRow {
  variant: string;
  /** gemm's kernels for this row: plain JS (LRGAN_KERNELS=js) or WebAssembly SIMD. */
  kernels: 'js' | 'wasm';
  batch: number;
  width: number;
  rank: number | string;
  stepsPerS: number;
  msPerStep: number;
  /** The JS row's ms per step over this row's, from the same alternating rounds. */
  vsJs: number;
  /** Of msPerStep: time inside gemm, and everything else (elementwise, autograd, Adam, allocation). */
  matmulMs: number;
  restMs: number;
  kibAllocPerStep: number;
  allocsPerStep: number;
  gflops: number;
  mflopPerStep: number;
}

/** gemm time and tensor storage per step, averaged over `steps` counted steps. */
export function countWork(step: () => void, steps: number): { matmulMs: number; totalMs: number; kib: number; allocs: number } {
  step();
  resetWorkCounters(true);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const totalMs = (performance.now() - t0) / steps;
  const r = { matmulMs: workCounters.gemmMs / steps, totalMs, kib: workCounters.allocBytes / 1024 / steps, allocs: workCounters.allocs / steps };
  resetWorkCounters(false);
  return r;
}

function layer(n: number, m: number, rank: number | 'full', rng: Random): Module {
  return rank !== 'full' && Math.min(n, m) > rank ? new LowRankLinear(n, m, rank, { seed: rng }) : new Linear(n, m, { seed: rng });
}

/**
 * Matrix-product FLOPs of one pass over `net` at this batch: 2·batch·(weights of each product), and of that
 * the part of the first product (whose input gradient is never needed when the input is data).
 */
function productFlops(net: Sequential, batch: number): { all: number; first: number } {
  let all = 0;
  for (const [k, p] of net.namedParameters()) if (!k.endsWith('bias')) all += 2 * batch * p.size;
  const first = net.layers[0]!;
  const firstWeights = first instanceof LowRankLinear ? first.v.size : (first as Linear).weight.size;
  return { all, first: 2 * batch * firstWeights };
}

/**
 * One step of the reference workload on networks G and D: a D update on `real` [batch, dim] and a fake
 * batch (BCE with logits, z ~ N(0, I) [batch, latent]), then a G update with D frozen; Adam(2e-4, (0.5, 0.999)).
 */
export function referenceStep(G: Module, D: Module, real: Tensor, latent: number, rng: Random): () => void {
  const batch = real.shape[0]!;
  const optG = new Adam(G.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const optD = new Adam(D.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const ones = Tensor.empty([batch, 1]);
  ones.data.fill(1);
  const zeros = Tensor.empty([batch, 1]);
  const z = Tensor.empty([batch, latent]);
  return (): void => {
    for (let i = 0; i < z.size; i++) z.data[i] = rng.normal();
    const fake = noGrad(() => G.forward(z));
    const lossD = add(binaryCrossEntropyWithLogits(D.forward(real), ones), binaryCrossEntropyWithLogits(D.forward(fake), zeros));
    optD.zeroGrad();
    lossD.backward();
    optD.step();
    const dParams = D.parameters();
    for (const p of dParams) p.requiresGrad = false;
    for (let i = 0; i < z.size; i++) z.data[i] = rng.normal();
    const lossG = binaryCrossEntropyWithLogits(D.forward(G.forward(z)), ones);
    optG.zeroGrad();
    lossG.backward();
    optG.step();
    for (const p of dParams) p.requiresGrad = true;
  };
}

export function makeWorkload(width: number, batch: number, rank: number | 'full', seed = 1) {
  const rng = new Random(seed);
  const dim = 64;
  const G = new Sequential(layer(64, width, rank, rng), new LeakyReLU(0.2), layer(width, width, rank, rng), new LeakyReLU(0.2), layer(width, dim, rank, rng), new Tanh());
  const D = new Sequential(layer(dim, width, rank, rng), new LeakyReLU(0.2), layer(width, width, rank, rng), new LeakyReLU(0.2), layer(width, 1, rank, rng));
  const real = Tensor.empty([batch, dim]);
  for (let i = 0; i < real.size; i++) real.data[i] = Math.tanh(rng.normal());
  const step = referenceStep(G, D, real, 64, rng);
  // Each product costs f forward, f for its weight gradient and f for its input gradient, except the input
  // gradient of a network's first product when its input is data (real, detached fake, z). D step: D on two
  // batches, forward and both gradients, plus G forward; G step: G forward and both gradients, D forward and
  // input gradients only (D's weights are frozen).
  const d = productFlops(D, batch), g = productFlops(G, batch);
  const flops = 2 * (3 * d.all - d.first) + g.all + (3 * g.all - g.first) + 2 * d.all;
  return { step, flops };
}

/** Median ms of one step, over at least minMs and minSteps timed steps after `warmup` untimed ones. */
export function timeSteps(step: () => void, minMs: number, minSteps = 7, warmup = 5): number {
  for (let i = 0; i < warmup; i++) step();
  const times: number[] = [];
  const start = performance.now();
  while (performance.now() - start < minMs || times.length < minSteps) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Median over rounds of each kernel's median ms per step, the kernels taking turns round by round. */
function alternatingStepMs(steps: Record<'js' | 'wasm', () => void>, kernels: readonly ('js' | 'wasm')[], rounds: number, msPerRound: number): Map<'js' | 'wasm', number> {
  const times = new Map(kernels.map((k) => [k, [] as number[]]));
  for (let r = 0; r < rounds; r++) {
    for (const k of kernels) {
      setKernels(k);
      times.get(k)!.push(timeSteps(steps[k], msPerRound, 3, r === 0 ? 5 : 1));
    }
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return new Map(kernels.map((k) => [k, median(times.get(k)!)]));
}

export async function benchGanStep(opts: { quick?: boolean } = {}): Promise<GanStepRow[]> {
  const rounds = opts.quick ? 3 : 7, msPerRound = opts.quick ? 300 : 800;
  const kernels: ('js' | 'wasm')[] = simdSupported() ? ['js', 'wasm'] : ['js'];
  const requested = activeKernels().requested;
  const rows: GanStepRow[] = [];
  try {
    for (const [variant, rank] of [['dense', 'full'], ['low-rank r=16', 16]] as const) {
      const js = makeWorkload(256, 64, rank), wasm = makeWorkload(256, 64, rank);
      const ms = alternatingStepMs({ js: js.step, wasm: wasm.step }, kernels, rounds, msPerRound);
      for (const k of kernels) {
        setKernels(k);
        const msK = ms.get(k)!;
        // The split comes from separate counted steps, scaled to the median step time.
        const w = countWork(k === 'js' ? js.step : wasm.step, opts.quick ? 20 : 60);
        const matmulMs = msK * Math.min(1, w.matmulMs / w.totalMs);
        rows.push({
          variant, kernels: k, batch: 64, width: 256, rank, stepsPerS: 1000 / msK, msPerStep: msK, vsJs: ms.get('js')! / msK,
          matmulMs, restMs: msK - matmulMs, kibAllocPerStep: w.kib, allocsPerStep: w.allocs, gflops: js.flops / msK / 1e6, mflopPerStep: js.flops / 1e6,
        });
      }
    }
  } finally {
    setKernels(requested);
  }
  return rows;
}
