/**
 * The model names of `lrgan study --models`: a base rank followed by edits of defaultConfig, e.g.
 *   full            every layer full rank
 *   r16             rank 16 in every hidden layer of G and D, full-rank output layers
 *   r16+ada+r1=1    the same with ADA and R1 (γ = 1)
 *   full-ema+lr=1e-3+hidden=512x512
 *   best+aug        the best of the other listed models (on held-out metrics) with augmentation
 *   conv, mlp       full rank with that architecture (the same as full+arch=conv, full+arch=mlp); a bare
 *                   full or r8 takes the data's default, as `lrgan train` does: conv on mnist and fashion
 * '+name[=value]' turns a technique on (with its default value when none is given) or sets a
 * hyperparameter; '-name' turns a technique off. The names and values are the settings table's (settings.ts). A '-' only starts an edit when a letter follows,
 * so values such as 1e-3 read as numbers.
 */
import { type GanConfig, defaultConfig } from '../../gan/config.js';
import { defaultConvConfig, prefersConv } from '../../gan/convDefaults.js';
import type { LayerRank } from '../../gan/model.js';
import { UsageError } from '../args.js';
import { rankProblem } from '../rankCheck.js';
import { type DataShape, SETTINGS, type Setting, inApplyOrder, settingByEdit, settingByFlag } from '../settings.js';
import { SettingError } from '../settingValues.js';

/** What a study needs to know about the data to build a config. */
export type StudyShape = Omit<DataShape, 'name'> & { name?: string };

export interface ModelEdit {
  sign: '+' | '-';
  name: string;
  /** The text after '=', if any. */
  value: string | null;
}

export interface ModelSpec {
  /** The name as written (after 'best' is resolved). */
  name: string;
  /** 'best' until resolved against the plain rank models of the study. */
  rank: LayerRank | 'best';
  edits: ModelEdit[];
}

/** Techniques a study switches on and off one at a time (the ablation of the best rank). */
export const TECHNIQUES = ['aug', 'ada', 'r1', 'lecam', 'ema', 'sn', 'factor', 'topk', 'mix', 'jbt'] as const;

const fail = (msg: string): never => {
  throw new UsageError(`--models: ${msg}`, 'study');
};

const EDIT_NAMES = SETTINGS.flatMap((s) => (s.edit === null ? [] : [s.edit]));

/** 'r16+ada-ema' → { rank: 16, edits: [+ada, -ema] }; throws a UsageError naming the bad part. */
export function parseModel(text: string): ModelSpec {
  const name = text.trim();
  if (name.includes(',')) fail(`',' separates models; a list inside a model joins its items with x (hidden=128x128), in '${name}'`);
  const parts = name.split(/(?=[+-][a-z])/);
  const head = parts[0]!;
  let rank: ModelSpec['rank'];
  const edits: ModelEdit[] = [];
  if (head === 'full' || head === 'best') rank = head;
  else if (/^r[1-9]\d*$/.test(head)) rank = Number(head.slice(1));
  else if (head === 'conv' || head === 'mlp') {
    rank = 'full';
    edits.push({ sign: '+', name: 'arch', value: head });
  } else fail(`a model starts with full, best, r<rank> (e.g. r16), conv or mlp, got '${head}' in '${name}'`);
  for (const part of parts.slice(1)) {
    const m = /^([+-])([a-z][a-z0-9]*)(?:=(.+))?$/.exec(part);
    if (m === null) fail(`cannot read '${part}' in '${name}' (expected +name, +name=value or -name)`);
    const edit: ModelEdit = { sign: m![1] as '+' | '-', name: m![2]!, value: m![3] ?? null };
    const s = settingByEdit(edit.name);
    if (s === undefined) fail(`unknown setting '${edit.name}' in '${name}'; known: ${EDIT_NAMES.join(', ')}`);
    if (edit.sign === '-' && edit.value !== null) fail(`'-${edit.name}' turns a setting off and takes no value, in '${name}'`);
    if (edit.sign === '-' && !s!.canTurnOff) fail(`'${edit.name}' cannot be turned off with '-', set it with +${edit.name}=value, in '${name}'`);
    if (s!.isSwitch && edit.value !== null) fail(`'+${edit.name}' takes no value in '${name}'`);
    // The value's kind and range are checked now, so a study stops before it trains anything.
    if (edit.value !== null) {
      try {
        s!.check(edit.value);
      } catch (e) {
        if (!(e instanceof SettingError)) throw e;
        fail(`'+${edit.name}=${edit.value}' in '${name}': expected ${e.message}`);
      }
    }
    edits.push(edit);
  }
  return { name, rank: rank!, edits };
}

/** The same edits on top of another model, renamed: best+aug on r16 → r16+aug. */
export function resolveBest(spec: ModelSpec, base: ModelSpec): ModelSpec {
  if (spec.rank !== 'best') return spec;
  if (base.rank === 'best') throw new Error(`resolveBest: the base model '${base.name}' is itself unresolved`);
  return { name: base.name + spec.name.slice('best'.length), rank: base.rank, edits: [...base.edits, ...spec.edits] };
}

/**
 * The ablation around a base config: for each technique, '+t' when the base has it off, '-t' when on.
 * The names start with 'best' (resolve them with resolveBest).
 */
export function techniqueToggles(base: GanConfig): ModelSpec[] {
  return TECHNIQUES.map((t) => parseModel(`best${techniqueIsOn(base, t) ? '-' : '+'}${t}`));
}

function techniqueIsOn(c: GanConfig, t: (typeof TECHNIQUES)[number]): boolean {
  const a = c.augmentation;
  switch (t) {
    case 'aug':
      return a.method.kind !== 'none' && a.p > 0 && a.adaptive === null;
    case 'ada':
      return a.adaptive !== null;
    case 'r1':
      return c.penalties.r1Gamma > 0;
    case 'lecam':
      return c.penalties.lecam > 0;
    case 'ema':
      return c.ema.decay > 0;
    case 'sn':
      return c.discriminator.spectralNorm === true;
    case 'factor':
      return c.penalties.factor > 0;
    case 'topk':
      return c.training.topKKeep < 1;
    case 'mix':
      return c.latent.mixture > 0;
    case 'jbt':
      return c.sampling.jacobianKeep < 1;
  }
}

/**
 * The default config of the model's architecture for the data (as `lrgan train --arch`: the last +arch
 * edit, else conv for images of at least 16×16 pixels) with the model's rank (the `--rank` setting: r16
 * is `--rank 16`) and edits applied in the settings table's way: as written, ranks last. The rank must
 * be resolved (not 'best').
 */
export function modelConfig(spec: ModelSpec, shape: StudyShape, seed: number): GanConfig {
  if (spec.rank === 'best') throw new Error(`modelConfig: '${spec.name}' is not resolved yet (best → a rank)`);
  const archEdit = spec.edits.filter((e) => e.name === 'arch' && e.value !== null).at(-1);
  const arch = archEdit?.value ?? (prefersConv(shape.image) ? 'conv' : 'mlp');
  // A conv edit on data without an image shape is refused below by the arch setting, with its message.
  const c = arch === 'conv' && shape.image !== undefined ? defaultConvConfig(shape.image, shape.fill) : defaultConfig(shape.dim);
  c.seed = seed;
  const data: DataShape = { ...shape, name: shape.name ?? 'the data' };
  const rankSetting = settingByFlag('rank')!;
  const steps: { s: Setting; run: () => void }[] = [
    { s: rankSetting, run: () => rankSetting.set(c, String(spec.rank), data) },
    ...spec.edits.map((e) => {
      const s = settingByEdit(e.name)!;
      const run = (): void => {
        try {
          if (e.sign === '-') s.turnOff(c);
          else if (e.value === null) s.turnOn(c, data);
          else s.set(c, e.value, data);
        } catch (err) {
          if (!(err instanceof SettingError)) throw err;
          fail(`'${e.sign}${e.name}${e.value === null ? '' : `=${e.value}`}' in '${spec.name}': expected ${err.message}`);
        }
      };
      return { s, run };
    }),
  ];
  for (const step of inApplyOrder(steps, (x) => x.s)) step.run();
  const problem = rankProblem(c, shape.dim);
  if (problem !== null) fail(`'${spec.name}': ${problem}`);
  return c;
}

/** Names of the settings, for the usage text. */
export const MODEL_SETTINGS: readonly string[] = EDIT_NAMES;

/** The study's settings for its help, one line each from the table: name[=VALUE, what +name alone sets], the train flag, the help. */
export function modelSettingsHelp(): string {
  return SETTINGS.filter((s) => s.edit !== null)
    .map((s) => {
      const meta = s.meta ?? s.expected.replace(/^one of /, '').replace(/, /g, '|');
      const value = s.isSwitch ? '' : s.onText === null ? `=${meta}` : `[=${meta}, ${s.onText}]`;
      const notes = [s.flag === null ? 'study only' : `--${s.flag}`, ...(s.canTurnOff && !s.isSwitch ? [`-${s.edit}: off`] : [])];
      return `  ${s.edit}${value} (${notes.join('; ')}): ${s.help}`;
    })
    .join('\n');
}
