/**
 * Scaling and memory of the reference GAN step (bench/ganStep.ts):
 * - benchGanSweep: steps/s against batch size, layer width and rank, one factor varied at a time
 *   around the reference point (batch 64, width 256, dense and rank 16);
 * - benchGanMemory: RSS and heap before and after a long run, to catch leaks (graphs or buffers kept alive).
 */
import { makeWorkload, timeSteps } from './ganStep.js';

export interface GanSweepRow {
  vary: string;
  batch: number;
  width: number;
  rank: number | string;
  stepsPerS: number;
  msPerStep: number;
  gflops: number;
}

export async function benchGanSweep(opts: { quick?: boolean } = {}): Promise<GanSweepRow[]> {
  const minMs = opts.quick ? 150 : 600;
  const minSteps = opts.quick ? 2 : 5;
  const warmup = opts.quick ? 1 : 3;
  const rows: GanSweepRow[] = [];
  const point = (vary: string, batch: number, width: number, rank: number | 'full'): void => {
    const { step, flops } = makeWorkload(width, batch, rank);
    const ms = timeSteps(step, minMs, minSteps, warmup);
    rows.push({ vary, batch, width, rank, stepsPerS: 1000 / ms, msPerStep: ms, gflops: flops / ms / 1e6 });
  };
  for (const rank of ['full', 16] as const) for (const batch of [16, 32, 64, 128, 256, 512]) point('batch', batch, 256, rank);
  for (const rank of ['full', 16] as const) for (const width of [64, 128, 256, 512, 1024]) point('width', 64, width, rank);
  for (const rank of [4, 8, 16, 32, 64, 128, 'full'] as const) point('rank', 64, 256, rank);
  return rows;
}

export interface GanMemoryRow {
  workload: string;
  steps: number;
  seconds: number;
  /** Resident set size after warm-up, after half the steps and at the end. */
  rssStartMiB: number;
  rssMidMiB: number;
  rssEndMiB: number;
  heapStartMiB: number;
  heapEndMiB: number;
  arrayBuffersEndMiB: number;
}

const MiB = 1024 * 1024;

/**
 * The reference workloads (batch 64, width 256; dense and rank 16) for 10,000 steps each, or 300 with --quick:
 * memory after warm-up, halfway and at the end, after a GC where node was started with --expose-gc.
 */
export async function benchGanMemory(opts: { quick?: boolean } = {}): Promise<GanMemoryRow[]> {
  const steps = opts.quick ? 300 : 10000;
  const gc = (globalThis as { gc?: () => void }).gc;
  const rows: GanMemoryRow[] = [];
  for (const [name, rank] of [['dense', 'full'], ['low-rank r=16', 16]] as const) {
    const { step } = makeWorkload(256, 64, rank);
    for (let i = 0; i < 20; i++) step();
    gc?.();
    const m0 = process.memoryUsage();
    const t0 = performance.now();
    for (let i = 0; i < steps / 2; i++) step();
    gc?.();
    const mid = process.memoryUsage().rss;
    for (let i = steps / 2; i < steps; i++) step();
    const seconds = (performance.now() - t0) / 1000;
    gc?.();
    const m1 = process.memoryUsage();
    rows.push({
      workload: `${name}${gc ? '' : ' (no --expose-gc: heap includes garbage)'}`,
      steps, seconds,
      rssStartMiB: m0.rss / MiB, rssMidMiB: mid / MiB, rssEndMiB: m1.rss / MiB,
      heapStartMiB: m0.heapUsed / MiB, heapEndMiB: m1.heapUsed / MiB,
      arrayBuffersEndMiB: m1.arrayBuffers / MiB,
    });
  }
  return rows;
}
