/**
 * `lrgan adapt`: cross-domain transfer. Loads a trained run (the source), adapts its G and D with one of
 * src/gan/adapt.ts's modes, trains them on N examples of the target data with the source's settings, and
 * writes an adapter checkpoint (only what was trained, plus the source's SHA-256), pictures and metrics.
 */
import type { ImageShape } from '../../data/dataset.js';
import type { Module } from '../../nn/module.js';
import type { Tensor } from '../../tensor/tensor.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { adaptGan, ADAPT_MODE_NAMES, formatAdaptMode, parseAdaptMode } from '../../gan/adapt.js';
import { saveAdapterCheckpoint } from '../../gan/adapterCheckpoint.js';
import { readCheckpoint } from '../../gan/checkpoint.js';
import type { GanConfig } from '../../gan/config.js';
import { buildConfigDiscriminator, buildConfigGenerator } from '../../gan/networks.js';
import { GanTrainer, sampleGenerator } from '../../gan/trainer.js';
import { defaultEvalSamples } from '../../eval/evaluate.js';
import { encodePng } from '../../image/png.js';
import { writeFileAtomic } from '../../node/checkpointFile.js';
import { sha256Hex } from '../../node/fileHash.js';
import { type CommandSpec, type ParsedFlags, UsageError } from '../args.js';
import type { Command, Io } from '../command.js';
import { imageSamples, scatterComparison } from '../pictures.js';
import { ProgressBar, formatDuration } from '../progress.js';
import { formatReport } from '../report.js';
import { makeExtra, runExtra, runScaler } from '../runCheckpoint.js';
import { imageSizeFor } from '../imageSizeFlag.js';
import { parseClassList } from '../classesFlag.js';
import { type RunSpec, normalizeDataSpec, parseLabelColumn, prepareData } from '../runData.js';
import { EVAL_SEED, evaluateRun } from '../runEvaluation.js';

export const ADAPTER_FILE = 'adapter.safetensors';
const PICTURE_COLUMNS = 10;

const SPEC: CommandSpec = {
  name: 'adapt',
  summary: 'adapt a trained run to new data from a few examples, training only part of it',
  synopsis: 'adapt --from CHECKPOINT --data TARGET [--classes LIST] [--n 10] [--mode MODE] [--steps N] --out DIR',
  description:
    "Starts from a checkpoint written by 'lrgan train' and trains on --n examples of the target data with\n" +
    "the source run's settings. Modes: all (fine-tune everything, TransferGAN), freeze-d[:K] (D's lowest K\n" +
    'layers fixed, FreezeD), sigma (only the singular values of every layer), lora:R (a rank-R update B·A\n' +
    'of every layer, B = 0 at the start), scale-shift (per-unit scale and shift). The target is scaled with\n' +
    "the source's scaler. The output folder holds adapter.safetensors (the trained tensors only and the\n" +
    "source's SHA-256), pairs.png (target examples, then source and adapted samples from the same latents),\n" +
    "metrics.json and config.json; 'lrgan sample' and 'lrgan eval' take the adapter as --checkpoint.",
  flags: [
    { name: 'from', kind: 'string', meta: 'PATH', required: true, group: 'Data', help: 'the source: checkpoint.safetensors of a run of lrgan train' },
    { name: 'data', kind: 'string', meta: 'SPEC', required: true, group: 'Data', help: 'the target: digits, mnist, fashion, ring8, grid25, a .csv/.csv.gz file or a folder of PNGs, with as many columns as the source' },
    { name: 'classes', kind: 'string', meta: 'LIST', group: 'Data', help: 'only these classes of a labelled target (label indices, e.g. 5,6,7,8,9 or 5-9)' },
    { name: 'label-column', kind: 'string', meta: 'COL', group: 'Data', help: 'CSV: class-label column, 0-based index (-1 = last) or header name' },
    { name: 'image-size', kind: 'string', meta: 'HxW', group: 'Data', help: "a folder of PNGs: resize every image to this size (28 or 28x28), e.g. the source run's" },
    { name: 'n', kind: 'positiveInt', meta: 'N', default: 10, group: 'Data', help: 'target training examples; the rest is held out for the metrics' },
    { name: 'seed', kind: 'int', meta: 'N', default: 1, group: 'Data', help: 'seed of the split, the adapters and training' },
    { name: 'mode', kind: 'string', meta: 'MODE', default: 'freeze-d', group: 'Adaptation', help: `what is trained: ${ADAPT_MODE_NAMES.join(', ')}` },
    { name: 'steps', kind: 'positiveInt', meta: 'N', default: 1000, group: 'Adaptation', help: 'generator updates' },
    { name: 'lr-g', kind: 'positive', meta: 'X', defaultText: "the source run's", group: 'Adaptation', help: "the generator's learning rate" },
    { name: 'lr-d', kind: 'positive', meta: 'X', defaultText: "the source run's", group: 'Adaptation', help: "the discriminator's learning rate" },
    { name: 'eval-samples', kind: 'positiveInt', meta: 'N', defaultText: '2500 for data of ≤ 4 columns, else 1000', group: 'Output', help: 'generated samples for the metrics' },
    { name: 'out', kind: 'string', meta: 'DIR', required: true, group: 'Output', help: 'output folder' },
    { name: 'force', kind: 'switch', group: 'Output', help: 'overwrite an adapter already in --out' },
  ],
  examples: [
    'lrgan adapt --from runs/source/checkpoint.safetensors --data digits --classes 5-9 --n 10 --mode lora:2 --out runs/digits59-lora2',
    'lrgan sample --checkpoint runs/digits59-lora2/adapter.safetensors --count 100 --out adapted.png',
  ],
};

/** The source's settings with the adaptation's seed, length and learning rates. */
function adaptConfig(source: GanConfig, f: ParsedFlags): GanConfig {
  const c = JSON.parse(JSON.stringify(source)) as GanConfig;
  c.seed = f.number('seed')!;
  if (c.optimizer.totalSteps !== null) c.optimizer.totalSteps = f.number('steps')!;
  if (f.has('lr-g')) c.optimizer.lrG = f.number('lr-g')!;
  if (f.has('lr-d')) c.optimizer.lrD = f.number('lr-d')!;
  return c;
}

async function run(f: ParsedFlags, io: Io): Promise<number> {
  let mode;
  try {
    mode = parseAdaptMode(f.string('mode')!);
  } catch (e) {
    throw new UsageError(`--mode: ${(e as Error).message}`, 'adapt');
  }
  const out = f.string('out')!;
  const adapterPath = join(out, ADAPTER_FILE);
  if (!f.switch('force') && existsSync(adapterPath)) throw new Error(`${out} already holds an adapter (${ADAPTER_FILE}); overwrite it with --force, or choose another --out`);
  const fromPath = resolve(f.string('from')!);
  let sourceBytes: Uint8Array;
  try {
    sourceBytes = readFileSync(fromPath);
  } catch (e) {
    throw new Error(`--from: cannot read '${fromPath}' (${(e as Error).message})`);
  }
  const source = readCheckpoint(sourceBytes, fromPath);
  const sourceExtra = runExtra(source, fromPath);
  if (source.config.conditional) throw new Error(`--from: ${fromPath} is a conditional run (${source.config.conditional.classes} classes); adapting a conditional generator is not supported yet, train the source with --no-conditional`);
  const scaler = runScaler(sourceExtra, fromPath);
  const spec: RunSpec = { data: normalizeDataSpec(f.string('data')!), n: f.number('n')!, seed: f.number('seed')! };
  if (f.has('label-column')) spec.labelColumn = parseLabelColumn(f.string('label-column')!);
  if (f.has('image-size')) spec.imageSize = imageSizeFor(spec.data, f.string('image-size')!, 'adapt');
  if (f.has('classes')) spec.classes = parseClassList(f.string('classes')!, 'adapt');
  const prep = prepareData(spec, scaler);
  const dim = prep.dataset.dim;
  if (dim !== sourceExtra.dataset.dim) throw new Error(`--data: the target has ${dim} columns but the source (${fromPath}) was trained on ${sourceExtra.dataset.dim}`);

  const config = adaptConfig(source.config, f);
  const srcG = source.section(Object.keys(source.section('generator_ema')).length > 0 ? 'generator_ema' : 'generator');
  const nets = adaptGan(
    {
      generator: () => loaded(buildConfigGenerator(source.config, dim, 0), srcG),
      discriminator: () => loaded(buildConfigDiscriminator(source.config, dim, 0), source.section('discriminator')),
    },
    mode,
    config.seed,
  );
  const sourceGenerator = loaded(buildConfigGenerator(source.config, dim, 0), srcG);
  const trainer = new GanTrainer(prep.scaled, config, nets);
  const pct = (100 * nets.trainable) / nets.total;
  mkdirSync(out, { recursive: true });
  const extra = { ...makeExtra(prep), adapt: { mode: formatAdaptMode(mode), from: fromPath } };
  writeFileSync(join(out, 'config.json'), `${JSON.stringify({ config, ...extra }, null, 2)}\n`);
  io.out.write(`lrgan adapt: ${formatAdaptMode(mode)} from ${fromPath} to ${prep.dataset.name}, ${prep.split.train.n} training and ${prep.split.heldOut.n} held-out examples → ${out}\n`);
  io.out.write(`trainable: ${nets.trainable} of ${nets.total} parameters (${pct.toFixed(1)}%)\n`);

  const total = f.number('steps')!;
  const progress = new ProgressBar(io.out, total, 0);
  const t0 = performance.now();
  trainer.train(total, (st) => progress.update(st.step, st.lossD, st.lossG));
  progress.finish();
  const seconds = (performance.now() - t0) / 1000;
  const source256 = sha256Hex(sourceBytes);
  writeFileAtomic(adapterPath, saveAdapterCheckpoint(trainer, mode, config.seed, { sha256: source256, file: fromPath }, extra));

  const count = f.number('eval-samples') ?? defaultEvalSamples(dim);
  const keep = config.sampling.jacobianKeep;
  const generated = scaler.inverse(Float32Array.from(trainer.sample(count, EVAL_SEED, { ema: true }).data));
  const before = scaler.inverse(Float32Array.from(sampleGenerator(sourceGenerator, config.latent.dim, count, EVAL_SEED, { keep }).data));
  const report = evaluateRun(generated, prep, EVAL_SEED);
  writePictures(out, prep.dataset.image, prep.split.train.x, prep.split.train.n, before, generated, dim, prep.dataset.name);
  writeFileSync(join(out, 'metrics.json'), `${JSON.stringify({
    run: { ...spec, dataset: prep.dataset.name, dim, out, from: fromPath, sourceSha256: source256 },
    adaptation: { mode: formatAdaptMode(mode), trainableParameters: nets.trainable, sourceParameters: nets.total, trainableFraction: nets.trainable / nets.total },
    training: { steps: trainer.stepCount, wallTimeSeconds: Math.round(seconds * 1000) / 1000, stepsPerSecond: Math.round((100 * trainer.stepCount) / Math.max(seconds, 1e-9)) / 100 },
    evaluation: { samples: count, seed: EVAL_SEED, ema: trainer.generatorEma !== null, jacobianKeep: keep },
    metrics: report,
  }, null, 2)}\n`);
  io.out.write(`adapted ${trainer.stepCount} steps in ${formatDuration(seconds)}\n`);
  io.out.write(`pictures: ${join(out, 'pairs.png')}   metrics: ${join(out, 'metrics.json')}   adapter: ${adapterPath}\n`);
  for (const line of formatReport(report, false)) io.out.write(`${line}\n`);
  return 0;
}

function loaded<M extends Module>(m: M, state: Record<string, Tensor>): M {
  m.loadStateDict(state);
  return m;
}

/** Images: a row of target examples, then rows of source samples and of adapted samples on the same latents; else two scatter plots side by side. */
function writePictures(out: string, image: ImageShape | undefined, train: Float64Array, trainN: number, before: Float32Array, after: Float32Array, dim: number, name: string): void {
  if (image !== undefined) {
    const c = PICTURE_COLUMNS;
    const rows = [train.subarray(0, Math.min(trainN, c) * dim), before.subarray(0, 2 * c * dim), after.subarray(0, 2 * c * dim)];
    const all = new Float32Array(5 * c * dim);
    rows.reduce((at, r) => {
      all.set(r, at);
      return at + (r === rows[0] ? c * dim : r.length);
    }, 0);
    writeFileSync(join(out, 'pairs.png'), encodePng(imageSamples(all, 5 * c, image, c)));
    return;
  }
  // scatterComparison draws its first set as the reference: here the source generator's samples.
  writeFileSync(join(out, 'pairs.png'), encodePng(scatterComparison(before, after, dim, `${name}: source samples vs adapted`)));
}

export const adaptCommand: Command = { spec: SPEC, run };
