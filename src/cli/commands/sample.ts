/** `lrgan sample`: draw samples from a trained generator into a CSV file or a picture. */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { encodePng } from '../../image/png.js';
import { type CommandSpec, type ParsedFlags, UsageError } from '../args.js';
import type { Command, Io } from '../command.js';
import { imageSamples, scatterSamples } from '../pictures.js';
import { generateData, jacobianKeep, runScaler } from '../runCheckpoint.js';
import { loadRunGenerator } from '../runGenerator.js';

const SPEC: CommandSpec = {
  name: 'sample',
  summary: 'draw samples from a checkpoint into a CSV file (data units) or a PNG',
  synopsis: 'sample --checkpoint PATH --out FILE.csv|FILE.png [--count N] [--seed N] [--no-ema]',
  description:
    'Writes --count samples of the generator in the units of the training data: a CSV file with a header,\n' +
    'or a PNG (a grid for image data, a scatter plot of the first two columns otherwise).',
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

/** Shortest decimal that reads back as the same float32. */
function float32Text(v: number): string {
  for (let p = 6; p < 9; p++) {
    const t = v.toPrecision(p);
    if (Math.fround(Number(t)) === v) return String(Number(t));
  }
  return String(v);
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
    const lines = [Array.from({ length: dim }, (_, j) => `x${j + 1}`).join(',')];
    for (let r = 0; r < count; r++) {
      const row: string[] = new Array(dim);
      for (let j = 0; j < dim; j++) row[j] = float32Text(x[r * dim + j]!);
      lines.push(row.join(','));
    }
    writeFileSync(out, `${lines.join('\n')}\n`);
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
