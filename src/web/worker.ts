/**
 * The page's training worker: owns the trainer, trains in slices between messages so that pause,
 * step and speed take effect at once, and posts frames (live samples, D's map, G's warped latent
 * grid, losses) and, every METRICS_EVERY steps, the CLI's evaluation report.
 */
import { Scaler } from '../data/scaler.js';
import { evaluateSamples } from '../eval/evaluate.js';
import { runEvaluationInput } from '../eval/runInput.js';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../gan/checkpoint.js';
import { type GanTrainer, sampleGenerator } from '../gan/trainer.js';
import { noGrad, sigmoid } from '../autograd/index.js';
import { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/create.js';
import type { DataSource, FromWorker, PlaneView, Settings, ToWorker } from './protocol.js';
import { type Session, layerCounts, makeSession, makeTrainer, runExtra } from './session.js';

/** Seed of the latents behind the metrics: the CLI's EVAL_SEED, so the figures match `lrgan eval`. */
const EVAL_SEED = 2024;
const EVAL_SAMPLES = 1000;
const METRICS_EVERY = 1000;
const LIVE_SAMPLES = 500;
const LIVE_SEED = 7;
const MAP_RES = 40;
const GRID_LINES = 15;
/** At top speed: train this long per slice, then yield to messages and post a frame. */
const SLICE_MS = 40;

interface Post {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = globalThis as unknown as Post & { onmessage: ((e: MessageEvent<ToWorker>) => void) | null };

let session: Session | null = null;
let settings: Settings | null = null;
let trainer: GanTrainer | null = null;
let running = false;
let speed = 5;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastMetrics = -1;
let pendingD: number[] = [];
let pendingG: number[] = [];
let rate = { steps: 0, since: 0, value: 0 };

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function start(s: Settings): void {
  settings = s;
  session = makeSession(s.data, s.n, s.seed);
  trainer = makeTrainer(session, s);
  afterNewTrainer();
}

function afterNewTrainer(): void {
  const ds = session!.dataset;
  lastMetrics = -1;
  pendingD = [];
  pendingG = [];
  post({
    type: 'ready', name: ds.name, dim: ds.dim, image: ds.image ?? null,
    real: Float32Array.from(session!.split.train.x),
    layersG: layerCounts(trainer!.generator), layersD: layerCounts(trainer!.discriminator), settings: settings!,
  });
  frame();
}

function trainSlice(): void {
  const t = trainer!;
  const t0 = performance.now();
  const record = (): void => {
    const h = t.history[t.history.length - 1]!;
    pendingD.push(h.lossD);
    pendingG.push(h.lossG);
  };
  if (speed >= 5) {
    // The first slice of a run is short, so that its first picture comes at once.
    const budget = t.stepCount === 0 ? 1 : SLICE_MS;
    // A slice ends on a multiple of METRICS_EVERY, so the figures come at exact steps (same seed, same figures).
    while (performance.now() - t0 < budget) {
      t.step();
      record();
      if (t.stepCount % METRICS_EVERY === 0) break;
    }
  } else {
    const count = speed === 4 ? 50 : speed === 3 ? 10 : 1;
    for (let i = 0; i < count; i++) {
      t.step();
      record();
      if (t.stepCount % METRICS_EVERY === 0) break;
    }
  }
}

function loop(): void {
  timer = null;
  if (!running || trainer === null) return;
  try {
    trainSlice();
    frame();
    if (trainer.stepCount % METRICS_EVERY === 0 && trainer.stepCount !== lastMetrics) metrics();
  } catch (e) {
    running = false;
    post({ type: 'error', message: (e as Error).message });
    return;
  }
  const delay = speed === 1 ? 200 : speed === 2 ? 50 : 0;
  timer = setTimeout(loop, delay);
}

/** The live generator on fixed latents, D's map and the warped grid (2-D data only). */
function frame(): void {
  const t = trainer!;
  const s = session!;
  const now = performance.now();
  if (rate.since === 0) rate = { steps: t.stepCount, since: now, value: 0 };
  else if (now - rate.since > 1000) rate = { steps: t.stepCount, since: now, value: ((t.stepCount - rate.steps) * 1000) / (now - rate.since) };
  const count = s.dataset.image ? 32 : LIVE_SAMPLES;
  const raw = sampleGenerator(t.generator, t.config.latent.dim, count, LIVE_SEED);
  const fake = Float32Array.from(s.scaler.inverse(Float32Array.from(raw.data)));
  const plane = s.dataset.dim === 2 ? planeView() : null;
  post({ type: 'frame', step: t.stepCount, stepsPerSecond: rate.value, lossD: pendingD, lossG: pendingG, fake, plane }, [fake.buffer]);
  pendingD = [];
  pendingG = [];
}

function planeView(): PlaneView {
  const t = trainer!;
  const s = session!;
  const x = s.split.train.x;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]!);
    hi = Math.max(hi, x[i]!);
  }
  const margin = 0.25 * (hi - lo) + 0.05;
  const box: [number, number, number, number] = [lo - margin, hi + margin, lo - margin, hi + margin];
  const pts = new Float64Array(MAP_RES * MAP_RES * 2);
  for (let r = 0; r < MAP_RES; r++) {
    for (let c = 0; c < MAP_RES; c++) {
      const i = r * MAP_RES + c;
      pts[2 * i] = box[0] + ((c + 0.5) / MAP_RES) * (box[1] - box[0]);
      pts[2 * i + 1] = box[3] - ((r + 0.5) / MAP_RES) * (box[3] - box[2]);
    }
  }
  const D = t.discriminator;
  const wasTraining = D.training;
  D.eval();
  const probs = noGrad(() => sigmoid(D.forward(new Tensor(Float32Array.from(s.scaler.transform(pts)), [MAP_RES * MAP_RES, 2]))));
  D.train(wasTraining);
  const z = zeros([GRID_LINES * GRID_LINES, t.config.latent.dim]);
  for (let a = 0; a < GRID_LINES; a++) {
    for (let b = 0; b < GRID_LINES; b++) {
      const i = a * GRID_LINES + b;
      z.data[i * t.config.latent.dim] = -2 + (4 * a) / (GRID_LINES - 1);
      if (t.config.latent.dim > 1) z.data[i * t.config.latent.dim + 1] = -2 + (4 * b) / (GRID_LINES - 1);
    }
  }
  const G = t.generator;
  const gTraining = G.training;
  G.eval();
  const warped = noGrad(() => G.forward(z));
  G.train(gTraining);
  return {
    box, res: MAP_RES, decision: Float32Array.from(probs.data),
    warped: Float32Array.from(s.scaler.inverse(Float32Array.from(warped.data))), lines: GRID_LINES,
  };
}

/** The report `lrgan train` prints, on EVAL_SAMPLES samples of the EMA generator with the run's truncation. */
function metrics(): void {
  const t = trainer!;
  const s = session!;
  const t0 = performance.now();
  lastMetrics = t.stepCount;
  const generated = s.scaler.inverse(Float32Array.from(t.sample(EVAL_SAMPLES, EVAL_SEED, { ema: true }).data));
  const input = runEvaluationInput(generated, s.dataset, s.split, EVAL_SEED);
  const report = evaluateSamples(input);
  post({ type: 'metrics', step: t.stepCount, report, seconds: (performance.now() - t0) / 1000 });
}

function stepOnce(which: 'both' | 'd' | 'g'): void {
  const t = trainer!;
  if (which === 'both') {
    const st = t.step();
    pendingD.push(st.lossD);
    pendingG.push(st.lossG);
  } else if (which === 'd') {
    pendingD.push(t.discriminatorStep().loss);
  } else {
    pendingG.push(t.generatorStep());
  }
  frame();
}

function load(bytes: Uint8Array, digitsCsv: string): void {
  const ckpt = readCheckpoint(bytes, 'the loaded file');
  const extra = ckpt.extra as { run?: { data?: string; n?: number; seed?: number }; scaler?: unknown };
  const run = extra.run;
  if (!run || typeof run.n !== 'number' || typeof run.seed !== 'number' || !['ring8', 'grid25', 'digits'].includes(run.data ?? '')) {
    throw new Error(`the checkpoint's data (${JSON.stringify(run?.data ?? null)}) is not one the page can rebuild: ring8, grid25 or digits`);
  }
  // The page rebuilds the split from data, n and seed alone; a run that chose classes or columns would train on other rows.
  const unsupported = Object.keys(run).filter((k) => !['data', 'n', 'seed', 'heldOut'].includes(k));
  if (unsupported.length > 0) {
    throw new Error(`the checkpoint's run sets ${unsupported.join(', ')} (${JSON.stringify(run)}), which the page cannot rebuild; continue it with lrgan train --resume`);
  }
  const source: DataSource = run.data === 'digits' ? { kind: 'digits', csv: digitsCsv } : { kind: run.data as 'ring8' | 'grid25' };
  session = makeSession(source, run.n, run.seed, Scaler.fromJSON(extra.scaler));
  trainer = resumeTrainer(ckpt, session.scaled);
  const c = ckpt.config;
  const ranks = (r: typeof c.generator.rank, layers: number): (number | 'full')[] => (Array.isArray(r) ? r.slice() : Array.from({ length: layers }, () => r));
  settings = {
    data: source, n: run.n, seed: run.seed, hidden: c.generator.hidden.slice(),
    ranksG: ranks(c.generator.rank, c.generator.hidden.length + 1), ranksD: ranks(c.discriminator.rank, c.discriminator.hidden.length + 1),
    lrG: c.optimizer.lrG, lrD: c.optimizer.lrD, r1: c.penalties.r1Gamma > 0, augment: c.augmentation.method.kind !== 'none' && c.augmentation.p > 0,
  };
  afterNewTrainer();
}

scope.onmessage = (e: MessageEvent<ToWorker>): void => {
  const m = e.data;
  try {
    if (m.type === 'start') {
      start(m.settings);
      running = true;
    } else if (m.type === 'run') {
      running = m.running && trainer !== null;
    } else if (m.type === 'speed') {
      speed = m.speed;
    } else if (m.type === 'step') {
      running = false;
      if (trainer !== null) stepOnce(m.which);
    } else if (m.type === 'save') {
      if (trainer === null) throw new Error('nothing to save: press Start first');
      const bytes = saveCheckpoint(trainer, runExtra(session!, settings!));
      post({ type: 'checkpoint', bytes, step: trainer.stepCount }, [bytes.buffer]);
    } else if (m.type === 'load') {
      running = false;
      load(m.bytes, m.digitsCsv);
    }
  } catch (err) {
    running = false;
    post({ type: 'error', message: (err as Error).message });
  }
  if (running && timer === null) timer = setTimeout(loop, 0);
};

