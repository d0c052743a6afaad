/** `lrgan train`: few-shot training with progress, checkpoints, pictures and metrics. */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkpointStep, saveCheckpoint, resumeTrainer } from '../../gan/checkpoint.js';
import { type GanConfig, checkConfig } from '../../gan/config.js';
import { MIN_EVAL_ROWS, defaultEvalSamples } from '../../eval/evaluate.js';
import { encodePng } from '../../image/png.js';
import { GanTrainer, NonFiniteLossError } from '../../gan/trainer.js';
import { classCounts } from '../../gan/conditional.js';
import { NORMALIZATIONS, type Normalization } from '../../data/columnScaler.js';
import { categoryBlocks } from '../../data/tableLayout.js';
import type { DiscriminatorPrivacy } from '../../gan/dpDiscriminator.js';
import { PRIVACY_FLAGS } from '../privacyFlags.js';
import { writeFileAtomic } from '../../node/checkpointFile.js';
import { BUILT_IN_DATASETS } from '../../node/loadData.js';
import { type ParsedFlags, UsageError } from '../args.js';
import type { Command, Io } from '../command.js';
import { imageSizeFor, parseImageSize, sizeText } from '../imageSizeFlag.js';
import { formatNetwork, summarizeNetwork } from '../modelSummary.js';
import { imageComparison, lossCurves, scatterComparison } from '../pictures.js';
import { ProgressBar, formatDuration } from '../progress.js';
import { formatReport } from '../report.js';
import { loadCheckpointFile, makeExtra, runExtra, runScaler } from '../runCheckpoint.js';
import { HISTORY_FILE, HistoryFile, readRunHistory } from '../runHistory.js';
import { StopSignal } from '../stopSignal.js';
import { type PreparedData, type RunSpec, normalizeDataSpec, parseLabelColumn, prepareData, scaledZero } from '../runData.js';
import { parseClassList } from '../classesFlag.js';
import { EVAL_SEED, evaluateRun, evaluationProgress } from '../runEvaluation.js';
import { CONFIG_FLAGS, type DataShape, RUN_FLAGS, TRAIN_COMMAND, applyConfigFlags, configFromFlags, defaultOutDir, stepsOf } from './trainFlags.js';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
const OUTPUT_FILES = [CHECKPOINT_FILE, HISTORY_FILE, 'samples.png', 'loss.png', 'metrics.json', 'config.json'];
/** Image data: columns of the samples.png grid (one row of real examples, GENERATED_ROWS of generated). */
const GRID_COLUMNS = 10;
const GENERATED_ROWS = 6;

interface Session {
  out: string;
  prep: PreparedData;
  trainer: GanTrainer;
  resumedFrom: number | null;
}

/** Runs `train` (and `demo`, which is train with other defaults; `overwrite` skips the --force check). */
export async function runTrain(f: ParsedFlags, io: Io, opts: { overwrite?: boolean } = {}): Promise<number> {
  const requested = f.number('eval-samples');
  if (requested !== undefined && requested < MIN_EVAL_ROWS) {
    throw new UsageError(`--eval-samples: expected at least ${MIN_EVAL_ROWS} (k-NN metrics), got ${requested}`, 'train');
  }
  const s = f.switch('resume') ? resumeSession(f, io) : newSession(f, io, opts.overwrite === true);
  const { out, prep, trainer } = s;
  const total = stepsOf(f, trainer.config);
  const ckptPath = join(out, CHECKPOINT_FILE);
  const extra = makeExtra(prep);
  const ds = prep.dataset;
  mkdirSync(out, { recursive: true });
  // A new run never leaves an earlier run's files next to its own.
  if (s.resumedFrom === null) for (const file of OUTPUT_FILES) rmSync(join(out, file), { force: true });
  writeJson(join(out, 'config.json'), { config: trainer.config, ...extra });

  io.out.write(
    `lrgan: ${ds.name}, ${prep.split.train.n} training and ${prep.split.heldOut.n} held-out examples of ${ds.dim} columns` +
      `${ds.image ? ` (${ds.image.height}x${ds.image.width} images)` : ''} → ${out}\n`,
  );
  io.out.write(`model: ${formatNetwork('G', summarizeNetwork(trainer.generator))} | ${formatNetwork('D', summarizeNetwork(trainer.discriminator))}\n`);
  const cond = trainer.config.conditional;
  if (cond) {
    const names = ds.labelNames ?? cond.classCounts.map((_, k) => String(k));
    io.out.write(`conditional: ${cond.classes} classes (${cond.classCounts.map((m, k) => `${names[k]} ${m}`).join(', ')} training rows); sample one with lrgan sample --class K\n`);
  }
  const dp = trainer.privacy;
  if (dp !== null) {
    const p = dp.settings;
    const target = p.targetEpsilon === null ? `ε grows with the run (σ fixed by --dp-noise)` : `stops before ε passes ${p.targetEpsilon}`;
    io.out.write(`privacy: DP-SGD on D: clip ${p.clipNorm}, σ = ${+p.noiseMultiplier.toFixed(4)}, Poisson batches at q = ${+dp.sampleRate.toFixed(4)}; ${target} at δ = ${p.delta} (RDP accountant, Balle et al. 2020 conversion)\n`);
  }
  const keep = trainer.config.sampling.jacobianKeep;
  if (keep < 1) io.out.write(`samples: Jacobian-based truncation keeps ${+(keep * 100).toFixed(2)}% of latents (those where ‖∂G/∂z‖ is smallest)\n`);
  if (s.resumedFrom !== null) io.out.write(`resuming at step ${s.resumedFrom} of ${total}\n`);

  const count = requested ?? defaultEvalSamples(ds.dim);
  const every = f.number('checkpoint-every')!;
  // The history is appended first, so that it always reaches the checkpoint's step.
  const history = new HistoryFile(join(out, HISTORY_FILE), trainer.history);
  const save = (): void => {
    history.append(trainer.history);
    writeFileAtomic(ckptPath, saveCheckpoint(trainer, { ...extra }));
  };
  let lastSaved: number | null = s.resumedFrom;
  const progress = new ProgressBar(io.out, total, trainer.stepCount);
  if (dp !== null) progress.note = () => `ε ${formatEpsilon(dp.epsilon())}`;
  const startStep = trainer.stepCount;
  const t0 = performance.now();
  const stop = new StopSignal().install();
  try {
    await trainInChunks(trainer, total, stop, (step, lossD, lossG) => {
      progress.update(step, lossD, lossG);
      if (every > 0 && step % every === 0 && step < total) {
        save();
        lastSaved = step;
      }
    });
  } catch (e) {
    progress.finish();
    if (!(e instanceof NonFiniteLossError)) throw e;
    writePng(join(out, 'loss.png'), lossCurves(trainer.history, `${ds.name}: losses until step ${e.step - 1}`));
    const kept = lastSaved === null ? `no checkpoint was saved yet (--checkpoint-every ${every})` : `the last good checkpoint (step ${lastSaved}) stays in ${ckptPath}`;
    throw new Error(`${e.message}\n${kept}; loss curves in ${join(out, 'loss.png')}`);
  } finally {
    stop.uninstall();
  }
  progress.finish();
  if (dp !== null && trainer.stepCount < total && stop.request === null) {
    io.err.write(`note: stopped at step ${trainer.stepCount} of ${total}: another step would take ε past the target ${dp.settings.targetEpsilon}\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const stepsRun = trainer.stepCount - startStep;
  save();
  if (stop.request !== null) {
    const why = stop.request.reason === 'disconnect' ? 'the launcher exiting' : stop.request.reason;
    io.err.write(`stopped by ${why} at step ${trainer.stepCount} of ${total}; checkpoint: ${ckptPath}; continue with --resume\n`);
    return stop.request.exitCode;
  }

  const evalStart = performance.now();
  const generated = prep.scaler.inverse(Float32Array.from(trainer.sample(count, EVAL_SEED, { ema: true }).data));
  const report = evaluateRun(generated, prep, EVAL_SEED, { onProgress: evaluationProgress(io.err), ...(cond === undefined ? {} : { conditional: cond }) });
  const evalSeconds = (performance.now() - evalStart) / 1000;
  writePictures(out, prep, generated, trainer);
  const lastWindow = trainer.history.slice(-100);
  const mean = (k: 'lossD' | 'lossG'): number => lastWindow.reduce((a, h) => a + h[k], 0) / Math.max(1, lastWindow.length);
  writeJson(join(out, 'metrics.json'), {
    run: { ...prep.spec, dataset: ds.name, dim: ds.dim, steps: trainer.stepCount, out },
    model: { generator: summarizeNetwork(trainer.generator), discriminator: summarizeNetwork(trainer.discriminator) },
    training: {
      steps: trainer.stepCount,
      stepsThisSession: stepsRun,
      resumedFrom: s.resumedFrom,
      wallTimeSeconds: round(seconds, 3),
      stepsPerSecond: round(stepsRun / Math.max(seconds, 1e-9), 2),
      finalLossD: round(mean('lossD'), 5),
      finalLossG: round(mean('lossG'), 5),
    },
    ...(dp === null ? {} : { privacy: privacySummary(dp) }),
    evaluation: { samples: generated.length / ds.dim, seed: EVAL_SEED, ema: trainer.generatorEma !== null, jacobianKeep: trainer.config.sampling.jacobianKeep, seconds: round(evalSeconds, 3) },
    metrics: report,
  });

  const rate = stepsRun / Math.max(seconds, 1e-9);
  io.out.write(`trained ${stepsRun} steps in ${formatDuration(seconds)} (${rate.toFixed(1)} steps/s); evaluated in ${evalSeconds.toFixed(1)}s\n`);
  io.out.write(`pictures: ${join(out, 'samples.png')}, ${join(out, 'loss.png')}\n`);
  io.out.write(`metrics:  ${join(out, 'metrics.json')}   checkpoint: ${ckptPath}\n`);
  for (const line of formatReport(report, false)) io.out.write(`${line}\n`);
  if (dp !== null) {
    const s = privacySummary(dp);
    io.out.write(`  privacy guarantee     (ε = ${formatEpsilon(s.epsilon)}, δ = ${s.delta}) for every training row, over ${s.discriminatorUpdates} D updates (covers D's training; G and the samples are post-processing)\n`);
  }
  return 0;
}

/** What a private run spent, for metrics.json and the report. */
function privacySummary(dp: DiscriminatorPrivacy): { epsilon: number; delta: number; noiseMultiplier: number; clipNorm: number; sampleRate: number; discriminatorUpdates: number; targetEpsilon: number | null; conversion: string } {
  const p = dp.settings;
  return {
    epsilon: dp.epsilon(), delta: p.delta, noiseMultiplier: p.noiseMultiplier, clipNorm: p.clipNorm, sampleRate: dp.sampleRate,
    discriminatorUpdates: dp.updates, targetEpsilon: p.targetEpsilon, conversion: 'RDP (Mironov 2017) of the Poisson-sampled Gaussian mechanism, ε by Balle et al. 2020',
  };
}

function formatEpsilon(e: number): string {
  return Number.isFinite(e) ? e.toFixed(3) : '∞';
}

/**
 * trainer.train in slices of about 0.2 s with a turn of the event loop between them, so that a signal
 * (see StopSignal) stops the run after the current step.
 */
async function trainInChunks(trainer: GanTrainer, total: number, stop: StopSignal, onStep: (step: number, lossD: number, lossG: number) => void): Promise<void> {
  let chunk = 5;
  while (trainer.stepCount < total && stop.request === null && trainer.canStep()) {
    const t = performance.now();
    const before = trainer.stepCount;
    trainer.train(Math.min(total, before + chunk), (st) => onStep(st.step, st.lossD, st.lossG));
    const ms = performance.now() - t;
    chunk = Math.max(1, Math.min(10_000, Math.round(((trainer.stepCount - before) * 200) / Math.max(ms, 1))));
    await new Promise<void>((r) => setImmediate(r));
  }
}

function dataName(spec: string): string {
  if ((BUILT_IN_DATASETS as readonly string[]).includes(spec)) return spec;
  return basename(spec.replace(/[\\/]+$/, '')).replace(/\.csv(\.gz)?$/i, '');
}

/** '--categorical color,3' → ['color', 3]. */
function parseCategorical(text: string): (number | string)[] {
  const items = text.split(',').map((t) => t.trim());
  if (items.some((t) => t === '')) throw new UsageError(`--categorical: expected comma-separated column indices or header names, got '${text}'`, 'train');
  return items.map(parseLabelColumn);
}

function normalizeFlag(f: ParsedFlags): Normalization {
  const v = f.string('normalize')!;
  if (!(NORMALIZATIONS as readonly string[]).includes(v)) throw new UsageError(`--normalize: expected one of ${NORMALIZATIONS.join(', ')}, got '${v}'`, 'train');
  return v as Normalization;
}

function runSpecFromFlags(f: ParsedFlags): RunSpec {
  const data = f.string('data');
  if (data === undefined) throw new UsageError('--data is required (ring8, grid25, digits, mnist, fashion, a CSV file or a folder of PNGs)', 'train');
  const spec: RunSpec = { data: normalizeDataSpec(data), n: f.number('n')!, seed: f.number('seed')! };
  if (f.has('label-column')) spec.labelColumn = parseLabelColumn(f.string('label-column')!);
  if (f.has('held-out')) spec.heldOut = f.number('held-out')!;
  if (f.has('classes')) spec.classes = parseClassList(f.string('classes')!, 'train');
  if (f.has('categorical')) spec.categorical = parseCategorical(f.string('categorical')!);
  const normalize = normalizeFlag(f);
  if (normalize === 'quantile' && (f.given.has('dp-epsilon') || f.given.has('dp-noise'))) {
    throw new UsageError('--normalize quantile stores every distinct training value of each column in the checkpoint, outside the DP guarantee; a private run needs --normalize minmax', 'train');
  }
  if (normalize !== 'minmax') spec.normalize = normalize;
  if (f.has('image-size')) spec.imageSize = imageSizeFor(spec.data, f.string('image-size')!, 'train');
  return spec;
}

function shapeOf(prep: PreparedData): DataShape {
  const shape: DataShape = { dim: prep.dataset.dim, fill: scaledZero(prep.scaler), name: prep.dataset.name };
  if (prep.dataset.image !== undefined) shape.image = prep.dataset.image;
  if (prep.dataset.layout !== undefined) shape.categoryBlocks = categoryBlocks(prep.dataset.layout);
  const labels = prep.split.train.labels;
  if (labels !== null) shape.classCounts = classCounts(labels, prep.dataset.numClasses);
  return shape;
}

function newSession(f: ParsedFlags, io: Io, overwrite: boolean): Session {
  const spec = runSpecFromFlags(f);
  const out = f.string('out') ?? defaultOutDir(dataName(spec.data), f);
  if (!overwrite && !f.switch('force') && existsSync(join(out, CHECKPOINT_FILE))) {
    throw new Error(`${out} already holds a run (${CHECKPOINT_FILE}); continue it with --resume, overwrite it with --force, or choose another --out`);
  }
  const prep = prepareData(spec);
  for (const note of prep.dataset.notes ?? []) io.err.write(`note: ${prep.dataset.name}: ${note}\n`);
  if (prep.split.heldOut.n < MIN_EVAL_ROWS) {
    throw new Error(`${prep.dataset.name} leaves ${prep.split.heldOut.n} held-out examples after --n ${spec.n}; the evaluation needs at least ${MIN_EVAL_ROWS}`);
  }
  // Classes a user named (--label-column) are what they will ask samples of; built-in sets stay unconditional unless asked.
  const classFolders = prep.dataset.image !== undefined && prep.dataset.labels !== null && !(BUILT_IN_DATASETS as readonly string[]).includes(spec.data);
  const config = configFromFlags(f, shapeOf(prep), { conditional: spec.labelColumn !== undefined || classFolders, rows: prep.split.train.n });
  try {
    checkConfig(config);
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/^config: /, '')}`, 'train');
  }
  const aug = config.augmentation;
  if (f.given.has('augment') && aug.method.kind !== 'none' && aug.p === 0 && aug.adaptive === null) {
    io.err.write(`note: --augment ${aug.method.kind} does nothing with --augment-p 0; pass --augment-p P or --ada\n`);
  }
  return { out, prep, trainer: new GanTrainer(prep.scaled, config, undefined, trainLabels(prep, config)), resumedFrom: null };
}

function resumeSession(f: ParsedFlags, io: Io): Session {
  const out = f.string('out') ?? (f.has('data') ? defaultOutDir(dataName(f.string('data')!), f) : undefined);
  if (out === undefined) throw new UsageError('--resume needs --out DIR, the folder of the run to continue', 'train');
  const path = join(out, CHECKPOINT_FILE);
  if (!existsSync(path)) throw new Error(`--resume: there is no checkpoint at ${path}`);
  const ckpt = loadCheckpointFile(path);
  const extra = runExtra(ckpt, path);
  checkSameRun(f, extra.run);
  const prep = prepareData(extra.run, runScaler(extra, path));
  checkSameCategorical(f, extra.run, prep);
  checkSameConfig(f, ckpt.config, shapeOf(prep));
  for (const flag of PRIVACY_FLAGS) {
    if (f.given.has(flag.name)) throw new UsageError(`--${flag.name}: ${resumeHint}`, 'train');
  }
  const step = checkpointStep(ckpt);
  const history = readRunHistory(join(out, HISTORY_FILE), step);
  const labels = trainLabels(prep, ckpt.config);
  const trainer = resumeTrainer(ckpt, prep.scaled, { ...(history === undefined ? {} : { history }), ...(labels === undefined ? {} : { labels }) });
  if (trainer.history.length < step) io.err.write(`note: ${join(out, HISTORY_FILE)} is missing; loss.png shows only the steps from ${step} on\n`);
  const steps = stepsOf(f, trainer.config);
  if (steps < trainer.stepCount) {
    const given = f.given.has('steps') ? `--steps ${steps}` : `--steps (default ${steps})`;
    throw new UsageError(`${given} is below the ${trainer.stepCount} steps the run in ${out} has done; --resume continues to a larger total, e.g. --steps ${trainer.stepCount * 2}`, 'train');
  }
  // A new --steps stretches a decaying learning-rate schedule over the new total.
  if (trainer.config.optimizer.totalSteps !== null) trainer.config.optimizer.totalSteps = steps;
  return { out, prep, trainer, resumedFrom: trainer.stepCount };
}

/** The training rows' classes when the run is conditional. */
function trainLabels(prep: PreparedData, config: GanConfig): Int32Array | undefined {
  return config.conditional ? prep.split.train.labels ?? undefined : undefined;
}

const resumeHint = 'with --resume the run keeps the settings it was started with; drop the flag, or start a new run in another --out';

function checkSameRun(f: ParsedFlags, run: RunSpec): void {
  const mine: Record<(typeof RUN_FLAGS)[number], [unknown, unknown]> = {
    data: [f.has('data') ? normalizeDataSpec(f.string('data')!) : undefined, run.data],
    n: [f.number('n'), run.n],
    seed: [f.number('seed'), run.seed],
    'held-out': [f.number('held-out'), run.heldOut],
    'label-column': [f.has('label-column') ? parseLabelColumn(f.string('label-column')!) : undefined, run.labelColumn],
    classes: [f.has('classes') ? parseClassList(f.string('classes')!, 'train').join(',') : undefined, run.classes?.join(',')],
    categorical: [f.has('categorical') ? JSON.stringify(parseCategorical(f.string('categorical')!)) : undefined, run.categorical === undefined ? undefined : JSON.stringify(run.categorical)],
    normalize: [normalizeFlag(f), run.normalize ?? 'minmax'],
    'image-size': [f.has('image-size') ? sizeText(parseImageSize(f.string('image-size')!, 'train')) : undefined, run.imageSize === undefined ? undefined : sizeText(run.imageSize)],
  };
  for (const k of RUN_FLAGS) {
    const [given, stored] = mine[k];
    // The same columns may be named by index or by header name: compared below on the loaded data.
    if (k === 'categorical' && given !== undefined && stored !== undefined) continue;
    if (f.given.has(k) && given !== stored) throw new UsageError(differsText(k, given, stored), 'train');
  }
}

const differsText = (flag: string, given: unknown, stored: unknown): string =>
  `--${flag} ${String(given)} differs from the checkpoint's (${stored === undefined ? 'not set' : String(stored)}); ${resumeHint}`;

/** --categorical on --resume names the stored run's categorical columns when the data reads into the same layout. */
function checkSameCategorical(f: ParsedFlags, run: RunSpec, prep: PreparedData): void {
  if (!f.given.has('categorical') || run.categorical === undefined) return;
  const given = parseCategorical(f.string('categorical')!);
  if (JSON.stringify(given) === JSON.stringify(run.categorical)) return;
  const mine = prepareData({ ...run, categorical: given });
  if (JSON.stringify(mine.dataset.layout) !== JSON.stringify(prep.dataset.layout)) {
    throw new UsageError(differsText('categorical', JSON.stringify(given), JSON.stringify(run.categorical)), 'train');
  }
}

function checkSameConfig(f: ParsedFlags, stored: GanConfig, shape: DataShape): void {
  const reference = JSON.stringify(stored);
  for (const k of CONFIG_FLAGS) {
    if (!f.given.has(k)) continue;
    const c = JSON.parse(reference) as GanConfig;
    applyConfigFlags(c, f.only([k]), shape);
    if (JSON.stringify(c) !== reference) throw new UsageError(`--${k} differs from the checkpoint's config; ${resumeHint}`, 'train');
  }
}

function writePictures(out: string, prep: PreparedData, generated: Float32Array, trainer: GanTrainer): void {
  const ds = prep.dataset;
  const train = prep.split.train;
  const step = trainer.stepCount;
  if (ds.image !== undefined) {
    const realCount = Math.min(GRID_COLUMNS, train.n);
    const genCount = Math.min(GRID_COLUMNS * GENERATED_ROWS, generated.length / ds.dim);
    writePng(join(out, 'samples.png'), imageComparison(train.x, realCount, generated, genCount, ds.image, GRID_COLUMNS));
  } else {
    const title = `${ds.name}, n = ${train.n}, step ${step}`;
    writePng(join(out, 'samples.png'), scatterComparison(train.x, generated, ds.dim, title));
  }
  writePng(join(out, 'loss.png'), lossCurves(trainer.history, `${ds.name}: losses`));
}

function writePng(path: string, image: Parameters<typeof encodePng>[0]): void {
  writeFileSync(path, encodePng(image));
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function round(v: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(v * p) / p;
}

export const trainCommand: Command = { spec: TRAIN_COMMAND, run: (f, io) => runTrain(f, io) };
