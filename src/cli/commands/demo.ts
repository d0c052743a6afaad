/** `lrgan demo` (npm start): a default few-shot run that finishes in about a minute. */
import type { CommandSpec, FlagSpec } from '../args.js';
import type { Command } from '../command.js';
import { runTrain } from './train.js';
import { TRAIN_FLAGS } from './trainFlags.js';

/** The demo's choices: rank 4 on ring8 with n = 100 and the 2-D defaults; what they give: README "The `lrgan` command". */
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
