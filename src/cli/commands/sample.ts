/** `lrgan sample`: draw samples from a trained generator into a CSV file or a picture. */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { encodePng } from '../../image/png.js';
import { type CommandSpec, type ParsedFlags, UsageError } from '../args.js';
import type { Command, Io } from '../command.js';
import { imageSamples, scatterSamples } from '../pictures.js';
import type { Scaler } from '../../data/scaler.js';
import { type RunExtra, generateData, jacobianKeep, runScaler } from '../runCheckpoint.js';
import { loadRunGenerator } from '../runGenerator.js';
import { prepareData } from '../runData.js';
import { type NearestLabels, formatSampleCsv } from '../sampleCsv.js';

const SPEC: CommandSpec = {
  name: 'sample',
  summary: 'draw samples from a checkpoint into a CSV file (the data file\'s units) or a PNG',
  synopsis: 'sample --checkpoint PATH --out FILE.csv|FILE.png [--count N] [--seed N] [--no-ema]',
  description:
    'Writes --count samples of the generator: a CSV file or a PNG (a grid for image data, a scatter plot\n' +
    'of the first two columns otherwise). The CSV has the training file\'s column names (x1, x2, ... if it\n' +
    'had none) and its units (digits: pixels 0..16 as in its file; PNG folders: pixels 0..1); labelled\n' +
    "data gets a label column where the file had it, each sample labelled by its nearest training example.",
  flags: [
    { name: 'checkpoint', kind: 'string', meta: 'PATH', required: true, help: 'checkpoint.safetensors written by lrgan train, or adapter.safetensors written by lrgan adapt' },
    { name: 'source', kind: 'string', meta: 'PATH', help: "an adapter's source checkpoint, when it has moved (default: where lrgan adapt read it)" },
    { name: 'out', kind: 'string', meta: 'FILE', required: true, help: 'output file, .csv or .png' },
    { name: 'count', kind: 'positiveInt', meta: 'N', default: 1000, help: 'number of samples' },
    { name: 'seed', kind: 'int', meta: 'N', default: 1, help: 'seed of the latent vectors z' },
    { name: 'ema', kind: 'switch', default: true, help: 'use the moving-average generator when the run kept one (--no-ema: the trained weights)' },
    { name: 'jacobian-keep', kind: 'probability', meta: 'KEEP', defaultText: "the run's (1: off)", help: 'Jacobian-based truncation: the fraction of latents kept, dropping those where ‖∂G/∂z‖ is largest' },
  ],
  examples: ['lrgan sample --checkpoint runs/demo/checkpoint.safetensors --count 500 --out samples.csv'],
};

/** Old checkpoints do not store the file's scale; the built-in digits were always stored divided by 16. */
function fileScaleOf(extra: RunExtra): number {
  return extra.dataset.fileScale ?? (extra.run.data === 'digits' ? 16 : 1);
}

/** The training examples and their labels, to label samples by; null (with a note) when the data cannot be read. */
function trainingLabels(extra: RunExtra, scaler: Scaler, io: Io): NearestLabels | null {
  if (extra.dataset.labelColumn === undefined || extra.dataset.numClasses === 0) return null;
  try {
    const { train } = prepareData(extra.run, scaler).split;
    if (train.labels === null) return null;
    return { x: train.x, labels: train.labels, names: extra.dataset.labelNames ?? Array.from({ length: extra.dataset.numClasses }, (_, c) => String(c)) };
  } catch (e) {
    io.err.write(`note: samples are written without labels: the training data cannot be read (${(e as Error).message})\n`);
    return null;
  }
}

async function run(f: ParsedFlags, io: Io): Promise<number> {
  const out = f.string('out')!;
  const kind = extname(out).toLowerCase();
  if (kind !== '.csv' && kind !== '.png') throw new UsageError(`--out: expected a file name ending in .csv or .png, got '${out}'`, 'sample');
  const path = f.string('checkpoint')!;
  const { net, usedEma, latentDim, keep, extra } = loadRunGenerator(path, f.switch('ema'), f.string('source'));
  const scaler = runScaler(extra, path);
  const dim = extra.dataset.dim;
  const count = f.number('count')!;
  const x = generateData(net, latentDim, count, f.number('seed')!, scaler, jacobianKeep(f, keep, 'sample'));
  if (kind === '.csv') {
    writeFileSync(out, formatSampleCsv(x, count, extra.dataset, fileScaleOf(extra), trainingLabels(extra, scaler, io)));
  } else {
    const image = extra.dataset.image;
    const picture = image
      ? imageSamples(x, count, image, Math.ceil(Math.sqrt(count)))
      : scatterSamples(x, dim, `${extra.dataset.name}: ${count} generated samples`);
    writeFileSync(out, encodePng(picture));
  }
  io.out.write(`wrote ${count} samples (${usedEma ? 'moving-average generator' : 'trained generator'}, seed ${f.number('seed')}) to ${out}\n`);
  return 0;
}

export const sampleCommand: Command = { spec: SPEC, run };
