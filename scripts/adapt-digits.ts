/**
 * Cross-domain transfer on the UCI digits: pretrain on classes 0–4, adapt to 5–9 with N target examples in
 * each mode of src/gan/adapt.ts, and train from scratch on the same N examples. Both halves come from the
 * 901-row study pool the FCD classifier never saw; metrics compare against the target's held-out rows.
 *   npx tsx scripts/adapt-digits.ts SEED N_LIST MODES PRETRAIN_STEPS ADAPT_STEPS SCRATCH_STEPS OUT
 *   npx tsx scripts/adapt-digits.ts 1 10,100 all,freeze-d,sigma,lora:4,scale-shift 4000 1000 4000 runs/adapt-digits
 * A mode written MODE@F (e.g. sigma@10) trains with both learning rates multiplied by F.
 * Prints one line per row and writes OUT/results-sSEED.json and OUT/pairs-sSEED-nN.png (rows: the target's
 * training examples, the source generator, then each mode on the same latents).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Dataset, selectExamples } from '../src/data/dataset.js';
import { fitScaler, type Scaler } from '../src/data/scaler.js';
import { fewShotSplit } from '../src/data/split.js';
import { digitsStudyPool } from '../src/eval/fcd/digitsPools.js';
import { adaptGan, parseAdaptMode } from '../src/gan/adapt.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { buildDiscriminator, buildGenerator } from '../src/gan/model.js';
import { imageSamples } from '../src/cli/pictures.js';
import { encodePng } from '../src/image/png.js';
import { loadDigitClassifierFile } from '../src/node/fcdWeights.js';
import { loadDataset } from '../src/node/loadData.js';
import { modelConfig, parseModel } from '../src/cli/study/modelSpec.js';
import { studyJudge, measureSamples, type CellMetrics } from '../src/cli/study/studyMetrics.js';
import type { StudyData } from '../src/cli/study/studyData.js';
import { scaledZero } from '../src/cli/runData.js';
import { Tensor } from '../src/tensor/tensor.js';
import type { GanConfig } from '../src/gan/config.js';

const [seedText = '1', nText = '10,100', modesText = 'all,freeze-d,sigma,lora:4,scale-shift', preText = '4000', adaptText = '1000', scratchText = '4000', out = 'runs/adapt-digits'] = process.argv.slice(2);
const seed = Number(seedText);
const SAMPLES = 300;
const EVAL_SEED = 2024;
mkdirSync(out, { recursive: true });

function byClasses(ds: Dataset, lo: number, hi: number): Dataset {
  const rows: number[] = [];
  for (let i = 0; i < ds.n; i++) if (ds.labels![i]! >= lo && ds.labels![i]! <= hi) rows.push(i);
  const sub = selectExamples(ds, Int32Array.from(rows));
  // Classes renumbered 0..hi−lo so that fewShotSplit stratifies over the classes present.
  const labels = sub.labels!.map((l) => l - lo);
  return { name: `digits ${lo}–${hi}`, x: sub.x, n: sub.n, dim: sub.dim, labels, numClasses: hi - lo + 1 };
}

const pool = digitsStudyPool(loadDataset('digits', { seed, n: 10 }));
const source = byClasses(pool, 0, 4);
const target = byClasses(pool, 5, 9);
const classifier = loadDigitClassifierFile().classifier;

/** A StudyData record for measureSamples: the target split, scaled by `scaler`. */
function studyData(train: Dataset, heldOut: Dataset, scaler: Scaler): StudyData {
  return {
    name: 'digits', n: train.n, seed, train, heldOut, extraReal: new Float64Array(0), samples: SAMPLES, scaler,
    scaled: new Tensor(Float32Array.from(scaler.transform(train.x)), [train.n, train.dim]),
    shape: { dim: train.dim, fill: scaledZero(scaler) },
  };
}

function config(fill: number, s: number, steps: number): GanConfig {
  const c = modelConfig(parseModel('full'), { dim: 64, fill }, s);
  c.optimizer.totalSteps = c.optimizer.totalSteps === null ? null : steps;
  return c;
}

const fmt = (v: number | null, d = 3): string => (v === null ? 'n/a' : v.toFixed(d));
function line(name: string, m: CellMetrics, trainable: number, total: number, seconds: number): string {
  const cls = m.classCounts ? m.classCounts.slice(5).filter((c) => c > 0).length : 0;
  return `${name.padEnd(14)} FCD ${fmt(m.fcd, 2)} coverage ${fmt(m.coverage)} classes ${m.classesCovered}/10 (of 5–9: ${cls}) class KL ${fmt(m.classKL)} NN ratio ${fmt(m.nnRatio)} copies ${fmt(m.copyFraction)} trainable ${trainable} (${((100 * trainable) / total).toFixed(1)}%) ${seconds.toFixed(0)}s`;
}

// Pretraining: every source row but 50 (their held-out set is not used).
const srcSplit = fewShotSplit(source, { n: source.n - 50, seed });
const srcScaler = fitScaler(srcSplit.train.x, 64, { perColumn: true });
const fill = scaledZero(srcScaler);
let t0 = performance.now();
const pre = new GanTrainer(new Tensor(Float32Array.from(srcScaler.transform(srcSplit.train.x)), [srcSplit.train.n, 64]), config(fill, seed, Number(preText)));
pre.train(Number(preText));
console.log(`pretrained on ${srcSplit.train.n} rows of classes 0–4, ${preText} steps, ${((performance.now() - t0) / 1000).toFixed(0)}s`);
const srcG = pre.generatorEma ?? pre.generator;
const gState = srcG.stateDict();
const dState = pre.discriminator.stateDict();
const total = pre.generator.numParameters() + pre.discriminator.numParameters();
const results: Record<string, unknown>[] = [];

for (const n of nText.split(',').map(Number)) {
  const split = fewShotSplit(target, { n, seed, heldOut: Math.min(target.n - n, 500) });
  const sample = (t: GanTrainer, scaler: Scaler): Float64Array =>
    scaler.inverse(Float64Array.from(t.sample(SAMPLES, EVAL_SEED, { ema: true, keep: 1 }).data));
  const rows: Float64Array[] = [split.train.x.slice(0, 10 * 64)];
  const record = (name: string, samples: Float64Array, scaler: Scaler, trainable: number, seconds: number): void => {
    const m = measureSamples(samples, studyData(split.train, split.heldOut, scaler), studyJudge(classifier, studyData(split.train, split.heldOut, scaler))).metrics;
    console.log(`N=${n} ${line(name, m, trainable, total, seconds)}`);
    results.push({ n, seed, name, trainable, total, seconds, ...m });
    rows.push(samples.slice(0, 10 * 64));
  };
  // The source generator itself on the target (step 0 of every mode).
  const srcOnly = new GanTrainer(new Tensor(Float32Array.from(srcScaler.transform(split.train.x)), [n, 64]), config(fill, seed, 0));
  srcOnly.generatorEma!.loadStateDict(gState);
  record('source', sample(srcOnly, srcScaler), srcScaler, 0, 0);
  for (const modeText of modesText.split(',')) {
    // 'MODE@F' runs MODE with both learning rates multiplied by F.
    const [modeName = '', factorText = '1'] = modeText.split('@');
    const mode = parseAdaptMode(modeName);
    const c = config(fill, seed, Number(adaptText));
    const factor = Number(factorText);
    if (!(factor > 0)) throw new Error(`adapt-digits: the learning-rate factor after @ must be a positive number, got ${JSON.stringify(factorText)} in ${modeText}`);
    c.optimizer.lrG *= factor;
    c.optimizer.lrD *= factor;
    const fresh = (): { g: () => ReturnType<typeof buildGenerator>; d: () => ReturnType<typeof buildDiscriminator> } => ({
      g: () => { const g = buildGenerator(c.latent.dim, 64, c.generator, 0); g.loadStateDict(gState); return g; },
      d: () => { const d = buildDiscriminator(64, c.discriminator, 0); d.loadStateDict(dState); return d; },
    });
    const f = fresh();
    const nets = adaptGan({ generator: f.g, discriminator: f.d }, mode, seed);
    t0 = performance.now();
    const t = new GanTrainer(new Tensor(Float32Array.from(srcScaler.transform(split.train.x)), [n, 64]), c, nets);
    t.train(Number(adaptText));
    record(modeText, sample(t, srcScaler), srcScaler, nets.trainable, (performance.now() - t0) / 1000);
  }
  t0 = performance.now();
  const scaler = fitScaler(split.train.x, 64, { perColumn: true });
  const scratch = new GanTrainer(new Tensor(Float32Array.from(scaler.transform(split.train.x)), [n, 64]), config(scaledZero(scaler), seed, Number(scratchText)));
  scratch.train(Number(scratchText));
  record(`scratch ${scratchText}`, sample(scratch, scaler), scaler, total, (performance.now() - t0) / 1000);
  const all = new Float64Array(rows.length * 10 * 64);
  rows.forEach((r, i) => all.set(r.subarray(0, Math.min(r.length, 640)), i * 640));
  writeFileSync(join(out, `pairs-s${seed}-n${n}.png`), encodePng(imageSamples(Float32Array.from(all), rows.length * 10, { height: 8, width: 8, channels: 1 }, 10)));
  writeFileSync(join(out, `results-s${seed}.json`), `${JSON.stringify(results, null, 2)}\n`);
}
