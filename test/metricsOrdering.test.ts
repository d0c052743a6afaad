// Ordering property: samples from the true distribution score better than distorted ones on every metric.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

const K = 8;
const RADIUS = 2;
const SIGMA = 0.05;
const modes: Matrix = {
  data: Float64Array.from({ length: 2 * K }, (_, i) => RADIUS * (i % 2 ? Math.sin : Math.cos)((2 * Math.PI * (i >> 1)) / K)),
  rows: K,
  cols: 2,
};

/** n points of the 8-mode ring mixture, using only the first `use` modes, then scaled and shifted. */
function ring(n: number, seed: number, opts: { scale?: number; shift?: number; use?: number } = {}): Matrix {
  const { scale = 1, shift = 0, use = K } = opts;
  const rng = new MetricRandom(seed);
  const data = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rng.uniform() * use);
    data[2 * i] = scale * (modes.data[2 * k]! + SIGMA * rng.normal()) + shift;
    data[2 * i + 1] = scale * (modes.data[2 * k + 1]! + SIGMA * rng.normal());
  }
  return { data, rows: n, cols: 2 };
}

function gaussian(rows: number, cols: number, seed: number, shift = 0, scale = 1): Matrix {
  const rng = new MetricRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = shift + scale * rng.normal();
  return { data, rows, cols };
}

function fd(a: Matrix, b: Matrix): number {
  const p = meanCovariance(a);
  const q = meanCovariance(b);
  return frechetDistance(p.mean, p.cov, q.mean, q.cov, a.cols);
}

interface Distorted {
  set: Matrix;
  /** Metrics this distortion is not expected to move, with the reason given where it is listed. */
  blindSpots?: string[];
}

/** Each metric of good against real must beat each distorted set, outside that set's blind spots. */
function checkOrdering(real: Matrix, good: Matrix, bads: Record<string, Distorted>): void {
  const lowerIsBetter: Record<string, (x: Matrix) => number> = {
    mmd2: (x) => mmd2(x, real),
    energy: (x) => energyDistance(x, real),
    slicedW: (x) => slicedWasserstein(x, real, { seed: 1 }),
    frechet: (x) => fd(x, real),
    oneNNfromHalf: (x) => Math.abs(oneNNAccuracy(x, real).accuracy - 0.5),
    precisionLoss: (x) => 1 - precisionRecall(real, x).precision,
    recallLoss: (x) => 1 - precisionRecall(real, x).recall,
    densityLoss: (x) => 1 - densityCoverage(real, x).density,
    coverageLoss: (x) => 1 - densityCoverage(real, x).coverage,
  };
  for (const [badName, { set, blindSpots = [] }] of Object.entries(bads)) {
    for (const [name, f] of Object.entries(lowerIsBetter)) {
      if (blindSpots.includes(name)) continue;
      const g = f(good);
      const b = f(set);
      assert.ok(g < b, `${name}: good ${g} should be below ${badName} ${b}`);
    }
  }
}

// Precision and density measure fidelity only (are samples on the real manifold?): a generator that
// shrinks or drops modes keeps its samples on the manifold and may score as well or better there.
const FIDELITY = ['precisionLoss', 'densityLoss'];

test('2-D ring: true samples beat shrunk, shifted and half-collapsed samples', () => {
  const real = ring(400, 1);
  const good = ring(400, 2);
  const bads = { shrunk: ring(400, 3, { scale: 0.9 }), shifted: ring(400, 4, { shift: 0.1 }), halfModes: ring(400, 5, { use: 4 }) };
  checkOrdering(real, good, {
    shrunk: { set: bads.shrunk, blindSpots: FIDELITY },
    shifted: { set: bads.shifted },
    halfModes: { set: bads.halfModes, blindSpots: FIDELITY },
  });
  const g = modeMetrics(good, modes, SIGMA);
  assert.is(g.modesCovered, 8);
  assert.ok(g.highQualityFraction > 0.97 && g.reverseKL < 0.02, `good: ${g.highQualityFraction}, ${g.reverseKL}`);
  for (const [name, bad] of Object.entries(bads)) {
    const b = modeMetrics(bad, modes, SIGMA);
    const worse = b.modesCovered < g.modesCovered || b.highQualityFraction < g.highQualityFraction;
    assert.ok(worse && !(b.reverseKL < g.reverseKL), `${name}: ${b.modesCovered} modes, HQ ${b.highQualityFraction}, KL ${b.reverseKL}`);
  }
});

test('64-D Gaussian: true samples beat shifted, widened and shrunk samples', () => {
  const real = gaussian(300, 64, 1);
  const good = gaussian(300, 64, 2);
  checkOrdering(real, good, {
    shifted: { set: gaussian(300, 64, 3, 0.3) },
    // Recall asks only whether fake balls reach the real points, and over-dispersed fake balls reach them all.
    // 1-NN accuracy stays within a few points of 0.5 for these scale changes at 300 points in 64-D,
    // inside its sampling noise (about ±0.03), so it is not asked to rank them.
    widened: { set: gaussian(300, 64, 5, 0, 1.25), blindSpots: ['recallLoss', 'oneNNfromHalf'] },
    // In 64-D with 300 points the real k-NN balls are about as wide as the set itself, so every real
    // ball still catches a shrunk sample: coverage cannot see this shrink (recall does).
    shrunk: { set: gaussian(300, 64, 4, 0, 0.8), blindSpots: [...FIDELITY, 'coverageLoss', 'oneNNfromHalf'] },
  });
});

test('memorization: copies of the training set score worse than fresh samples', () => {
  const train = ring(200, 10);
  const heldOut = ring(200, 11);
  const fresh = ring(200, 12);
  const noisyCopies = { data: train.data.map((v, i) => v + 1e-4 * Math.sin(i)), rows: 200, cols: 2 };
  assert.ok(nnRatio(noisyCopies, train, heldOut) < 0.1);
  assert.ok(Math.abs(nnRatio(fresh, train, heldOut) - 1) < 0.25, `fresh ${nnRatio(fresh, train, heldOut)}`);
  assert.ok(copyFraction(noisyCopies, train) > 0.95);
  assert.ok(copyFraction(fresh, train) < 0.3, `fresh ${copyFraction(fresh, train)}`);
  assert.ok(oneNNAccuracy(noisyCopies, train).accuracy < 0.1);
});

test.run();
