/**
 * Timing of every sample metric on 2,500 x 2 sets (the 2-D mixture protocol) and 500 x 64 sets (features).
 * `benchMetrics()` returns the rows; run this file directly to print them: npx tsx bench/metrics.ts
 */
import { pathToFileURL } from 'node:url';
import {
  copyFraction,
  densityCoverage,
  energyDistance,
  frechetDistance,
  meanCovariance,
  mmd2,
  modeMetrics,
  nnRatio,
  oneNNAccuracy,
  precisionRecall,
  slicedWasserstein,
} from '../src/eval/metrics/index.js';
import type { Matrix } from '../src/eval/metrics/index.js';
import { Random as MetricRandom } from '../src/tensor/random.js';

export interface MetricBenchRow {
  metric: string;
  /** Row count x columns of each input set. */
  shape: string;
  /** Fastest of the timed repetitions, milliseconds. */
  ms: number;
}

export interface MetricBenchOptions {
  /** Timed repetitions per metric (after one warm-up call on small sets), default 3. */
  reps?: number;
}

const MODES = 8;
const SIGMA = 0.05;

function ringMixture(n: number, seed: number): Matrix {
  const rng = new MetricRandom(seed);
  const data = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * Math.floor(rng.uniform() * MODES)) / MODES;
    data[2 * i] = 2 * Math.cos(angle) + SIGMA * rng.normal();
    data[2 * i + 1] = 2 * Math.sin(angle) + SIGMA * rng.normal();
  }
  return { data, rows: n, cols: 2 };
}

function gaussian(rows: number, cols: number, seed: number): Matrix {
  const rng = new MetricRandom(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

const ringCenters: Matrix = {
  data: Float64Array.from({ length: 2 * MODES }, (_, i) => 2 * (i % 2 ? Math.sin : Math.cos)((2 * Math.PI * (i >> 1)) / MODES)),
  rows: MODES,
  cols: 2,
};

type Case = (x: Matrix, y: Matrix, z: Matrix) => unknown;

const CASES: Record<string, Case> = {
  mmd2: (x, y) => mmd2(x, y),
  energyDistance: (x, y) => energyDistance(x, y),
  slicedWasserstein: (x, y) => slicedWasserstein(x, y, { seed: 1 }),
  precisionRecall: (x, y) => precisionRecall(y, x),
  densityCoverage: (x, y) => densityCoverage(y, x),
  oneNNAccuracy: (x, y) => oneNNAccuracy(x, y),
  nnRatio: (x, y, z) => nnRatio(x, y, z),
  copyFraction: (x, y) => copyFraction(x, y),
  meanCovariance: (x) => meanCovariance(x),
  'meanCovariance x2 + frechetDistance': (x, y) => {
    const a = meanCovariance(x);
    const b = meanCovariance(y);
    return frechetDistance(a.mean, a.cov, b.mean, b.cov, x.cols);
  },
};

function timeIt(f: () => unknown, reps: number): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export function benchMetrics(opts: MetricBenchOptions = {}): MetricBenchRow[] {
  const reps = opts.reps ?? 3;
  const sets: Array<{ shape: string; x: Matrix; y: Matrix; z: Matrix }> = [
    { shape: '2500x2', x: ringMixture(2500, 1), y: ringMixture(2500, 2), z: ringMixture(2500, 3) },
    { shape: '500x64', x: gaussian(500, 64, 1), y: gaussian(500, 64, 2), z: gaussian(500, 64, 3) },
  ];
  const rows: MetricBenchRow[] = [];
  for (const { shape, x, y, z } of sets) {
    const small = { x: gaussian(50, x.cols, 7), y: gaussian(50, x.cols, 8), z: gaussian(50, x.cols, 9) };
    if (x.cols === 2) {
      modeMetrics(small.x, ringCenters, SIGMA, { trainSet: small.y });
      rows.push({ metric: 'modeMetrics (+trainSet)', shape, ms: timeIt(() => modeMetrics(x, ringCenters, SIGMA, { trainSet: y }), reps) });
    }
    for (const [metric, f] of Object.entries(CASES)) {
      f(small.x, small.y, small.z); // warm-up: let the JIT compile before timing
      rows.push({ metric, shape, ms: timeIt(() => f(x, y, z), reps) });
    }
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of benchMetrics()) console.log(`${r.metric.padEnd(38)} ${r.shape.padEnd(8)} ${r.ms.toFixed(1).padStart(8)} ms`);
}
