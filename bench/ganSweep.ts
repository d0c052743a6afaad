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
  rssStartMiB: number;
  rssEndMiB: number;
  heapStartMiB: number;
  heapEndMiB: number;
  arrayBuffersEndMiB: number;
}

const MiB = 1024 * 1024;

/** A small workload (batch 16, width 64, rank 16) run for 2,000 steps (--quick) or 10,000; memory after a GC if exposed. */
export async function benchGanMemory(opts: { quick?: boolean } = {}): Promise<GanMemoryRow[]> {
  const steps = opts.quick ? 2000 : 10000;
  const { step } = makeWorkload(64, 16, 16);
  for (let i = 0; i < 20; i++) step();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const seconds = (performance.now() - t0) / 1000;
  gc?.();
  const m1 = process.memoryUsage();
  return [{
    workload: `batch 16, width 64, rank 16${gc ? '' : ' (no --expose-gc: heap includes garbage)'}`,
    steps, seconds,
    rssStartMiB: m0.rss / MiB, rssEndMiB: m1.rss / MiB,
    heapStartMiB: m0.heapUsed / MiB, heapEndMiB: m1.heapUsed / MiB,
    arrayBuffersEndMiB: m1.arrayBuffers / MiB,
  }];
}
