/** The flags of `lrgan train`: the run's own (data, steps, output) and, from the settings table, the model's. */
import { DEFAULT_CATEGORY_TEMPERATURE, type GanConfig, defaultConfig } from '../../gan/config.js';
import { CONV_DEFAULT_STEPS, defaultConvConfig, prefersConv } from '../../gan/convDefaults.js';
import { conditionalFromCounts } from '../../gan/conditional.js';
import { type CommandSpec, type FlagSpec, type ParsedFlags, UsageError } from '../args.js';
import { rankProblem } from '../rankCheck.js';
import { type DataShape, SETTINGS, type Setting, inApplyOrder } from '../settings.js';
import { SettingError } from '../settingValues.js';
import { PRIVACY_FLAGS, applyPrivacy, privacyFromFlags } from '../privacyFlags.js';

export type { DataShape } from '../settings.js';

/** A settings row as a flag: switches take no value, the rest are text that the row parses. */
function settingFlag(s: Setting & { flag: string }): FlagSpec {
  const flag: FlagSpec = { name: s.flag, kind: s.isSwitch ? 'switch' : 'string', group: s.group, help: s.help };
  if (!s.isSwitch) flag.meta = s.meta ?? s.expected.replace(/^one of /, '').replace(/, /g, '|');
  if (s.defaultText !== null) flag.defaultText = s.defaultText;
  return flag;
}

const SETTING_ROWS = SETTINGS.filter((s): s is Setting & { flag: string } => s.flag !== null);

/** Generator updates of the MLP networks when --steps is not given. */
export const MLP_DEFAULT_STEPS = 3000;

export const TRAIN_FLAGS: readonly FlagSpec[] = [
  { name: 'data', kind: 'string', meta: 'SPEC', group: 'Data', defaultText: 'none, required unless --resume', help: 'ring8, grid25, digits, mnist, fashion, a .csv/.csv.gz file or a folder of PNG images' },
  { name: 'n', kind: 'positiveInt', meta: 'N', default: 100, group: 'Data', help: 'training examples (the few shots); the rest of the data is held out for evaluation' },
  { name: 'held-out', kind: 'positiveInt', meta: 'N', defaultText: 'min(rest, max(n, 500))', group: 'Data', help: 'held-out examples for the metrics' },
  { name: 'label-column', kind: 'string', meta: 'COL', group: 'Data', help: 'CSV: class-label column, 0-based index (-1 = last) or header name; excluded from the features' },
  { name: 'classes', kind: 'string', meta: 'LIST', group: 'Data', help: 'only these classes of a labelled data set (label indices, e.g. 0-6 or 0,2,5), renumbered from 0: e.g. a transfer source' },
  { name: 'categorical', kind: 'string', meta: 'COLS', group: 'Data', help: 'CSV: feature columns read as categories (comma-separated indices or header names, e.g. codes); a column that holds only text is categorical anyway' },
  { name: 'normalize', kind: 'string', meta: 'minmax|quantile', default: 'minmax', group: 'Data', help: "tables: map each number column onto [-1, 1] by its training min and max, or by its training quantiles (for skewed and multi-modal columns)" },
  { name: 'image-size', kind: 'string', meta: 'HxW', group: 'Data', help: 'a folder of PNGs: resize every image to this size (28 or 28x28; area averaging down, bilinear up), so the folder may mix sizes' },
  { name: 'seed', kind: 'count', meta: 'N', default: 1, group: 'Data', help: 'seed of the split, generated data, initialization and training' },

  ...SETTING_ROWS.map(settingFlag),
  ...PRIVACY_FLAGS,
  { name: 'steps', kind: 'positiveInt', meta: 'N', defaultText: `${MLP_DEFAULT_STEPS}; ${CONV_DEFAULT_STEPS} for convolutional networks`, group: 'Training', help: 'generator updates in total (with --resume: the new total, which must not be below the steps done)' },
  { name: 'out', kind: 'string', meta: 'DIR', defaultText: 'runs/<data>-n<N>-<rank>-s<seed>[-classes<LIST>]', group: 'Output', help: 'folder for samples.png, loss.png, metrics.json, config.json, checkpoint.safetensors' },
  { name: 'checkpoint-every', kind: 'count', meta: 'N', default: 500, group: 'Output', help: 'save the checkpoint every N steps (0: only at the end)' },
  { name: 'eval-samples', kind: 'positiveInt', meta: 'N', defaultText: '2500 for data of ≤ 4 columns, else 1000', group: 'Output', help: 'generated samples behind the metrics' },
  { name: 'resume', kind: 'switch', group: 'Output', help: 'continue the run saved in --out up to --steps, exactly as if it had not stopped' },
  { name: 'force', kind: 'switch', group: 'Output', help: 'overwrite the outputs of an earlier run in --out' },
];

/** Flags that define the data and split (stored in the checkpoint's run spec). */
export const RUN_FLAGS = ['data', 'n', 'held-out', 'label-column', 'classes', 'categorical', 'normalize', 'image-size', 'seed'] as const;

/** Flags that change the GanConfig: every settings row with a flag. */
export const CONFIG_FLAGS: readonly string[] = SETTING_ROWS.map((s) => s.flag);

export const TRAIN_COMMAND: CommandSpec = {
  name: 'train',
  summary: 'train a GAN on a few examples; writes pictures, metrics and a checkpoint',
  synopsis: 'train --data SPEC [--n N] [--rank R] [--steps N] [--out DIR] [flags]',
  description:
    'Trains a generator and a discriminator (convolutional on images of at least 16×16 pixels such as mnist and\n' +
    'fashion, MLPs otherwise; see --arch; optionally low-rank) on --n examples of the data set and\n' +
    'evaluates the generator against held-out examples. Data is scaled to [-1, 1] for training; samples,\n' +
    'metrics and CSV output are in the original units.',
  flags: TRAIN_FLAGS,
  examples: [
    'lrgan train --data ring8 --n 100 --rank 4 --steps 8000 --out runs/ring8-r4',
    'lrgan train --data mnist --n 100 --steps 1500 --out runs/mnist',
    'lrgan train --data digits --n 200 --rank 16 --augment image --ada --out runs/digits',
    'lrgan train --data points.csv --label-column species --n 50 --out runs/points',
    'lrgan train --data photos/ --image-size 32x32 --n 40 --out runs/photos',
    'lrgan train --out runs/ring8-r4 --steps 12000 --resume',
  ],
};

/** Applies every settings flag that has a value to `c` (in place, in the table's order). */
export function applyConfigFlags(c: GanConfig, f: ParsedFlags, data: DataShape): void {
  if (f.has('seed')) c.seed = f.number('seed')!;
  for (const s of inApplyOrder(SETTING_ROWS, (r) => r)) {
    if (!f.has(s.flag)) continue;
    const isSwitch = s.isSwitch;
    const text = isSwitch ? String(f.switch(s.flag)) : f.string(s.flag)!;
    try {
      if (isSwitch) {
        if (f.switch(s.flag)) s.turnOn(c, data);
        else s.turnOff(c);
      } else {
        s.set(c, text, data);
      }
    } catch (e) {
      if (!(e instanceof SettingError)) throw e;
      throw new UsageError(`--${s.flag}: expected ${e.message}${isSwitch ? '' : `, got '${text}'`}`, 'train');
    }
  }
}

/** The rank flags given, for naming them in an error. */
function rankFlags(f: ParsedFlags): string {
  const given = ['rank', 'rank-d', 'rank-out', 'hidden', 'hidden-d'].filter((k) => f.has(k)).map((k) => `--${k} ${f.string(k)}`);
  return given.join(' ') || '--rank';
}

/**
 * The config of a new run: defaultConfig for the data's width (conditional when `defaults.conditional`
 * and the data has classes; images with a projection D), then the flags; ranks checked against the layers.
 */
export function configFromFlags(f: ParsedFlags, data: DataShape, defaults: { conditional?: boolean; rows?: number } = {}): GanConfig {
  const arch = f.string('arch') ?? (prefersConv(data.image) ? 'conv' : 'mlp');
  const c = arch === 'conv' && data.image !== undefined ? defaultConvConfig(data.image, data.fill) : defaultConfig(data.dim);
  if (defaults.conditional === true && data.classCounts !== undefined && data.classCounts.length >= 2) {
    c.conditional = conditionalFromCounts(data.classCounts, data.image ? 'projection' : 'concat');
  }
  if (data.categoryBlocks !== undefined && data.categoryBlocks.length > 0) c.categorical = { blocks: data.categoryBlocks, temperature: DEFAULT_CATEGORY_TEMPERATURE };
  applyConfigFlags(c, f, data);
  const problem = rankProblem(c, data.dim);
  if (problem !== null) throw new UsageError(`${rankFlags(f)}: ${problem}`, 'train');
  c.optimizer.totalSteps = stepsOf(f, c);
  const privacy = privacyFromFlags(f, c, defaults.rows ?? Infinity, c.optimizer.totalSteps);
  if (privacy !== undefined) applyPrivacy(c, privacy, f);
  return c;
}

/** --steps, or its default for the run's networks (convolutional steps cost more). */
export function stepsOf(f: ParsedFlags, config: GanConfig): number {
  return f.number('steps') ?? (config.conv ? CONV_DEFAULT_STEPS : MLP_DEFAULT_STEPS);
}

/** A default --out: runs/<data>-n<N>-<rank>-s<seed>, and -classes<LIST> for a run on some classes. */
export function defaultOutDir(dataName: string, f: ParsedFlags): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9_.-]/g, '_');
  const rank = f.string('rank') ?? 'full';
  const tag = rank === 'full' ? 'full' : `r${rank.replace(/,/g, '-')}`;
  const classes = f.has('classes') ? `-classes${safe(f.string('classes')!)}` : '';
  return `runs/${safe(dataName)}-n${f.number('n')}-${tag}-s${f.number('seed')}${classes}`;
}
