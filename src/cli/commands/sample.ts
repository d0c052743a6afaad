/** `lrgan sample`: draw samples from a trained generator into a CSV file or a picture. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { encodePng } from '../../image/png.js';
import { type CommandSpec, type ParsedFlags, UsageError } from '../args.js';
import type { Command, Io } from '../command.js';
import { imageSamples, scatterSamples } from '../pictures.js';
import type { ColumnScaler } from '../../data/columnScaler.js';
import { type RunExtra, generateData, jacobianKeep, runScaler } from '../runCheckpoint.js';
import { loadRunGenerator } from '../runGenerator.js';
import { prepareData } from '../runData.js';
import { type NearestLabels, formatSampleCsv } from '../sampleCsv.js';
import { type ClassRequest, requestedLabels } from '../sampleClasses.js';

const SPEC: CommandSpec = {
  name: 'sample',
  summary: 'draw samples from a checkpoint into a CSV file (the data file\'s units) or a PNG',
  synopsis: 'sample --checkpoint PATH --out FILE.csv|FILE.png|DIR/ [--count N] [--class K | --classes balanced|K:N,...] [--seed N] [--no-ema]',
  description:
    'Writes --count samples of the generator: a CSV file or a PNG (a grid for image data, a scatter plot\n' +
    'of the first two columns otherwise). The CSV has the training file\'s column names (x1, x2, ... if it\n' +
    'had none) and its units (digits: pixels 0..16 as in its file; PNG folders: pixels 0..1); labelled\n' +
    "data gets a label column where the file had it: the class a conditional run was asked for (--class,\n" +
    '--classes; by default the training rows\' class mix), else the label of the nearest training example.',
  flags: [
    { name: 'checkpoint', kind: 'string', meta: 'PATH', required: true, help: 'checkpoint.safetensors written by lrgan train, or adapter.safetensors written by lrgan adapt' },
    { name: 'source', kind: 'string', meta: 'PATH', help: "an adapter's source checkpoint, when it has moved (default: where lrgan adapt read it)" },
    { name: 'out', kind: 'string', meta: 'FILE', required: true, help: 'output file, .csv or .png; image data: a folder (DIR/) gets one PNG per sample, in a subfolder per class for a conditional run' },
    { name: 'count', kind: 'positiveInt', meta: 'N', default: 1000, help: 'number of samples' },
    { name: 'within-range', kind: 'switch', help: "tables: clamp each column to the range of the run's training rows" },
    { name: 'class', kind: 'string', meta: 'K', help: 'conditional runs: every sample of class K (an index or a label name)' },
    { name: 'classes', kind: 'string', meta: 'SPEC', help: "conditional runs: 'balanced' (--count split evenly) or K:N pairs, e.g. 0:50,2:20 (--count is their sum)" },
    { name: 'seed', kind: 'int', meta: 'N', default: 1, help: 'seed of the latent vectors z' },
    { name: 'ema', kind: 'switch', default: true, help: 'use the moving-average generator when the run kept one (--no-ema: the trained weights)' },
    { name: 'jacobian-keep', kind: 'probability', meta: 'KEEP', defaultText: "the run's (1: off)", help: 'Jacobian-based truncation: the fraction of latents kept, dropping those where ‖∂G/∂z‖ is largest' },
  ],
  examples: [
    'lrgan sample --checkpoint runs/demo/checkpoint.safetensors --count 500 --out samples.csv',
    'lrgan sample --checkpoint runs/iris/checkpoint.safetensors --class virginica --count 100 --out virginica.csv',
    'lrgan sample --checkpoint runs/iris/checkpoint.safetensors --classes balanced --count 300 --out balanced.csv',
  ],
};

/** Old checkpoints do not store the file's scale; the built-in digits were always stored divided by 16. */
function fileScaleOf(extra: RunExtra): number {
  return extra.dataset.fileScale ?? (extra.run.data === 'digits' ? 16 : 1);
}

/** One PNG per sample (pixels in [0, 1], channels last) in `dir`, or in dir/<class>/ for a conditional run. */
function writePngFolder(dir: string, x: Float32Array, image: { height: number; width: number; channels: number }, classes: { labels: Int32Array; names: string[] } | null): void {
  const { height, width, channels } = image;
  const per = height * width * channels;
  const count = x.length / per;
  const digits = String(count - 1).length;
  for (let i = 0; i < count; i++) {
    const folder = classes === null ? dir : join(dir, classes.names[classes.labels[i]!]!.replace(/[\\/]/g, '_'));
    mkdirSync(folder, { recursive: true });
    const rgba = new Uint8ClampedArray(height * width * 4);
    for (let p = 0; p < height * width; p++) {
      for (let c = 0; c < 3; c++) rgba[4 * p + c] = Math.round(255 * x[i * per + p * channels + (channels === 1 ? 0 : c)]!);
      rgba[4 * p + 3] = 255;
    }
    writeFileSync(join(folder, `${String(i).padStart(digits, '0')}.png`), encodePng({ width, height, data: rgba }));
  }
}

/** x [count, dim] clamped column by column to the training rows' ranges stored in the checkpoint. */
function clampToRanges(x: Float32Array, dim: number, extra: RunExtra, path: string): void {
  const ranges = extra.dataset.ranges;
  if (ranges === undefined) throw new UsageError(`--within-range: ${path} stores no column ranges (image data, or a checkpoint written before ranges were kept)`, 'sample');
  for (let i = 0; i < x.length; i++) {
    const [lo, hi] = ranges[i % dim]!;
    x[i] = Math.min(hi, Math.max(lo, x[i]!));
  }
}

/** "versicolor 50, virginica 50": samples per class asked for. */
function classSummary(labels: Int32Array, names: readonly string[]): string {
  const counts = new Map<number, number>();
  for (const y of labels) counts.set(y, (counts.get(y) ?? 0) + 1);
  return [...counts].map(([k, m]) => `${names[k] ?? k} ${m}`).join(', ');
}

/** The label names of a run's classes, in index order ('0', '1', … when the data named none). */
function labelNames(extra: RunExtra): string[] {
  return extra.dataset.labelNames ?? Array.from({ length: extra.dataset.numClasses }, (_, c) => String(c));
}

/** The training examples and their labels, to label samples by; null (with a note) when the data cannot be read. */
function trainingLabels(extra: RunExtra, scaler: ColumnScaler, io: Io): NearestLabels | null {
  if (extra.dataset.labelColumn === undefined || extra.dataset.numClasses === 0) return null;
  try {
    const { train } = prepareData(extra.run, scaler).split;
    if (train.labels === null) return null;
    return { x: train.x, labels: train.labels, names: labelNames(extra) };
  } catch (e) {
    io.err.write(`note: samples are written without labels: the training data cannot be read (${(e as Error).message})\n`);
    return null;
  }
}

async function run(f: ParsedFlags, io: Io): Promise<number> {
  const out = f.string('out')!;
  const kind = extname(out).toLowerCase();
  const folderOut = kind === '' || out.endsWith('/');
  if (kind !== '.csv' && kind !== '.png' && !folderOut) throw new UsageError(`--out: expected a file name ending in .csv or .png, or a folder (image data), got '${out}'`, 'sample');
  const path = f.string('checkpoint')!;
  const { net, usedEma, latentDim, keep, extra, conditional } = loadRunGenerator(path, f.switch('ema'), f.string('source'));
  const scaler = runScaler(extra, path);
  const dim = extra.dataset.dim;
  const names = labelNames(extra);
  const req: ClassRequest = {};
  if (f.has('class')) req.one = f.string('class')!;
  if (f.has('classes')) req.several = f.string('classes')!;
  const labels = requestedLabels(req, f.number('count')!, conditional, names, 'sample');
  const count = labels?.length ?? f.number('count')!;
  const classes = conditional === undefined ? {} : { conditional, labels: labels! };
  const x = generateData(net, latentDim, count, f.number('seed')!, scaler, jacobianKeep(f, keep, 'sample'), classes);
  if (f.switch('within-range')) clampToRanges(x, dim, extra, path);
  if (folderOut) {
    const image = extra.dataset.image;
    if (image === undefined) throw new UsageError(`--out '${out}': a folder of PNGs needs image data; ${extra.dataset.name} is a table, write a .csv`, 'sample');
    writePngFolder(out, x, image, labels === undefined ? null : { labels, names });
  } else if (kind === '.csv') {
    const given = labels === undefined ? trainingLabels(extra, scaler, io) : { given: labels, names };
    writeFileSync(out, formatSampleCsv(x, count, extra.dataset, fileScaleOf(extra), given));
  } else {
    const image = extra.dataset.image;
    const picture = image
      ? imageSamples(x, count, image, Math.ceil(Math.sqrt(count)))
      : scatterSamples(x, dim, `${extra.dataset.name}: ${count} generated samples`);
    writeFileSync(out, encodePng(picture));
  }
  const perClass = labels === undefined ? '' : `; ${classSummary(labels, names)}`;
  io.out.write(`wrote ${count} samples (${usedEma ? 'moving-average generator' : 'trained generator'}, seed ${f.number('seed')}${perClass}) to ${out}\n`);
  return 0;
}

export const sampleCommand: Command = { spec: SPEC, run };
