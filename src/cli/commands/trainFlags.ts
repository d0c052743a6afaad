/** The flags of `lrgan train` and how they turn into a GanConfig. */
import type { ImageShape } from '../../data/dataset.js';
import { type GanConfig, defaultConfig } from '../../gan/config.js';
import type { LayerRank } from '../../gan/model.js';
import { type CommandSpec, type FlagSpec, type ParsedFlags, UsageError } from '../args.js';

const SMALL = defaultConfig(2);
const LARGE = defaultConfig(64);
const byDim = (f: (c: GanConfig) => string): string => {
  const a = f(SMALL);
  const b = f(LARGE);
  return a === b ? a : `${a} for data of ≤ 4 columns, else ${b}`;
};

/** ADA's controller settings besides the target (Karras et al. 2020 adjust p every 4 minibatches). */
export const ADA_INTERVAL = 4;
export const ADA_RAMP_STEPS = 1000;
export const ADA_MAX_P = 0.8;
/** DiffAugment's translation and cutout fractions (Zhao et al. 2020). */
export const IMAGE_TRANSLATION = 0.125;
export const IMAGE_CUTOUT = 0.5;

export const TRAIN_FLAGS: readonly FlagSpec[] = [
  { name: 'data', kind: 'string', meta: 'SPEC', group: 'Data', defaultText: 'none, required unless --resume', help: 'ring8, grid25, digits, a .csv/.csv.gz file or a folder of PNG images' },
  { name: 'n', kind: 'positiveInt', meta: 'N', default: 100, group: 'Data', help: 'training examples (the few shots); the rest of the data is held out for evaluation' },
  { name: 'held-out', kind: 'positiveInt', meta: 'N', defaultText: 'min(rest, max(n, 500))', group: 'Data', help: 'held-out examples for the metrics' },
  { name: 'label-column', kind: 'string', meta: 'COL', group: 'Data', help: 'CSV: class-label column, 0-based index (-1 = last) or header name; excluded from the features' },
  { name: 'seed', kind: 'int', meta: 'N', default: 1, group: 'Data', help: 'seed of the split, generated data, initialization and training' },

  { name: 'rank', kind: 'string', meta: 'R', defaultText: 'full', group: 'Model', help: "rank of every layer of G and D: an integer, 'full', or one per layer, input side first (8,8,full)" },
  { name: 'rank-d', kind: 'string', meta: 'R', defaultText: 'same as --rank', group: 'Model', help: "the discriminator's ranks, when they should differ from the generator's" },
  { name: 'hidden', kind: 'string', meta: 'LIST', defaultText: byDim((c) => c.generator.hidden.join(',')), group: 'Model', help: 'hidden layer widths of G and D' },
  { name: 'latent', kind: 'positiveInt', meta: 'N', defaultText: byDim((c) => String(c.latentDim)), group: 'Model', help: 'latent dimension of the generator input z' },
  { name: 'latent-mixture', kind: 'count', meta: 'K', defaultText: byDim((c) => String(c.generator.latentComponents ?? 0)), group: 'Model', help: 'a learned K-component Gaussian-mixture latent (DeLiGAN) instead of N(0, I) (0: off)' },
  { name: 'output', kind: 'choice', choices: ['tanh', 'linear'], defaultText: byDim((c) => c.generator.output), group: 'Model', help: "the generator's output layer (data is scaled to [-1, 1])" },
  { name: 'spectral-norm', kind: 'switch', group: 'Model', help: 'spectral normalization of the discriminator layers (Miyato et al. 2018)' },
  { name: 'dropout', kind: 'probability', meta: 'P', defaultText: byDim((c) => String(c.discriminator.dropout ?? 0)), group: 'Model', help: 'dropout after each hidden layer of the discriminator' },

  { name: 'steps', kind: 'positiveInt', meta: 'N', default: 3000, group: 'Training', help: 'generator updates in total (with --resume: the new total)' },
  { name: 'batch', kind: 'positiveInt', meta: 'N', defaultText: byDim((c) => String(c.batchSize)), group: 'Training', help: 'batch size' },
  { name: 'lr', kind: 'positive', meta: 'X', defaultText: byDim((c) => (c.lrG === c.lrD ? String(c.lrG) : `G ${c.lrG}, D ${c.lrD}`)), group: 'Training', help: 'Adam learning rate of both networks' },
  { name: 'lr-g', kind: 'positive', meta: 'X', defaultText: '--lr', group: 'Training', help: "the generator's learning rate" },
  { name: 'lr-d', kind: 'positive', meta: 'X', defaultText: '--lr', group: 'Training', help: "the discriminator's learning rate" },
  { name: 'lr-schedule', kind: 'choice', choices: ['constant', 'linear', 'cosine'], defaultText: byDim((c) => c.lrSchedule), group: 'Training', help: 'learning rate over the run: constant, or a linear or cosine decay to 0 after --lr-decay-start' },
  { name: 'lr-decay-start', kind: 'probability', meta: 'F', defaultText: byDim((c) => String(c.lrDecayStart)), group: 'Training', help: 'fraction of --steps at the full learning rate before the decay (< 1)' },
  { name: 'd-steps', kind: 'positiveInt', meta: 'N', defaultText: byDim((c) => String(c.dSteps)), group: 'Training', help: 'discriminator updates per generator update' },

  { name: 'augment', kind: 'choice', choices: ['none', 'noise', 'image'], defaultText: byDim((c) => c.augment.kind), group: 'Few-shot techniques', help: 'differentiable augmentation of real and fake samples: Gaussian noise, or translation + cutout for images' },
  { name: 'augment-p', kind: 'probability', meta: 'P', defaultText: byDim((c) => String(c.augmentP)), group: 'Few-shot techniques', help: 'probability of augmenting each sample (0 turns augmentation off unless --ada raises it)' },
  { name: 'noise-std', kind: 'positive', meta: 'X', defaultText: '0.02', group: 'Few-shot techniques', help: 'std of the noise of --augment noise, in the model range [-1, 1]' },
  { name: 'ada', kind: 'switch', group: 'Few-shot techniques', help: `adaptive augmentation (ADA): adjust p every ${ADA_INTERVAL} steps to hold E[sign D(real)] at --ada-target` },
  { name: 'ada-target', kind: 'probability', meta: 'X', defaultText: '0.6', group: 'Few-shot techniques', help: "ADA's overfitting target" },
  { name: 'r1', kind: 'nonNegative', meta: 'GAMMA', defaultText: byDim((c) => String(c.r1Gamma)), group: 'Few-shot techniques', help: 'R1 gradient penalty weight on real data (0: off)' },
  { name: 'lecam', kind: 'nonNegative', meta: 'LAMBDA', defaultText: byDim((c) => String(c.lecam)), group: 'Few-shot techniques', help: 'LeCam regularization weight (0: off)' },
  { name: 'ema', kind: 'probability', meta: 'BETA', defaultText: byDim((c) => String(c.emaDecay)), group: 'Few-shot techniques', help: 'decay of the moving average of the generator weights used for samples, < 1 (0: off)' },
  { name: 'latent-std-penalty', kind: 'nonNegative', meta: 'X', defaultText: byDim((c) => String(c.latentStdPenalty)), group: 'Few-shot techniques', help: "weight of mean((1 − σ)²) over the mixture latent's std (DeLiGAN)" },
  { name: 'top-k', kind: 'probability', meta: 'NU', defaultText: byDim((c) => String(c.topKKeep)), group: 'Few-shot techniques', help: 'top-k generator updates (Sinha et al. 2020): the smallest fraction of each batch, scored best by D, that the generator learns from (1: off)' },
  { name: 'top-k-decay', kind: 'probability', meta: 'GAMMA', defaultText: byDim((c) => String(c.topKDecay)), group: 'Few-shot techniques', help: 'top-k: factor by which the kept fraction falls every 100 steps, from 1 down to --top-k' },
  { name: 'jacobian-keep', kind: 'probability', meta: 'KEEP', defaultText: byDim((c) => String(c.jacobianKeep)), group: 'Few-shot techniques', help: "sampling: Jacobian-based truncation (Tanielian et al. 2020) keeps this fraction of latents, dropping those where ‖∂G/∂z‖ is largest, which land between modes (1: off)" },
  { name: 'l1', kind: 'nonNegative', meta: 'X', defaultText: String(SMALL.l1), group: 'Few-shot techniques', help: 'L1 weight penalty' },
  { name: 'l2', kind: 'nonNegative', meta: 'X', defaultText: String(SMALL.l2), group: 'Few-shot techniques', help: 'L2 weight penalty' },
  { name: 'factor-penalty', kind: 'nonNegative', meta: 'X', defaultText: String(SMALL.factorPenalty), group: 'Few-shot techniques', help: 'weight of ½(‖U‖² + ‖V‖²) over low-rank layers (a nuclear-norm bound)' },

  { name: 'out', kind: 'string', meta: 'DIR', defaultText: 'runs/<data>-n<N>-<rank>-s<seed>', group: 'Output', help: 'folder for samples.png, loss.png, metrics.json, config.json, checkpoint.safetensors' },
  { name: 'checkpoint-every', kind: 'count', meta: 'N', default: 500, group: 'Output', help: 'save the checkpoint every N steps (0: only at the end)' },
  { name: 'eval-samples', kind: 'positiveInt', meta: 'N', defaultText: '2500 for data of ≤ 4 columns, else 1000', group: 'Output', help: 'generated samples behind the metrics' },
  { name: 'resume', kind: 'switch', group: 'Output', help: 'continue the run saved in --out up to --steps, exactly as if it had not stopped' },
  { name: 'force', kind: 'switch', group: 'Output', help: 'overwrite the outputs of an earlier run in --out' },
];

/** Flags that define the data and split (stored in the checkpoint's run spec). */
export const RUN_FLAGS = ['data', 'n', 'held-out', 'label-column', 'seed'] as const;

/** Flags that change the GanConfig. */
export const CONFIG_FLAGS = [
  'rank', 'rank-d', 'hidden', 'latent', 'output', 'spectral-norm', 'dropout', 'batch', 'lr', 'lr-g', 'lr-d', 'lr-schedule', 'lr-decay-start', 'd-steps',
  'augment', 'augment-p', 'noise-std', 'ada', 'ada-target', 'r1', 'lecam', 'ema', 'l1', 'l2', 'factor-penalty',
  'latent-mixture', 'latent-std-penalty', 'top-k', 'top-k-decay', 'jacobian-keep',
] as const;

export const TRAIN_COMMAND: CommandSpec = {
  name: 'train',
  summary: 'train a GAN on a few examples; writes pictures, metrics and a checkpoint',
  synopsis: 'train --data SPEC [--n N] [--rank R] [--steps N] [--out DIR] [flags]',
  description:
    'Trains a generator and a discriminator (MLPs, optionally low-rank) on --n examples of the data set and\n' +
    'evaluates the generator against held-out examples. Data is scaled to [-1, 1] for training; samples,\n' +
    'metrics and CSV output are in the original units.',
  flags: TRAIN_FLAGS,
  examples: [
    'lrgan train --data ring8 --n 100 --rank 4 --steps 8000 --out runs/ring8-r4',
    'lrgan train --data digits --n 200 --rank 16 --augment image --ada --out runs/digits',
    'lrgan train --data points.csv --label-column species --n 50 --out runs/points',
    'lrgan train --out runs/ring8-r4 --steps 12000 --resume',
  ],
};

/** "8" → 8, "full" → 'full', "8,8,full" → [8, 8, 'full']. */
export function parseRank(text: string, flag: string): LayerRank | LayerRank[] {
  const one = (t: string): LayerRank => {
    if (t === 'full') return 'full';
    if (/^\d+$/.test(t) && Number(t) >= 1) return Number(t);
    throw new UsageError(`--${flag}: expected a positive integer, 'full' or a comma list like 8,8,full, got '${text}'`, 'train');
  };
  const parts = text.split(',').map((s) => s.trim());
  return parts.length === 1 ? one(parts[0]!) : parts.map(one);
}

export function parseHidden(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (!parts.every((p) => /^\d+$/.test(p) && Number(p) >= 1)) {
    throw new UsageError(`--hidden: expected positive integers separated by commas (e.g. 128,128), got '${text}'`, 'train');
  }
  return parts.map(Number);
}

export interface DataShape {
  dim: number;
  image?: ImageShape;
  /** Model-space value of a black pixel (image augmentation fill). */
  fill: number;
  name: string;
}

/** Applies every flag that has a value to `c` (in place), then checks what depends on several flags. */
export function applyConfigFlags(c: GanConfig, f: ParsedFlags, data: DataShape): void {
  const num = (name: string): number | undefined => f.number(name);
  if (f.has('seed')) c.seed = num('seed')!;
  if (f.has('hidden')) {
    const h = parseHidden(f.string('hidden')!);
    c.generator.hidden = h;
    c.discriminator.hidden = [...h];
  }
  if (f.has('latent')) c.latentDim = num('latent')!;
  if (f.has('latent-mixture')) c.generator = { ...c.generator, latentComponents: num('latent-mixture')! };
  if (f.has('latent-std-penalty')) c.latentStdPenalty = num('latent-std-penalty')!;
  if (f.has('rank')) {
    c.generator.rank = parseRank(f.string('rank')!, 'rank');
    if (!f.has('rank-d')) c.discriminator.rank = parseRank(f.string('rank')!, 'rank');
  }
  if (f.has('rank-d')) c.discriminator.rank = parseRank(f.string('rank-d')!, 'rank-d');
  if (f.has('output')) c.generator.output = f.string('output') === 'linear' ? 'linear' : 'tanh';
  if (f.has('spectral-norm')) c.discriminator.spectralNorm = f.switch('spectral-norm');
  if (f.has('dropout')) {
    if (num('dropout')! >= 1) throw new UsageError(`--dropout: expected a number in [0, 1), got ${num('dropout')}`, 'train');
    c.discriminator.dropout = num('dropout')!;
  }
  if (f.has('batch')) c.batchSize = num('batch')!;
  if (f.has('lr')) c.lrG = c.lrD = num('lr')!;
  if (f.has('lr-g')) c.lrG = num('lr-g')!;
  if (f.has('lr-d')) c.lrD = num('lr-d')!;
  if (f.has('lr-schedule')) c.lrSchedule = f.string('lr-schedule') as GanConfig['lrSchedule'];
  if (f.has('lr-decay-start')) {
    if (num('lr-decay-start')! >= 1) throw new UsageError(`--lr-decay-start: expected a fraction in [0, 1), got ${num('lr-decay-start')}`, 'train');
    c.lrDecayStart = num('lr-decay-start')!;
  }
  if (f.has('d-steps')) c.dSteps = num('d-steps')!;
  applyAugment(c, f, data);
  if (f.has('augment-p')) c.augmentP = num('augment-p')!;
  if (f.has('ada')) {
    c.adaptive = f.switch('ada') ? { target: num('ada-target') ?? 0.6, interval: ADA_INTERVAL, rampSteps: ADA_RAMP_STEPS, maxP: ADA_MAX_P } : null;
  } else if (f.has('ada-target')) {
    if (c.adaptive === null) throw new UsageError('--ada-target only applies with --ada', 'train');
    c.adaptive = { ...c.adaptive, target: num('ada-target')! };
  }
  if (f.has('r1')) c.r1Gamma = num('r1')!;
  if (f.has('lecam')) c.lecam = num('lecam')!;
  if (f.has('ema')) {
    if (num('ema')! >= 1) throw new UsageError(`--ema: expected a decay in [0, 1), got ${num('ema')}`, 'train');
    c.emaDecay = num('ema')!;
  }
  for (const [flag, key] of [['top-k', 'topKKeep'], ['top-k-decay', 'topKDecay'], ['jacobian-keep', 'jacobianKeep']] as const) {
    if (!f.has(flag)) continue;
    if (num(flag)! <= 0) throw new UsageError(`--${flag}: expected a number in (0, 1], got ${num(flag)}`, 'train');
    c[key] = num(flag)!;
  }
  if (f.has('l1')) c.l1 = num('l1')!;
  if (f.has('l2')) c.l2 = num('l2')!;
  if (f.has('factor-penalty')) c.factorPenalty = num('factor-penalty')!;
  checkRankLists(c);
}

function applyAugment(c: GanConfig, f: ParsedFlags, data: DataShape): void {
  const kind = f.has('augment') ? f.string('augment')! : c.augment.kind;
  if (kind === 'none') {
    if (f.has('noise-std')) throw new UsageError('--noise-std only applies with --augment noise', 'train');
    c.augment = { kind: 'none' };
  } else if (kind === 'noise') {
    const std = f.number('noise-std') ?? (c.augment.kind === 'noise' ? c.augment.std : 0.02);
    c.augment = { kind: 'noise', std };
  } else {
    if (f.has('noise-std')) throw new UsageError('--noise-std only applies with --augment noise', 'train');
    const img = data.image;
    if (img === undefined) {
      throw new UsageError(`--augment image needs image data (digits or a folder of PNGs); ${data.name} has ${data.dim} plain columns`, 'train');
    }
    c.augment = { kind: 'image', height: img.height, width: img.width, channels: img.channels, translation: IMAGE_TRANSLATION, cutout: IMAGE_CUTOUT, fill: data.fill };
  }
}

function checkRankLists(c: GanConfig): void {
  for (const [net, flag] of [[c.generator, 'rank'], [c.discriminator, 'rank-d']] as const) {
    const layers = net.hidden.length + 1;
    if (Array.isArray(net.rank) && net.rank.length !== layers) {
      throw new UsageError(
        `--${flag}: ${net.rank.length} ranks given, but --hidden ${net.hidden.join(',')} makes ${layers} layers (${net.hidden.length} hidden + output)`,
        'train',
      );
    }
  }
}

/** The config of a new run: defaultConfig for the data's width, then the flags. */
export function configFromFlags(f: ParsedFlags, data: DataShape): GanConfig {
  const c = defaultConfig(data.dim);
  // defaultConfig shares nothing mutable between calls except these nested objects: copy before editing.
  c.generator = { ...c.generator, hidden: [...c.generator.hidden] };
  c.discriminator = { ...c.discriminator, hidden: [...c.discriminator.hidden] };
  applyConfigFlags(c, f, data);
  c.totalSteps = f.number('steps')!;
  return c;
}

/** A default --out: runs/<data>-n<N>-<rank>-s<seed>. */
export function defaultOutDir(dataName: string, f: ParsedFlags): string {
  const rank = f.string('rank') ?? 'full';
  const tag = rank === 'full' ? 'full' : `r${rank.replace(/,/g, '-')}`;
  return `runs/${dataName.replace(/[^A-Za-z0-9_.-]/g, '_')}-n${f.number('n')}-${tag}-s${f.number('seed')}`;
}
