/**
 * A first convolutional LR-GAN run on a shipped 28×28 set: N training images (stratified), DiffAugment, R1,
 * EMA; prints progress and pixel-space metrics of the EMA generator against held-out real images, with the
 * same metrics for other real images as the reference; writes a grid (training row, then generated) as PNG.
 *   npx tsx scripts/conv-mnist.ts mnist 1500 1 transpose full runs/conv-mnist   # data steps seed up rank out [n]
 * rank: 'full' or one number for the generator's hidden layers (its output conv stays full rank).
 * The environment overrides settings: LRG, LRD, R1, AUGP, TRANS, CUTOUT, EMA, BATCH, LATENT, SN=1 (spectral norm in D),
 * GCH and DCH (comma-separated channel widths of G and D), GRID_EVERY (also write samples-STEP.png every that many steps).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor, defaultConfig, encodePng, evaluateSamples, fewShotSplit, GanTrainer, imageGrid, randperm, selectExamples } from '../src/index.js';
import type { EvaluationReport, LayerRank } from '../src/index.js';
import { loadDataset } from '../src/node/loadData.js';

const [data = 'mnist', stepsText = '1500', seedText = '1', up = 'transpose', rankText = 'full', out = 'runs/conv-mnist', nText = '100'] = process.argv.slice(2);
const steps = Number(stepsText), seed = Number(seedText), n = Number(nText);
if (up !== 'transpose' && up !== 'upsample') throw new Error(`conv-mnist: up must be transpose or upsample, got ${up}`);
const rank: LayerRank = rankText === 'full' ? 'full' : Number(rankText);

const ds = loadDataset(data, { seed, n });
const split = fewShotSplit(ds, { n, seed, heldOut: 1000 });
// The split's held-out rows are ascending and MNIST is grouped by class: halve them in a seeded random order.
const order = randperm(1000, seed + 1);
const heldOut = selectExamples(split.heldOut, order.subarray(0, 500));
const otherReal = selectExamples(split.heldOut, order.subarray(500));
const image = ds.image!;
const scaled = new Tensor(Float32Array.from(split.train.x, (v) => 2 * v - 1), [n, ds.dim]);
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const list = (name: string, fallback: number[]): number[] => (process.env[name] ? process.env[name]!.split(',').map(Number) : fallback);
const gChannels = list('GCH', [64, 32, 16]);
const config = defaultConfig(ds.dim, {
  seed, latent: { dim: env('LATENT', 32) }, training: { batchSize: env('BATCH', 32) },
  optimizer: { lrG: env('LRG', 2e-4), lrD: env('LRD', 4e-4) }, penalties: { r1Gamma: env('R1', 0.2) }, ema: { decay: env('EMA', 0.99) },
  augmentation: { p: env('AUGP', 0.5), method: { kind: 'diffaugment', ...image, translation: env('TRANS', 0.125), cutout: env('CUTOUT', 0.5), colour: false, fill: -1 } },
  conv: {
    image,
    generator: { channels: gChannels, rank: up === 'transpose' ? 'full' : [...gChannels.map(() => rank), 'full'], up, output: 'tanh' },
    discriminator: { channels: list('DCH', [16, 32, 64]), rank: 'full', spectralNorm: process.env.SN === '1' },
  },
});
const trainer = new GanTrainer(scaled, config);
mkdirSync(out, { recursive: true });
/** The first training image of every tenth row (one per class), then 100 EMA samples of the latents of seed 12345. */
const writeGrid = (file: string, samples: Float64Array): void => {
  const shown = 10;
  const grid = new Float64Array((shown + 100) * ds.dim);
  for (let i = 0; i < shown; i++) grid.set(split.train.x.subarray(i * 10 * ds.dim, (i * 10 + 1) * ds.dim), i * ds.dim);
  grid.set(samples.subarray(0, 100 * ds.dim), shown * ds.dim);
  writeFileSync(join(out, file), encodePng(imageGrid(grid, shown + 100, image.height, image.width, 1, { columns: 10, scale: 3, layout: 'hwc' })));
};
const emaSamples = (count: number): Float64Array => Float64Array.from(trainer.sample(count, 12345, { ema: true }).data, (v) => (v + 1) / 2);
const gridEvery = env('GRID_EVERY', 0);
const t0 = performance.now();
trainer.train(steps, (s) => {
  if (gridEvery > 0 && s.step % gridEvery === 0 && s.step < steps) writeGrid(`samples-${s.step}.png`, emaSamples(100));
  if (s.step % 100 === 0) {
    const sec = (performance.now() - t0) / 1000;
    console.log(`step ${s.step}: lossD ${s.lossD.toFixed(3)} lossG ${s.lossG.toFixed(3)} r1 ${s.r1.toFixed(3)} (${sec.toFixed(0)} s, ${(1000 * sec / s.step).toFixed(0)} ms/step)`);
  }
  return true;
});
const trainSeconds = (performance.now() - t0) / 1000;
const samples = emaSamples(500);

const matrix = (x: Float64Array, rows: number): { data: Float64Array; rows: number; cols: number } => ({ data: x, rows, cols: ds.dim });
const labels = { train: split.train.labels!, heldOut: heldOut.labels!, numClasses: ds.numClasses, names: ds.labelNames };
const judge = (generated: Float64Array): EvaluationReport => evaluateSamples({
  generated: matrix(generated, 500), train: matrix(split.train.x, n), heldOut: matrix(heldOut.x, 500), labels, seed: 7,
});
const gan = judge(samples), real = judge(otherReal.x);
const row = (name: string, r: EvaluationReport): string => [
  name, `classes ${r.classes?.covered}/${r.classes?.numClasses}`, `precision ${r.quality.precision.toFixed(3)}`,
  `recall ${r.quality.recall.toFixed(3)}`, `coverage ${r.quality.coverage.toFixed(3)}`, `1-NN acc ${r.quality.oneNNAccuracy.toFixed(3)}`,
  `NN ratio ${r.memorization.nnRatio.toFixed(3)}`, `copies ${r.memorization.copyFraction.toFixed(3)}`,
].join(', ');
console.log(`${data} N=${n} seed ${seed}, G up ${up}, rank ${rankText}: ${steps} steps in ${trainSeconds.toFixed(0)} s; G ${trainer.generator.numParameters()} params, D ${trainer.discriminator.numParameters()}`);
console.log(row('held-out real (reference)', real));
console.log(row('conv GAN (EMA)', gan));

writeGrid('samples.png', samples);
writeFileSync(join(out, 'metrics.json'), `${JSON.stringify({ data, n, seed, steps, up, rank: rankText, trainSeconds, gan, real }, null, 2)}\n`);
console.log(`wrote ${join(out, 'samples.png')} (first row: training images) and metrics.json`);
