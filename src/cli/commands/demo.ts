/** `lrgan demo` (npm start): a default few-shot run that finishes in about a minute. */
import type { CommandSpec, FlagSpec } from '../args.js';
import type { Command } from '../command.js';
import { runTrain } from './train.js';
import { TRAIN_FLAGS } from './trainFlags.js';

/**
 * The demo's choices: rank 4 on ring8 with n = 100 and the default config for 2-D data (lrG 2e-3, R1 γ = 0.1,
 * EMA samples, Jacobian-based truncation keeping 85% of latents). lrgan study (3 seeds, 16,000 steps): rank 4
 * covers 8/8 modes with 96% ± 5% high-quality samples, full rank 91% ± 3%.
 * 12,000 steps keep npm start near a minute: seed 1 gives 8/8 modes, 99.1% high quality, reverse KL 0.002,
 * NN ratio 0.94 in about 40–70 s here.
 */
const DEMO_DEFAULTS: Record<string, string | number> = { data: 'ring8', n: 100, rank: '4', steps: 12000, out: 'runs/demo' };

const flags: FlagSpec[] = TRAIN_FLAGS.map((f) => {
  const d = DEMO_DEFAULTS[f.name];
  if (d === undefined) return f;
  const { defaultText: _ignored, ...rest } = f;
  return { ...rest, default: d };
});

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'train --data ring8 --n 100 --rank 4 --steps 12000 --out runs/demo (about a minute)',
  synopsis: 'demo [train flags]',
  description:
    'A few-shot run with good defaults: 100 points of the 8-Gaussian ring, rank-4 layers.\n' +
    'Takes every flag of train (with the defaults below) and overwrites runs/demo.',
  flags,
  examples: ['lrgan demo', 'lrgan demo --rank full --out runs/demo-full'],
};

export const demoCommand: Command = { spec: SPEC, run: (f, io) => runTrain(f, io, { overwrite: true }) };
