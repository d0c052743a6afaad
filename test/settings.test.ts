// The settings table: every config field is reachable from it, train's help and the study's help list
// every row, both read values with the same checks, and the silent surprises of issue 13 item 7 are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError, formatUsage, parseFlags } from '../src/cli/args.js';
import { studyCommand } from '../src/cli/commands/study.js';
import { TRAIN_COMMAND, configFromFlags } from '../src/cli/commands/trainFlags.js';
import { type DataShape, SETTINGS } from '../src/cli/settings.js';
import { SettingError } from '../src/cli/settingValues.js';
import { modelConfig, parseModel } from '../src/cli/study/modelSpec.js';
import { type GanConfig, defaultConfig, withOverrides } from '../src/gan/config.js';
import { defaultConvArchitecture } from '../src/gan/convDefaults.js';
import { throwsWith } from './helpers/throwsWith.js';

const POINTS: DataShape = { dim: 2, fill: 0, name: 'ring8' };
const IMAGES: DataShape = { dim: 64, image: { height: 8, width: 8, channels: 1 }, fill: -1, name: 'digits', classCounts: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10] };

/** Dotted paths of a config's leaves; arrays, null and augmentation's method/adaptive count as leaves. */
function leaves(v: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  const atomic = path === 'augmentation.method' || path === 'augmentation.adaptive';
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !atomic) {
    for (const [k, x] of Object.entries(v)) for (const [p, s] of leaves(x, path ? `${path}.${k}` : k)) out.set(p, s);
  } else {
    out.set(path, JSON.stringify(v));
  }
  return out;
}

const changed = (a: GanConfig, b: GanConfig): string[] => {
  const la = leaves(a), lb = leaves(b);
  return [...new Set([...la.keys(), ...lb.keys()])].filter((k) => la.get(k) !== lb.get(k));
};

/** Values tried on every row: whatever a row accepts, and changes, tells which fields it reaches. */
const TRIES = ['0', '0.25', '0.5', '0.9', '1', '3', '7', '1e-4', 'full', '3,5', 'tanh', 'linear', 'none', 'noise', 'image', 'linear', 'cosine', 'projection', 'conv', 'upsample'];

test('every config field is reachable from a settings row (seed, steps and version have their own flags)', () => {
  const bases: [GanConfig, DataShape][] = [
    [defaultConfig(2), POINTS],
    [defaultConfig(64), IMAGES],
    // --up applies to the convolutional networks only.
    [withOverrides(defaultConfig(64), { conv: defaultConvArchitecture(IMAGES.image!) }), IMAGES],
    // Rows that only apply on top of another setting: --noise-std after --augment noise, --ada-target after --ada.
    [withOverrides(defaultConfig(2), { augmentation: { method: { kind: 'noise', std: 0.02 }, adaptive: { target: 0.6, interval: 4, rampSteps: 1000, maxP: 0.8 } } }), POINTS],
    // --conditional-d applies to a conditional run.
    [withOverrides(defaultConfig(64), { conditional: { classes: 2, discriminator: 'concat', classCounts: [5, 5] } }), IMAGES],
    // --category-temperature applies to a table with categorical columns.
    [withOverrides(defaultConfig(8), { categorical: { blocks: [{ offset: 1, size: 3 }], temperature: 0.5 } }), { dim: 8, fill: 0, name: 'mixed', categoryBlocks: [{ offset: 1, size: 3 }] }],
  ];
  const reached = new Set<string>();
  for (const s of SETTINGS) {
    const mine = new Set<string>();
    for (const [base, data] of bases) {
      const attempts: ((c: GanConfig) => void)[] = [
        ...TRIES.map((t) => (c: GanConfig) => s.set(c, t, data)),
        (c) => s.turnOn(c, data),
        (c) => s.turnOff(c),
      ];
      for (const attempt of attempts) {
        const c = structuredClone(base);
        try {
          attempt(c);
        } catch (e) {
          if (!(e instanceof SettingError)) throw e;
          continue;
        }
        for (const k of changed(base, c)) mine.add(k);
      }
    }
    assert.ok(mine.size > 0, `row ${s.flag ?? s.edit} changes some field`);
    for (const k of mine) reached.add(k);
  }
  const own = ['version', 'seed', 'optimizer.totalSteps'];
  const missing = [...leaves(defaultConfig(2)).keys()].filter((k) => !reached.has(k) && !own.includes(k));
  assert.equal(missing, [], 'fields no setting reaches');
  const c = configFromFlags(parseFlags(TRAIN_COMMAND, ['--seed', '5', '--steps', '77']), POINTS);
  assert.equal([c.seed, c.optimizer.totalSteps, c.version], [5, 77, 2]);
});

test('help lists every flag and every study setting, with its default', () => {
  const help = formatUsage(TRAIN_COMMAND);
  for (const s of SETTINGS) {
    if (s.flag !== null) assert.ok(help.includes(`  --${s.flag} `) || help.includes(`  --${s.flag}\n`), `train help lists --${s.flag}`);
    if (s.flag !== null && s.defaultText !== null) assert.ok(help.replace(/\s+/g, ' ').includes(`(default: ${s.defaultText})`), `--${s.flag} default ${s.defaultText}`);
  }
  assert.match(help, /--r1 GAMMA\s+R1 gradient penalty weight on real data \(0: off\)\s+\(default: 0.1 for data of ≤ 4 columns, else 10\)/);
  const study = studyCommand.spec.description ?? '';
  for (const s of SETTINGS) if (s.edit !== null) assert.ok(new RegExp(`\\n  ${s.edit}[=[ ]`).test(study), `study help lists ${s.edit}`);
  const names = SETTINGS.flatMap((s) => [s.flag === null ? [] : [`--${s.flag}`], s.edit === null ? [] : [`+${s.edit}`]].flat());
  assert.equal(names.length, new Set(names).size, 'no name is used twice');
});

test('train and a study read a value with the same check and say what was expected', () => {
  for (const s of SETTINGS) {
    if (s.flag === null || s.edit === null || s.isSwitch) continue;
    const train = (): GanConfig => configFromFlags(parseFlags(TRAIN_COMMAND, [`--${s.flag}`, 'zz']), POINTS);
    const study = (): GanConfig => modelConfig(parseModel(`full+${s.edit}=zz`), POINTS, 1);
    throwsWith(train, `--${s.flag}: expected ${s.expected}, got 'zz'`);
    throwsWith(study, `--models: '+${s.edit}=zz' in 'full+${s.edit}=zz': expected ${s.expected}`);
    // Already when the name is read, so that a study stops before it trains anything.
    throwsWith(() => parseModel(`full+${s.edit}=zz`), `--models: '+${s.edit}=zz' in 'full+${s.edit}=zz': expected ${s.expected}`);
  }
  // A range, not only a type: the same bound on both sides.
  throwsWith(() => configFromFlags(parseFlags(TRAIN_COMMAND, ['--ema', '1']), POINTS), "--ema: expected a number in [0, 1), got '1'");
  throwsWith(() => modelConfig(parseModel('full+ema=1'), POINTS, 1), "--models: '+ema=1' in 'full+ema=1': expected a number in [0, 1)");
  throwsWith(() => configFromFlags(parseFlags(TRAIN_COMMAND, ['--jacobian-keep', '0']), POINTS), "--jacobian-keep: expected a number in (0, 1], got '0'");
  throwsWith(() => modelConfig(parseModel('full+jbt=0'), POINTS, 1), "--models: '+jbt=0' in 'full+jbt=0': expected a number in (0, 1]");
});

test('train --rank R and the study r<R> build the same networks: R in the hidden layers, output layers full rank', () => {
  const train = configFromFlags(parseFlags(TRAIN_COMMAND, ['--rank', '16']), IMAGES);
  const study = modelConfig(parseModel('r16'), IMAGES, 1);
  assert.equal([train.generator.rank, train.discriminator.rank], [study.generator.rank, study.discriminator.rank]);
  const perLayer = configFromFlags(parseFlags(TRAIN_COMMAND, ['--rank', '8,8,full', '--rank-d', 'full']), IMAGES);
  assert.equal([perLayer.generator.rank, perLayer.discriminator.rank], [[8, 8, 'full'], 'full']);
  assert.equal(modelConfig(parseModel('r16+rankout=4'), IMAGES, 1).generator.rank, [16, 16, 4]);
});

test('a rank no layer can take is refused instead of silently building full rank', () => {
  const train = (...argv: string[]): GanConfig => configFromFlags(parseFlags(TRAIN_COMMAND, argv), POINTS);
  throwsWith(() => train('--rank', '999'), /^--rank 999: rank 999 would leave every hidden layer of the generator full rank \(a factorization needs a rank below min\(in, out\), at most 127 here\)/);
  throwsWith(() => train('--rank', '4,4,4'), /--rank 4,4,4: the generator's layer 3 \(128→2\) cannot have rank 4: a factorization needs a rank below min\(in, out\) = 2 \(as LowRankLinear\)/);
  throwsWith(() => train('--rank-d', '2,4,full'), /the discriminator's layer 1 \(2→128\) cannot have rank 2/);
  throwsWith(() => modelConfig(parseModel('r128'), POINTS, 1), /--models: 'r128': rank 128 would leave every hidden layer of the generator full rank/);
  // A rank that some hidden layer takes is fine: on 2-D data D's first layer (2→128) stays full rank, as the model line shows.
  assert.is(train('--rank', '4').discriminator.rank, 4);
});

test('--seed takes integers ≥ 0 only', () => {
  throwsWith(() => parseFlags(TRAIN_COMMAND, ['--seed', '-1']), "--seed: expected an integer ≥ 0, got '-1'");
  assert.ok(new UsageError('x') instanceof Error);
  assert.is(parseFlags(TRAIN_COMMAND, ['--seed', '0']).number('seed'), 0);
});

test.run();
