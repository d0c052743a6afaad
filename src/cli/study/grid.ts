/** The grid of `lrgan study`: which data sets, N, models, seeds and steps; the full and the --quick one. */
import { type ParsedFlags, UsageError } from '../args.js';
import { type ModelSpec, parseModel } from './modelSpec.js';
import { IMAGE_SAMPLES, STUDY_DATASETS, type StudyDataName } from './studyData.js';
import { isPooledImageSet } from '../../eval/fcd/imagePools.js';

/** In --models, expands to best and best ± each technique (on if the default config has it off, and the reverse). */
export const TECHNIQUES_KEYWORD = 'techniques';

export interface StudyGrid {
  data: StudyDataName[];
  n: number[];
  /** As given, 'techniques' kept as a keyword (expanded per data set, whose defaults differ). */
  models: (ModelSpec | typeof TECHNIQUES_KEYWORD)[];
  seeds: number[];
  /** Steps per data set. */
  steps: Record<StudyDataName, number>;
  /** Whether the defaults were --quick's, and the --steps given (null: the defaults'), to print a command that reproduces the grid. */
  quick: boolean;
  stepsFlag: number | null;
  /** mnist, fashion: held-out rows and samples per row (--samples). */
  imageSamples: number;
  /** --budget-seconds: each GAN cell stops training after this many seconds (or at its steps); null: steps only. */
  budgetSeconds: number | null;
}

export const FULL_DEFAULTS = {
  // mnist and fashion are asked for by name: a conv cell takes many minutes on one core.
  data: 'ring8,grid25,digits',
  n: '10,50,100,500',
  models: `full,r4,r16,${TECHNIQUES_KEYWORD}`,
  seeds: '1,2,3',
  // grid25 keeps improving past 16,000 steps (full rank: 18% high quality at 16,000, 31% at 32,000; README).
  steps: { ring8: 16000, grid25: 32000, digits: 4000, mnist: 1500, fashion: 1500 } as Record<StudyDataName, number>,
};

/** --quick: a few minutes on one core. */
export const QUICK_DEFAULTS = {
  data: 'ring8,digits',
  n: '100',
  models: 'full,r16',
  seeds: '1,2',
  steps: { ring8: 3000, grid25: 3000, digits: 1000, mnist: 200, fashion: 200 } as Record<StudyDataName, number>,
};

const fail = (msg: string): never => {
  throw new UsageError(msg, 'study');
};

function list(flag: string, text: string): string[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) fail(`--${flag}: empty entry in '${text}'`);
  return parts;
}

function unique<T>(flag: string, values: T[]): T[] {
  const seen = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) fail(`--${flag}: ${String(v)} is listed twice`);
    seen.add(v);
  }
  return values;
}

/** '1,2,3' or '1..3' → [1, 2, 3]. */
export function parseSeeds(text: string): number[] {
  const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(text);
  if (range !== null) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a || b - a >= 1000) fail(`--seeds: expected a range a..b with a ≤ b (at most 1000 seeds), got '${text}'`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  return unique('seeds', list('seeds', text).map((s) => {
    if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) fail(`--seeds: expected integers like 1,2,3 or a range 1..5, got '${s}'`);
    return Number(s);
  }));
}

/** The grid from the flags: --quick swaps the defaults, given flags win. */
export function gridFromFlags(f: ParsedFlags): StudyGrid {
  const d = f.switch('quick') ? QUICK_DEFAULTS : FULL_DEFAULTS;
  const data = unique('data', list('data', f.string('data') ?? d.data).map((s) => {
    if (!(STUDY_DATASETS as readonly string[]).includes(s)) fail(`--data: expected some of ${STUDY_DATASETS.join(', ')}, got '${s}'`);
    return s as StudyDataName;
  }));
  const n = unique('n', list('n', f.string('n') ?? d.n).map((s) => {
    if (!/^[1-9]\d*$/.test(s)) fail(`--n: expected positive integers like 10,100, got '${s}'`);
    return Number(s);
  }));
  const models = unique('models', list('models', f.string('models') ?? d.models)).map((s) => (s === TECHNIQUES_KEYWORD ? s : parseModel(s)));
  const seeds = parseSeeds(f.string('seeds') ?? d.seeds);
  const given = f.number('steps');
  const steps = given === undefined ? { ...d.steps } : { ring8: given, grid25: given, digits: given, mnist: given, fashion: given };
  const imageSamples = f.number('samples') ?? IMAGE_SAMPLES;
  if (f.has('samples') && !data.some(isPooledImageSet)) fail(`--samples: sets the held-out and sample counts of mnist and fashion; --data ${data.join(',')} has neither`);
  const budget = f.number('budget-seconds');
  return { data, n, models, seeds, steps, quick: f.switch('quick'), stepsFlag: given ?? null, imageSamples, budgetSeconds: budget ?? null };
}
