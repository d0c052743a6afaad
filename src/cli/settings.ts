/**
 * The one table of settings a user can change: `lrgan train`'s flags and the edits of a study's model
 * names (`r16+ada+lrg=1e-3`) are both generated from it, and so are their help texts. One row: the flag
 * name, the study name, the kind of value (which carries its range), the help, the default as help
 * shows it (read from defaultConfig) and how the value lands in a GanConfig. Rows apply in table order
 * (`late` rows after the others), so `--lr` comes before `--lr-g` and ranks after widths.
 * Adding a setting is adding a row.
 */
import type { ImageShape } from '../data/dataset.js';
import { DEFAULT_CATEGORY_TEMPERATURE, type GanConfig, defaultConfig } from '../gan/config.js';
import { CONV_MIN_SIDE, defaultConvArchitecture, setConvRank } from '../gan/convDefaults.js';
import { conditionalFromCounts } from '../gan/conditional.js';
import { LR_SCHEDULES } from '../gan/lrSchedule.js';
import type { LayerRank } from '../gan/model.js';
import type { OneHotBlock } from '../nn/tableOutput.js';
import {
  SettingError, type ValueKind, belowOne, choice, count, fraction, layerRank, nonNegative, positive, positiveInt, probability, ranks, widths,
} from './settingValues.js';

/** What a setting may need to know about the data. */
export interface DataShape {
  dim: number;
  image?: ImageShape;
  /** Model-space value of a black pixel (image augmentation fill). */
  fill: number;
  name: string;
  /** Training rows per class, when the data has class labels. */
  classCounts?: number[];
  /** Tables with categorical columns: their one-hot blocks in the encoded rows. */
  categoryBlocks?: OneHotBlock[];
}

/** ADA's controller settings besides the target (Karras et al. 2020 adjust p every 4 minibatches). */
export const ADA_INTERVAL = 4;
export const ADA_RAMP_STEPS = 1000;
export const ADA_MAX_P = 0.8;
/** DiffAugment's translation and cutout fractions (Zhao et al. 2020). */
export const IMAGE_TRANSLATION = 0.125;
export const IMAGE_CUTOUT = 0.5;
const NOISE_STD = 0.02;
const ADA_TARGET = 0.6;

export type SettingGroup = 'Model' | 'Training' | 'Few-shot techniques' | 'Sampling';

/** One row of the table, its value type erased (see `setting` for the typed form). */
export interface Setting {
  /** `lrgan train --flag`, or null when only a study can set it. */
  flag: string | null;
  /** The study's `+edit[=value]` / `-edit`, or null when only train can set it. */
  edit: string | null;
  group: SettingGroup;
  /** Placeholder of the value in the help ('N', 'X'); null: the choices, or nothing for a switch. */
  meta: string | null;
  /** Takes no value: on or off (`--flag` / `--no-flag`, `+edit` / `-edit`). */
  isSwitch: boolean;
  help: string;
  /** What a valid value is ("a number in (0, 1]"). */
  expected: string;
  /** The default as help shows it. */
  defaultText: string | null;
  /** Applied after the rows without it (ranks: after the widths they refer to). */
  late: boolean;
  /** `+edit` without a value sets this, as text; null: a value is required. */
  onText: string | null;
  canTurnOff: boolean;
  /** Parses and checks a value without applying it; throws SettingError. */
  check(text: string): void;
  /** Parses, checks and applies a value (a switch: 'true' or 'false'); throws SettingError. */
  set(c: GanConfig, text: string, data: DataShape): void;
  /** `+edit` without a value (a switch: on). */
  turnOn(c: GanConfig, data: DataShape): void;
  /** `-edit` / `--no-flag`. */
  turnOff(c: GanConfig): void;
}

interface Row<T> {
  flag: string | null;
  edit?: string | null;
  group: SettingGroup;
  meta: string | null;
  kind: ValueKind<T>;
  help: string;
  /** The default, from defaultConfig (one text when data of ≤ 4 columns and wider data agree), or a fixed text. */
  shows?: ((c: GanConfig) => string) | string;
  late?: boolean;
  /** The value of '+edit' alone (data-dependent when a function). */
  on?: T | ((data: DataShape) => T);
  /** The value of '-edit'; a function for settings that switch off more than one field. */
  off?: T | ((c: GanConfig) => void);
  apply(c: GanConfig, v: T, data: DataShape): void;
}

const SMALL = defaultConfig(2);
const LARGE = defaultConfig(64);
const byDim = (f: (c: GanConfig) => string): string => {
  const a = f(SMALL);
  const b = f(LARGE);
  return a === b ? a : `${a} for data of ≤ 4 columns, else ${b}`;
};

/** Erases a typed row into a Setting; the study name defaults to the flag without dashes. */
function setting<T>(r: Row<T>): Setting {
  const on = r.on;
  const off = r.off;
  const onValue = (data: DataShape): T => (typeof on === 'function' ? (on as (d: DataShape) => T)(data) : on!);
  return {
    flag: r.flag,
    edit: r.edit === undefined ? (r.flag === null ? null : r.flag.replace(/-/g, '')) : r.edit,
    group: r.group,
    meta: r.meta,
    isSwitch: r.kind === onOff,
    help: r.help,
    expected: r.kind.expected,
    defaultText: r.shows === undefined ? null : typeof r.shows === 'string' ? r.shows : byDim(r.shows),
    late: r.late ?? false,
    onText: on === undefined ? null : typeof on === 'function' ? 'the default for the data' : String(on),
    canTurnOff: off !== undefined,
    check: (text) => void r.kind.parse(text),
    set: (c, text, data) => r.apply(c, r.kind.parse(text), data),
    turnOn(c, data) {
      if (on === undefined) throw new SettingError(`a value (${r.kind.expected})`);
      r.apply(c, onValue(data), data);
    },
    turnOff(c) {
      if (off === undefined) throw new SettingError('a value: it cannot be turned off');
      if (typeof off === 'function') (off as (c: GanConfig) => void)(c);
      else r.apply(c, off, { dim: 0, fill: 0, name: '' });
    },
  };
}

const onOff: ValueKind<boolean> = {
  expected: 'no value',
  parse(text) {
    if (text !== 'true' && text !== 'false') throw new SettingError(this.expected);
    return text === 'true';
  },
};

/** --augment image / a study's aug and ada on image data: translation and cutout; other data: Gaussian noise. */
function augmentFor(data: DataShape, std: number): GanConfig['augmentation']['method'] {
  const img = data.image;
  if (img === undefined) return { kind: 'noise', std };
  return { kind: 'image', height: img.height, width: img.width, channels: img.channels, translation: IMAGE_TRANSLATION, cutout: IMAGE_CUTOUT, fill: data.fill };
}

const adaptive = (target: number): GanConfig['augmentation']['adaptive'] => ({ target, interval: ADA_INTERVAL, rampSteps: ADA_RAMP_STEPS, maxP: ADA_MAX_P });

/** G's output layer at `v`, the hidden layers as they are. */
function setOutputRank(c: GanConfig, v: LayerRank): void {
  const r = c.generator.rank;
  if (Array.isArray(r)) c.generator.rank = [...r.slice(0, -1), v];
  else if (v !== 'full') c.generator.rank = [...new Array<LayerRank>(c.generator.hidden.length).fill(r), v];
}

const rankHelp = 'an integer puts every hidden layer at that rank (a layer with fewer inputs or outputs than the rank stays full rank) and keeps the output layer full rank; a list gives every layer, input side first, output layer included (8,8,full)';

export const SETTINGS: readonly Setting[] = [
  setting({ flag: 'hidden', group: 'Model', meta: 'LIST', kind: widths, help: 'hidden layer widths of G and D', shows: (c) => c.generator.hidden.join(','), apply: (c, v) => {
    c.generator.hidden = v;
    c.discriminator.hidden = [...v];
  } }),
  setting({ flag: 'hidden-d', group: 'Model', meta: 'LIST', kind: widths, help: "the discriminator's hidden layer widths, when they should differ from G's", shows: 'same as --hidden', apply: (c, v) => (c.discriminator.hidden = v) }),
  setting({ flag: 'latent', group: 'Model', meta: 'N', kind: positiveInt, help: 'latent dimension of the generator input z', shows: (c) => String(c.latent.dim), apply: (c, v) => (c.latent.dim = v) }),
  setting({ flag: 'latent-mixture', edit: 'mix', group: 'Model', meta: 'K', kind: count, on: 64, off: 0, help: 'a learned K-component Gaussian-mixture latent (DeLiGAN) instead of N(0, I) (0: off)', shows: (c) => String(c.latent.mixture), apply: (c, v) => (c.latent.mixture = v) }),
  setting({ flag: 'output', group: 'Model', meta: null, kind: choice(['tanh', 'linear'] as const), help: "the generator's output layer (data is scaled to [-1, 1])", shows: (c) => c.generator.output, apply: (c, v) => (c.generator.output = v) }),
  setting({ flag: 'category-temperature', edit: 'tau', group: 'Model', meta: 'TAU', kind: positive, help: "tables with categorical columns: temperature τ of the straight-through softmax behind each one-hot output block (G writes a hard one-hot; its gradient is softmax(logits/τ)'s)", shows: String(DEFAULT_CATEGORY_TEMPERATURE), apply: (c, v) => {
    if (c.categorical === undefined) throw new SettingError('a table with categorical columns (text, or columns named in --categorical)');
    c.categorical.temperature = v;
  } }),
  setting({ flag: 'spectral-norm', edit: 'sn', group: 'Model', meta: null, kind: onOff, on: true, off: false, help: 'spectral normalization of the discriminator layers (Miyato et al. 2018)', apply: (c, v) => (c.discriminator.spectralNorm = v) }),
  setting({ flag: 'spectral-norm-g', edit: 'sng', group: 'Model', meta: null, kind: onOff, on: true, off: false, help: "spectral normalization of the generator's layers too", apply: (c, v) => (c.generator.spectralNorm = v) }),
  setting({ flag: 'dropout', group: 'Model', meta: 'P', kind: belowOne, on: 0.2, off: 0, help: 'dropout after each hidden layer of the discriminator', shows: (c) => String(c.discriminator.dropout ?? 0), apply: (c, v) => (c.discriminator.dropout = v) }),
  setting({ flag: 'arch', group: 'Model', meta: null, kind: choice(['conv', 'mlp'] as const), help: `the networks: convolutional (a DCGAN-like pair, images only) or MLPs`, shows: `conv for images of at least ${CONV_MIN_SIDE}×${CONV_MIN_SIDE} pixels, else mlp`, apply: (c, v, data) => {
    if (v === 'mlp') {
      delete c.conv;
      return;
    }
    if (data.image === undefined) throw new SettingError(`image data (mnist, fashion, digits or a folder of PNGs) for 'conv'; ${data.name} has ${data.dim} plain columns`);
    if (c.conv === undefined) c.conv = defaultConvArchitecture(data.image);
  } }),
  setting({ flag: 'up', group: 'Model', meta: null, kind: choice(['transpose', 'upsample'] as const), help: "--arch conv: the generator doubles its resolution by a 4×4 stride-2 ConvTranspose2d, or by nearest ×2 then a 3×3 conv (what a low --rank uses)", shows: 'transpose', apply: (c, v) => {
    if (c.conv === undefined) throw new SettingError("--arch conv: --up only applies to the convolutional generator");
    c.conv.generator.up = v;
  } }),
  setting({ flag: 'conditional', edit: 'cond', group: 'Model', meta: null, kind: onOff, on: true, off: false, help: 'class-conditional G(z, y) and D(x, y): the one-hot class joins the input of both, so `lrgan sample --class K` can ask for a class', shows: 'on when --label-column or class subfolders name the classes, else off', apply: (c, v, data) => {
    if (!v) {
      delete c.conditional;
      return;
    }
    const counts = data.classCounts;
    if (counts === undefined) throw new SettingError(`labelled data (a CSV file with --label-column, or a built-in labelled set); ${data.name} has no class labels`);
    if (counts.length < 2) throw new SettingError(`at least 2 classes; ${data.name} has ${counts.length}`);
    c.conditional = conditionalFromCounts(counts, data.image ? 'projection' : 'concat');
  } }),
  setting({ flag: 'conditional-d', edit: 'condd', group: 'Model', meta: null, kind: choice(['concat', 'projection'] as const), help: "how a conditional D reads the class: joined to its input (concat), or projected onto its last features (projection, Miyato & Koyama 2018; the only one for convolutional networks)", shows: 'concat for tables, projection for images', apply: (c, v) => {
    if (c.conditional === undefined) throw new SettingError('a conditional run (--conditional, or a CSV with --label-column) first');
    c.conditional = { ...c.conditional, discriminator: v };
  } }),
  setting({ flag: 'rank', edit: null, group: 'Model', meta: 'R', kind: ranks, late: true, help: `rank of the layers of G and D, or 'full': ${rankHelp}. With --arch conv an integer puts G's latent Linear and hidden convs and D's convs at that rank (G's output conv and D's logit layer stay full) and G upsamples by nearest ×2 + 3×3 conv`, shows: 'full', apply: (c, v) => {
    c.generator.rank = v;
    c.discriminator.rank = Array.isArray(v) ? [...v] : v;
    if (c.conv !== undefined) setConvRank(c.conv, v);
  } }),
  setting({ flag: 'rank-d', group: 'Model', meta: 'R', kind: ranks, late: true, help: "the discriminator's ranks, when they should differ from the generator's (as --rank)", shows: 'same as --rank', apply: (c, v) => {
    c.discriminator.rank = v;
    if (c.conv !== undefined) setConvRank(c.conv, v, 'discriminator');
  } }),
  setting({ flag: 'rank-out', group: 'Model', meta: 'R', kind: layerRank, late: true, help: "the rank of the generator's output layer", shows: 'full', apply: (c, v) => {
    if (c.conv !== undefined) throw new SettingError('--arch mlp: --rank-out applies to the MLP generator (give the conv ranks as a --rank list)');
    setOutputRank(c, v);
  } }),

  setting({ flag: 'batch', group: 'Training', meta: 'N', kind: positiveInt, help: 'batch size', shows: (c) => String(c.training.batchSize), apply: (c, v) => (c.training.batchSize = v) }),
  setting({ flag: 'lr', group: 'Training', meta: 'X', kind: positive, help: 'Adam learning rate of both networks', shows: (c) => (c.optimizer.lrG === c.optimizer.lrD ? String(c.optimizer.lrG) : `G ${c.optimizer.lrG}, D ${c.optimizer.lrD}`), apply: (c, v) => {
    c.optimizer.lrG = v;
    c.optimizer.lrD = v;
  } }),
  setting({ flag: 'lr-g', group: 'Training', meta: 'X', kind: positive, help: "the generator's learning rate", shows: '--lr', apply: (c, v) => (c.optimizer.lrG = v) }),
  setting({ flag: 'lr-d', group: 'Training', meta: 'X', kind: positive, help: "the discriminator's learning rate", shows: '--lr', apply: (c, v) => (c.optimizer.lrD = v) }),
  setting({ flag: 'beta1', group: 'Training', meta: 'X', kind: belowOne, help: "Adam's β₁ for both networks", shows: (c) => String(c.optimizer.betas[0]), apply: (c, v) => (c.optimizer.betas = [v, c.optimizer.betas[1]]) }),
  setting({ flag: 'beta2', group: 'Training', meta: 'X', kind: belowOne, help: "Adam's β₂ for both networks", shows: (c) => String(c.optimizer.betas[1]), apply: (c, v) => (c.optimizer.betas = [c.optimizer.betas[0], v]) }),
  setting({ flag: 'lr-schedule', edit: 'sched', group: 'Training', meta: null, kind: choice(LR_SCHEDULES), off: 'constant' as const, help: 'learning rate over the run: constant, or a linear or cosine decay to 0 after --lr-decay-start', shows: (c) => c.optimizer.lrSchedule, apply: (c, v) => (c.optimizer.lrSchedule = v) }),
  setting({ flag: 'lr-decay-start', edit: 'decaystart', group: 'Training', meta: 'F', kind: belowOne, help: 'fraction of --steps at the full learning rate before the decay', shows: (c) => String(c.optimizer.lrDecayStart), apply: (c, v) => (c.optimizer.lrDecayStart = v) }),
  setting({ flag: 'd-steps', group: 'Training', meta: 'N', kind: positiveInt, help: 'discriminator updates per generator update', shows: (c) => String(c.training.dSteps), apply: (c, v) => (c.training.dSteps = v) }),

  setting({ flag: 'augment', edit: null, group: 'Few-shot techniques', meta: null, kind: choice(['none', 'noise', 'image'] as const), help: 'differentiable augmentation of real and fake samples: Gaussian noise, or translation + cutout for images', shows: (c) => c.augmentation.method.kind, apply: (c, v, data) => {
    const m = c.augmentation.method;
    if (v === 'none') c.augmentation.method = { kind: 'none' };
    else if (v === 'noise') c.augmentation.method = { kind: 'noise', std: m.kind === 'noise' ? m.std : NOISE_STD };
    else if (data.image === undefined) throw new SettingError(`image data (digits or a folder of PNGs) for 'image'; ${data.name} has ${data.dim} plain columns`);
    else c.augmentation.method = augmentFor(data, NOISE_STD);
  } }),
  setting({ flag: 'augment-p', edit: null, group: 'Few-shot techniques', meta: 'P', kind: probability, help: 'probability of augmenting each sample (0 turns augmentation off unless --ada raises it)', shows: (c) => String(c.augmentation.p), apply: (c, v) => (c.augmentation.p = v) }),
  setting({ flag: 'noise-std', edit: null, group: 'Few-shot techniques', meta: 'X', kind: positive, help: 'std of the noise of --augment noise, in the model range [-1, 1]', shows: String(NOISE_STD), apply: (c, v) => {
    if (c.augmentation.method.kind !== 'noise') throw new SettingError('--augment noise first: --noise-std only applies to noise augmentation');
    c.augmentation.method = { kind: 'noise', std: v };
  } }),
  setting({ flag: 'ada', edit: null, group: 'Few-shot techniques', meta: null, kind: onOff, on: true, off: false, help: `adaptive augmentation (ADA): adjust p every ${ADA_INTERVAL} steps to hold E[sign D(real)] at --ada-target`, apply: (c, v) => (c.augmentation.adaptive = v ? adaptive(ADA_TARGET) : null) }),
  setting({ flag: 'ada-target', edit: null, group: 'Few-shot techniques', meta: 'X', kind: probability, help: "ADA's overfitting target", shows: String(ADA_TARGET), apply: (c, v) => {
    if (c.augmentation.adaptive === null) throw new SettingError('--ada first: --ada-target only applies with --ada');
    c.augmentation.adaptive = { ...c.augmentation.adaptive, target: v };
  } }),
  setting({ flag: null, edit: 'aug', group: 'Few-shot techniques', meta: 'P', kind: probability, on: 0.5, help: 'fixed-probability augmentation (translation + cutout on images, Gaussian noise of std 0.02 on other data) at p', off: (c) => {
    c.augmentation = { method: { kind: 'none' }, p: 0, adaptive: null };
  }, apply: (c, v, data) => {
    c.augmentation.p = v;
    c.augmentation.adaptive = null;
    if (c.augmentation.method.kind === 'none') c.augmentation.method = augmentFor(data, NOISE_STD);
  } }),
  setting({ flag: null, edit: 'noise', group: 'Few-shot techniques', meta: 'STD', kind: positive, help: 'Gaussian-noise augmentation of this std (p 0.5 unless set)', apply: (c, v) => {
    c.augmentation.method = { kind: 'noise', std: v };
    if (c.augmentation.p === 0 && c.augmentation.adaptive === null) c.augmentation.p = 0.5;
  } }),
  setting({ flag: null, edit: 'ada', group: 'Few-shot techniques', meta: 'TARGET', kind: probability, on: ADA_TARGET, help: 'adaptive augmentation holding E[sign D(real)] at the target, p from 0', off: (c) => {
    c.augmentation.adaptive = null;
  }, apply: (c, v, data) => {
    if (c.augmentation.method.kind === 'none') c.augmentation.method = augmentFor(data, NOISE_STD);
    c.augmentation.p = 0;
    c.augmentation.adaptive = adaptive(v);
  } }),
  setting({ flag: 'r1', group: 'Few-shot techniques', meta: 'GAMMA', kind: nonNegative, on: 1, off: 0, help: 'R1 gradient penalty weight on real data (0: off)', shows: (c) => String(c.penalties.r1Gamma), apply: (c, v) => (c.penalties.r1Gamma = v) }),
  setting({ flag: 'lecam', group: 'Few-shot techniques', meta: 'LAMBDA', kind: nonNegative, on: 0.01, off: 0, help: 'LeCam regularization weight (0: off)', shows: (c) => String(c.penalties.lecam), apply: (c, v) => (c.penalties.lecam = v) }),
  setting({ flag: 'ema', group: 'Few-shot techniques', meta: 'BETA', kind: belowOne, on: (d) => defaultConfig(d.dim).ema.decay || 0.999, off: 0, help: 'decay of the moving average of the generator weights used for samples (0: off)', shows: (c) => String(c.ema.decay), apply: (c, v) => (c.ema.decay = v) }),
  setting({ flag: 'latent-std-penalty', edit: 'mixstd', group: 'Few-shot techniques', meta: 'X', kind: nonNegative, help: "weight of mean((1 − σ)²) over the mixture latent's std (DeLiGAN)", shows: (c) => String(c.penalties.latentStd), apply: (c, v) => (c.penalties.latentStd = v) }),
  setting({ flag: 'top-k', edit: 'topk', group: 'Few-shot techniques', meta: 'NU', kind: fraction, on: 0.5, off: 1, help: 'top-k generator updates (Sinha et al. 2020): the smallest fraction of each batch, scored best by D, that the generator learns from (1: off)', shows: (c) => String(c.training.topKKeep), apply: (c, v) => (c.training.topKKeep = v) }),
  setting({ flag: 'top-k-decay', edit: 'topkdecay', group: 'Few-shot techniques', meta: 'GAMMA', kind: fraction, help: 'top-k: factor by which the kept fraction falls every 100 steps, from 1 down to --top-k', shows: (c) => String(c.training.topKDecay), apply: (c, v) => (c.training.topKDecay = v) }),
  setting({ flag: 'l1', group: 'Few-shot techniques', meta: 'X', kind: nonNegative, help: 'L1 weight penalty', shows: (c) => String(c.penalties.l1), apply: (c, v) => (c.penalties.l1 = v) }),
  setting({ flag: 'l2', group: 'Few-shot techniques', meta: 'X', kind: nonNegative, help: 'L2 weight penalty', shows: (c) => String(c.penalties.l2), apply: (c, v) => (c.penalties.l2 = v) }),
  setting({ flag: 'factor-penalty', edit: 'factor', group: 'Few-shot techniques', meta: 'X', kind: nonNegative, on: 1e-4, off: 0, help: 'weight of ½(‖U‖² + ‖V‖²) over low-rank layers (a nuclear-norm bound)', shows: (c) => String(c.penalties.factor), apply: (c, v) => (c.penalties.factor = v) }),

  setting({ flag: 'jacobian-keep', edit: 'jbt', group: 'Sampling', meta: 'KEEP', kind: fraction, on: 0.85, off: 1, help: 'Jacobian-based truncation (Tanielian et al. 2020) keeps this fraction of latents, dropping those where ‖∂G/∂z‖ is largest, which land between modes (1: off)', shows: (c) => String(c.sampling.jacobianKeep), apply: (c, v) => (c.sampling.jacobianKeep = v) }),
];

/** The row of a train flag. */
export function settingByFlag(flag: string): Setting | undefined {
  return SETTINGS.find((s) => s.flag === flag);
}

/** The row of a study edit. */
export function settingByEdit(edit: string): Setting | undefined {
  return SETTINGS.find((s) => s.edit === edit);
}

/** The rows in the order they apply: table order, `late` rows last. */
export function inApplyOrder<T>(items: readonly T[], settingOf: (t: T) => Setting): T[] {
  return [...items.filter((t) => !settingOf(t).late), ...items.filter((t) => settingOf(t).late)];
}
