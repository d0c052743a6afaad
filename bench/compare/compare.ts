/**
 * `bench/run.ts --compare`: runs the matmul and gan-step benchmarks on TensorFlow.js's cpu and wasm
 * backends, and the gan-step one on PyTorch (one thread), where they are installed, and lays their rows
 * beside lrgan's from the same run, with lrgan's speedup over each.
 */
import { type GanStepRow, makeWorkload, timeSteps } from '../ganStep.js';
import type { MatmulRow, MatmulForm } from '../matmul.js';
import { TFJS_INSTALL, TF_BACKENDS, loadTfjs, useBackend } from './loadTfjs.js';
import { withTfWorkload } from './tfjsGanStep.js';
import { tfjsMatmul } from './tfjsMatmul.js';
import type { TfMatmulRow } from './tfjsMatmul.js';
import type { Tf } from './tfjsTypes.js';
import { activeKernels } from '../../src/index.js';
import { startTorch } from './torchPeer.js';
import type { TorchPeer } from './torchPeer.js';

export interface GanStepCompareRow {
  engine: string;
  variant: string;
  stepsPerS: number;
  msPerStep: number;
  gflops: number;
  /** lrgan's ms per step in the rounds that alternated with this engine's (its own row: null). */
  lrganMsSameRounds: number | null;
  /** lrgan's steps/s over this engine's (> 1: lrgan is faster), from rounds that alternate the two. */
  lrganSpeedup: number;
}

export interface MatmulCompareRow {
  engine: string;
  n: number;
  form: MatmulForm;
  ms: number;
  gflops: number;
  /** lrgan's GFLOP/s over this engine's (> 1: lrgan is faster). */
  lrganSpeedup: number;
}

interface PeerRun<Row> {
  engine: string;
  rows: Row[];
}

/** Runs `bench` on every TF.js backend; a backend that fails is reported on one line and skipped. */
async function onEachBackend<Row>(tf: Tf, bench: (tf: Tf) => Promise<Row[]>): Promise<PeerRun<Row>[]> {
  const runs: PeerRun<Row>[] = [];
  for (const backend of TF_BACKENDS) {
    try {
      const engine = await useBackend(tf, backend);
      runs.push({ engine, rows: await bench(tf) });
    } catch (e) {
      console.log(`--compare: TensorFlow.js ${backend} backend skipped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return runs;
}

/**
 * Median ms per step of lrgan and of a peer, timed in alternating rounds so that a slow spell of a shared
 * machine hits both alike: [lrgan, peer].
 */
function pairedStepMs(own: () => void, peer: () => void, rounds: number, msPerRound: number): [number, number] {
  const ownMs: number[] = [], peerMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ownMs.push(timeSteps(own, msPerRound, 3, r === 0 ? 5 : 1));
    peerMs.push(timeSteps(peer, msPerRound, 3, r === 0 ? 5 : 1));
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return [median(ownMs), median(peerMs)];
}

/** Median ms per step of lrgan and of the PyTorch peer, in alternating rounds (the peer runs in its own process). */
async function pairedTorchStepMs(own: () => void, torch: TorchPeer, rank: number | 'full', rounds: number, msPerRound: number): Promise<[number, number]> {
  const ownMs: number[] = [], peerMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ownMs.push(timeSteps(own, msPerRound, 3, r === 0 ? 5 : 1));
    peerMs.push(await torch.stepMs(rank, msPerRound));
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return [median(ownMs), median(peerMs)];
}

async function compareGanStep(tf: Tf | null, torch: TorchPeer | null, lrgan: readonly GanStepRow[], quick: boolean): Promise<GanStepCompareRow[]> {
  const rounds = quick ? 3 : 5, msPerRound = quick ? 400 : 1000;
  // Peers race the kernels gemm picks by default (WebAssembly where there is SIMD).
  lrgan = lrgan.filter((own) => own.kernels === activeKernels().kernels);
  const rankOf = (own: GanStepRow): number | 'full' => (own.rank === 'full' ? 'full' : Number(own.rank));
  const peers = tf === null ? [] : await onEachBackend(tf, async (t) => lrgan.map((own) => {
    return withTfWorkload(t, own.variant, own.width, own.batch, rankOf(own), (peerStep) => {
      const [ownMs, peerMs] = pairedStepMs(makeWorkload(own.width, own.batch, rankOf(own)).step, peerStep, rounds, msPerRound);
      return { variant: own.variant, msPerStep: peerMs, ownMs, speedup: peerMs / ownMs };
    });
  }));
  if (torch !== null) {
    const rows = [];
    for (const own of lrgan) {
      const [ownMs, peerMs] = await pairedTorchStepMs(makeWorkload(own.width, own.batch, rankOf(own)).step, torch, rankOf(own), rounds, msPerRound);
      rows.push({ variant: own.variant, msPerStep: peerMs, ownMs, speedup: peerMs / ownMs });
    }
    peers.push({ engine: torch.engine, rows });
  }
  return lrgan.flatMap((own) => [
    { engine: `lrgan (${own.kernels})`, variant: own.variant, stepsPerS: own.stepsPerS, msPerStep: own.msPerStep, gflops: own.gflops, lrganMsSameRounds: null, lrganSpeedup: 1 },
    ...peers.flatMap(({ engine, rows }) => rows.filter((r) => r.variant === own.variant).map((r) => ({
      engine, variant: r.variant, stepsPerS: 1000 / r.msPerStep, msPerStep: r.msPerStep,
      // Same workload, same matrix-product FLOPs per step.
      gflops: own.mflopPerStep / r.msPerStep, lrganMsSameRounds: r.ownMs, lrganSpeedup: r.speedup,
    }))),
  ]);
}

async function compareMatmul(tf: Tf, lrgan: readonly MatmulRow[], quick: boolean): Promise<MatmulCompareRow[]> {
  const peers = await onEachBackend<TfMatmulRow>(tf, (t) => tfjsMatmul(t, { quick }));
  // lrgan's row is the kernel gemm picks by default: WebAssembly where there is SIMD.
  return lrgan.filter((own) => own.set === 'square').flatMap((own) => {
    const ms = own.wasmMs ?? own.jsMs, gflops = own.wasmGflops ?? own.jsGflops;
    return [
      { engine: own.wasmMs === null ? 'lrgan (js)' : 'lrgan (wasm)', n: own.n, form: own.form, ms, gflops, lrganSpeedup: 1 },
      { engine: 'lrgan (js)', n: own.n, form: own.form, ms: own.jsMs, gflops: own.jsGflops, lrganSpeedup: gflops / own.jsGflops },
      ...peers.flatMap(({ engine, rows }) => rows.filter((r) => r.n === own.n && r.form === own.form).map((r) => ({
        engine, n: r.n, form: r.form, ms: r.ms, gflops: r.gflops, lrganSpeedup: gflops / r.gflops,
      }))),
    ];
  });
}

/**
 * Compares the benchmarks that have peers. Loads TF.js on the first call and starts PyTorch for
 * gan-step; when one is missing, says once how to install it. Returns null when no peer ran.
 */
export function makeComparison(quick: boolean): (name: string, lrganRows: readonly object[]) => Promise<readonly object[] | null> {
  let loaded: Promise<Tf | null> | null = null;
  const load = async (): Promise<Tf | null> => {
    const r = await loadTfjs();
    if ('tf' in r) return r.tf;
    console.log(`--compare: TensorFlow.js is not available (${r.error}); install it with: ${TFJS_INSTALL}\n`);
    return null;
  };
  return async (name, lrganRows) => {
    if (name !== 'gan-step' && name !== 'matmul') return null;
    loaded ??= load();
    const tf = await loaded;
    if (name === 'matmul') return tf === null ? null : compareMatmul(tf, lrganRows as readonly MatmulRow[], quick);
    const torch = await startTorch();
    if ('error' in torch) console.log(`--compare: PyTorch is not available (${torch.error}); on Debian: apt-get install python3-torch\n`);
    const peer = 'error' in torch ? null : torch;
    if (tf === null && peer === null) return null;
    try {
      return await compareGanStep(tf, peer, lrganRows as readonly GanStepRow[], quick);
    } finally {
      peer?.close();
    }
  };
}
