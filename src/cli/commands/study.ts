/**
 * `lrgan study`: a reproducible few-shot comparison. For every data set, N and seed it trains each
 * model and fits the reference rows on the same split, measures all of them with the same code against
 * the held-out split, and writes mean ± sd over seeds to study.json and study.md (plus a sample picture
 * per cell). Each finished cell is its own file under <out>/cells, so a rerun skips what is done.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureClassifier } from '../../eval/fcd/featureClassifier.js';
import { isPooledImageSet } from '../../eval/fcd/imagePools.js';
import { withOverrides } from '../../gan/config.js';
import { loadDigitClassifierFile, loadImageClassifier28File } from '../../node/fcdWeights.js';
import { type CommandSpec, type ParsedFlags, UsageError } from '../args.js';
import type { Command, Io } from '../command.js';
import { formatDuration } from '../progress.js';
import { type CellResult, type CellSpec, REFERENCE_ROWS, cellId, readCell, runGanCell, runReferenceCell } from '../study/cells.js';
import { FULL_DEFAULTS, QUICK_DEFAULTS, type StudyGrid, TECHNIQUES_KEYWORD, gridFromFlags } from '../study/grid.js';
import { TECHNIQUES, type ModelSpec, modelConfig, modelSettingsHelp, parseModel, resolveBest, techniqueToggles } from '../study/modelSpec.js';
import { IMAGE_SAMPLES, type StudyData, type StudyDataName, hasClassifier, prepareStudyData, studyCounts } from '../study/studyData.js';
import { type StudyJudge, studyJudge } from '../study/studyMetrics.js';
import { type StudyGroup, pickBest, selectionMetric, summarizeRow } from '../study/summary.js';
import { formatMarkdownTable, formatTextTable } from '../study/tables.js';

const stepsText = (s: Record<string, number>): string => Object.entries(s).map(([k, v]) => `${k} ${v}`).join(', ');

const SPEC: CommandSpec = {
  name: 'study',
  summary: 'compare models, few-shot techniques and reference rows over data sets, N and seeds; resumable',
  synopsis: 'study [--quick] [--data LIST] [--n LIST] [--models LIST] [--seeds LIST] [--steps N] [--budget-seconds S] [--samples N] [--out DIR]',
  description:
    'Trains every model on every (data set, N, seed) split, fits the reference rows (held-out real, copy\n' +
    'training, Gaussian fit, PCA + GMM) on the same split and measures everything with the same code against\n' +
    'the held-out split: PacGAN mode metrics on ring8/grid25; FCD, coverage and classes (committed classifier)\n' +
    'on digits, which are drawn from the study pool the classifier never saw; on mnist and fashion the same with\n' +
    'the FCD28 classifiers, coverage both in their features and in pixels, precision, recall and 1-NN accuracy\n' +
    '(their study pools: about 5,000 images each; --samples held-out rows and samples per row); NN ratio and copy\n' +
    'fraction always.\n' +
    'Writes <out>/study.json, <out>/study.md, <out>/cells/*.json (one per finished cell: a rerun skips them)\n' +
    'and <out>/pictures/*.png.\n' +
    '\n' +
    "A model is full, r<rank> (every hidden layer of G and D at that rank, output layers full rank), conv or mlp\n" +
    '(full rank with that architecture; full and r<rank> take the data\'s default, as train does: conv on mnist\n' +
    'and fashion, so r8 there is the conv pair at rank 8 and r8+arch=mlp the MLPs at rank 8), or best\n' +
    '(of the other listed models, the one with the best held-out FCD on digits, mnist and fashion, coverage\n' +
    'elsewhere), then\n' +
    'edits of the default config: +name[=value] turns a setting on or sets it, -name turns it off, e.g.\n' +
    'r16+ada+r1=1, full-ema, best+lr=1e-3+hidden=512x512 (lists join their items with x). r16 is train\'s --rank 16.\n' +
    'Settings (+name alone: the value after the comma; train: the same flag):\n' +
    `${modelSettingsHelp()}\n` +
    `'${TECHNIQUES_KEYWORD}' expands to best and best with each of ${TECHNIQUES.join(', ')} switched (on if best has it off).`,
  flags: [
    { name: 'data', kind: 'string', meta: 'LIST', defaultText: `${FULL_DEFAULTS.data}; --quick: ${QUICK_DEFAULTS.data}`, help: 'data sets' },
    { name: 'n', kind: 'string', meta: 'LIST', defaultText: `${FULL_DEFAULTS.n}; --quick: ${QUICK_DEFAULTS.n}`, help: 'training-set sizes' },
    { name: 'models', kind: 'string', meta: 'LIST', defaultText: `${FULL_DEFAULTS.models}; --quick: ${QUICK_DEFAULTS.models}`, help: 'models (see above)' },
    { name: 'seeds', kind: 'string', meta: 'LIST', defaultText: `${FULL_DEFAULTS.seeds}; --quick: ${QUICK_DEFAULTS.seeds}`, help: 'seeds of split and training: 1,2,3 or 1..3' },
    { name: 'steps', kind: 'positiveInt', meta: 'N', defaultText: `${stepsText(FULL_DEFAULTS.steps)}; --quick: ${stepsText(QUICK_DEFAULTS.steps)}`, help: 'generator updates per run' },
    { name: 'budget-seconds', kind: 'positive', meta: 'S', help: 'stop training each GAN cell after S seconds (or at --steps): models compared at the same wall-clock budget' },
    { name: 'samples', kind: 'positiveInt', meta: 'N', defaultText: String(IMAGE_SAMPLES), help: 'mnist, fashion: held-out rows and samples per row (needs --n + 2·N ≤ 5,000)' },
    { name: 'quick', kind: 'switch', help: 'a small grid that finishes in a few minutes' },
    { name: 'out', kind: 'string', meta: 'DIR', default: 'runs/study', help: 'folder of study.json, study.md, cells/ and pictures/' },
  ],
  examples: [
    'lrgan study --quick',
    'lrgan study --data digits --n 100 --models full,r16,r16+ada,r16+r1=1 --seeds 1,2 --steps 2000 --out runs/digits-study',
    'lrgan study --data mnist --n 100 --models conv,r8,mlp --seeds 1 --steps 100000 --budget-seconds 600 --out runs/mnist-study',
    'lrgan study            # the full grid; rerun the same command to resume',
  ],
};

/** What a run prints and stores about each group as it finishes. */
interface StudyRun {
  grid: StudyGrid;
  out: string;
  io: Io;
  /** The committed classifier of each data set that has one (digits, mnist, fashion). */
  classifiers: Map<StudyDataName, FeatureClassifier>;
  groups: StudyGroup[];
  done: number;
  cached: number;
  started: number;
}

async function run(f: ParsedFlags, io: Io): Promise<number> {
  const grid = gridFromFlags(f);
  const out = f.string('out')!;
  for (const data of grid.data) for (const n of grid.n) checkN(data, n, grid.imageSamples);
  if (grid.models.some((m) => m !== TECHNIQUES_KEYWORD && m.rank === 'best') || grid.models.includes(TECHNIQUES_KEYWORD)) {
    if (!grid.models.some((m) => m !== TECHNIQUES_KEYWORD && m.rank !== 'best')) {
      throw new UsageError(`--models: best needs at least one other model to choose from (full, r4, ...)`, 'study');
    }
  }
  mkdirSync(out, { recursive: true });
  const s: StudyRun = {
    grid,
    out,
    io,
    classifiers: new Map(grid.data.filter(hasClassifier).map((d) => [d, d === 'digits' ? loadDigitClassifierFile().classifier : loadImageClassifier28File(d).classifier])),
    groups: [],
    done: 0,
    cached: 0,
    started: performance.now(),
  };
  io.out.write(
    `lrgan study → ${out}: data ${grid.data.join(', ')}; N ${grid.n.join(', ')}; seeds ${grid.seeds.join(', ')}; ` +
      `models ${grid.models.map((m) => (m === TECHNIQUES_KEYWORD ? m : m.name)).join(', ')}; steps ${stepsText(pick(grid.steps, grid.data))}\n`,
  );
  for (const data of grid.data) {
    for (const n of grid.n) {
      const group = runGroup(s, data, n);
      s.groups.push(group);
      writeOutputs(s);
      io.out.write(`\n${formatTextTable(group).join('\n')}\n\n`);
    }
  }
  const seconds = (performance.now() - s.started) / 1000;
  io.out.write(`study finished in ${formatDuration(seconds)}: ${s.done} cells run, ${s.cached} reused from ${join(out, 'cells')}\n`);
  io.out.write(`tables: ${join(out, 'study.md')}   data: ${join(out, 'study.json')}   pictures: ${join(out, 'pictures')}\n`);
  return 0;
}

function checkN(data: StudyDataName, n: number, imageSamples: number): void {
  try {
    studyCounts(data, n, n, imageSamples);
  } catch (e) {
    throw new UsageError(`--n ${n}: ${(e as Error).message}`, 'study');
  }
}

/** Runs (or reads) every cell of one data set and N; returns its table. */
function runGroup(s: StudyRun, data: StudyDataName, n: number): StudyGroup {
  const steps = s.grid.steps[data];
  const prepared = new Map<number, { data: StudyData; judge: StudyJudge | null }>();
  const prep = (seed: number): { data: StudyData; judge: StudyJudge | null } => {
    let p = prepared.get(seed);
    if (p === undefined) {
      const d = prepareStudyData(data, n, seed, Math.max(...s.grid.n), s.grid.imageSamples);
      const classifier = s.classifiers.get(data);
      p = { data: d, judge: classifier === undefined ? null : studyJudge(classifier, d) };
      prepared.set(seed, p);
    }
    return p;
  };
  const byModel = new Map<string, CellResult[]>();
  const runModel = (model: string, cell: (seed: number, d: StudyData) => CellSpec): void => {
    if (byModel.has(model)) return;
    const cells: CellResult[] = [];
    for (const seed of s.grid.seeds) cells.push(runCell(s, cell(seed, prep(seed).data), prep(seed)));
    byModel.set(model, cells);
  };
  const budget = s.grid.budgetSeconds;
  const gan = (spec: ModelSpec) => (seed: number, d: StudyData): CellSpec => ({
    data, n, seed, model: spec.name, kind: 'gan', steps, config: withOverrides(modelConfig(spec, d.shape, seed), { optimizer: { totalSteps: steps } }),
    ...(budget === null ? {} : { budgetSeconds: budget }),
  });

  for (const r of REFERENCE_ROWS) runModel(r.id, (seed) => ({ data, n, seed, model: r.id, kind: 'reference', steps: null, config: null }));
  const plain = s.grid.models.filter((m): m is ModelSpec => m !== TECHNIQUES_KEYWORD && m.rank !== 'best');
  for (const m of plain) runModel(m.name, gan(m));

  const group: StudyGroup = { data, n, counts: { train: 0, heldOut: 0, samples: 0 }, steps, rows: [] };
  if (budget !== null) group.budgetSeconds = budget;
  const first = prep(s.grid.seeds[0]!).data;
  group.counts = { train: first.train.n, heldOut: first.heldOut.n, samples: first.samples };
  if (first.note !== undefined) group.note = first.note;

  const wantsBest = s.grid.models.some((m) => m === TECHNIQUES_KEYWORD || m.rank === 'best');
  if (wantsBest) {
    const candidates = plain.map((m) => summarizeRow(m.name, m.name, byModel.get(m.name)!));
    const picked = pickBest(data, candidates);
    if (picked === null) {
      s.io.err.write(`note: ${data} N=${n}: no model has a held-out ${selectionMetric(data).key}; the rows built on the best are skipped\n`);
    } else {
      const base = plain.find((m) => m.name === picked.best.model)!;
      group.selection = { metric: selectionMetric(data).key, best: base.name, scores: picked.scores };
      const later = s.grid.models.flatMap((m) =>
        m === TECHNIQUES_KEYWORD ? [parseModel('best'), ...techniqueToggles(modelConfig(base, first.shape, first.seed))] : m.rank === 'best' ? [m] : [],
      );
      for (const m of later) {
        const resolved = resolveBest(m, base);
        runModel(resolved.name, gan(resolved));
      }
    }
  }
  const labelOf = (model: string): string => REFERENCE_ROWS.find((r) => r.id === model)?.label ?? model;
  group.rows = [...byModel].map(([model, cells]) => summarizeRow(model, labelOf(model), cells));
  return group;
}

function runCell(s: StudyRun, spec: CellSpec, p: { data: StudyData; judge: StudyJudge | null }): CellResult {
  const id = cellId(spec, p.data);
  const tag = `${spec.data} N=${spec.n} seed ${spec.seed} ${REFERENCE_ROWS.find((r) => r.id === spec.model)?.label ?? spec.model}`;
  const stored = readCell(s.out, id);
  if (stored !== null) {
    s.cached++;
    s.io.out.write(`${tag}: done earlier (${id}.json)\n`);
    return stored;
  }
  const cell = spec.kind === 'reference' ? runReferenceCell(s.out, spec, p.data, p.judge) : runGanCell(s.out, spec, p.data, p.judge);
  s.done++;
  s.io.out.write(`${tag}: ${describeCell(cell)}\n`);
  return cell;
}

function describeCell(c: CellResult): string {
  const parts: string[] = [];
  if (c.training !== null) parts.push(`${c.training.steps ?? c.spec.steps} steps at ${c.training.stepsPerSecond.toFixed(1)} steps/s`);
  if (c.failed !== null) parts.push(`diverged: ${c.failed.split('\n')[0]}`);
  const m = c.metrics;
  if (m !== null) {
    if (m.modesCovered !== null) parts.push(`modes ${m.modesCovered}/${m.modes}, high quality ${m.highQuality?.toFixed(3) ?? 'n/a'}`);
    if (m.fcd !== null) parts.push(`FCD ${m.fcd.toFixed(2)}, classes ${m.classesCovered}/10`);
    parts.push(`coverage ${m.coverage?.toFixed(3) ?? 'n/a'}, NN ratio ${m.nnRatio?.toFixed(3) ?? 'n/a'}, copies ${m.copyFraction?.toFixed(3) ?? 'n/a'}`);
  }
  parts.push(formatDuration(c.seconds));
  return parts.join('; ');
}

function pick(steps: Record<StudyDataName, number>, data: readonly StudyDataName[]): Record<string, number> {
  return Object.fromEntries(data.map((d) => [d, steps[d]]));
}

/** study.json and study.md with every group finished so far. */
function writeOutputs(s: StudyRun): void {
  const g = s.grid;
  const json = {
    version: 1,
    grid: {
      data: g.data, n: g.n, models: g.models.map((m) => (m === TECHNIQUES_KEYWORD ? m : m.name)), seeds: g.seeds, steps: pick(g.steps, g.data),
      ...(g.budgetSeconds === null ? {} : { budgetSeconds: g.budgetSeconds }),
      ...(g.data.some(isPooledImageSet) ? { imageSamples: g.imageSamples } : {}),
    },
    protocol:
      'Per (data, N, seed): one few-shot split; every row draws `samples` rows (GANs: the EMA generator from seed 2024) and is ' +
      'measured against the held-out split. Digits come from the study pool the FCD classifier never saw. Mean and sd over seeds.',
    groups: s.groups,
  };
  writeFileSync(join(s.out, 'study.json'), `${JSON.stringify(json, null, 1)}\n`);
  const md = [
    '# lrgan few-shot study',
    '',
    `Reproduce: \`lrgan study${g.quick ? ' --quick' : ''} --data ${g.data.join(',')} --n ${g.n.join(',')} --models ${json.grid.models.join(',')} ` +
      `--seeds ${g.seeds.join(',')}${g.stepsFlag === null ? '' : ` --steps ${g.stepsFlag}`}` +
      `${g.budgetSeconds === null ? '' : ` --budget-seconds ${g.budgetSeconds}`}${g.imageSamples === IMAGE_SAMPLES ? '' : ` --samples ${g.imageSamples}`}\` (steps: ${stepsText(pick(g.steps, g.data))}).`,
    '',
    'Every row of a table is measured by the same code against the same held-out split, from the same number of samples. ' +
      'Reference rows: held-out real = real rows disjoint from train and held-out (what a perfect generator scores); ' +
      'copy training = the memorizer (NN ratio 0, copy fraction 1); Gaussian fit and PCA + GMM = classical generators fitted to the training set. ' +
      'Coverage: density/coverage (k = 5) against as many held-out rows as samples. FCD and classes: the committed digit classifier ' +
      '(mnist, fashion: the FCD28 classifier of the set; feature coverage: coverage in its 64 penultimate features, pixel coverage: in pixels). ' +
      'NN ratio ≈ 1 generalizes, → 0 copies. steps/s: wall clock on the machine that ran the study, shared with other work.',
    '',
  ];
  for (const group of s.groups) md.push(...formatMarkdownTable(group), '');
  writeFileSync(join(s.out, 'study.md'), md.join('\n'));
}

export const studyCommand: Command = { spec: SPEC, run };
