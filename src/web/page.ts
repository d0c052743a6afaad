/**
 * The page's main thread: reads the controls, talks to the training worker and draws what it sends.
 * It never trains, so the page answers while the worker runs. Every UI event's input delay
 * (handler start − event.timeStamp) is shown and kept in #latency's data-max-delay.
 */
import type { EvaluationReport } from '../eval/evaluate.js';
import { drawImages, drawLosses, drawPlane, fromPixel } from './draw.js';
import { fetchDigitsCsv, rowsFromFiles } from './files.js';
import type { DataSource, FromWorker, LayerCount, PlaneView, Settings, StepKind, ToWorker } from './protocol.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page: no element #${id}`);
  return el as T;
};
const input = (id: string): HTMLInputElement => $<HTMLInputElement>(id);
const plane = $<HTMLCanvasElement>('plane').getContext('2d')!;
const lossCanvas = $<HTMLCanvasElement>('loss').getContext('2d')!;
/** Box of the drawn-points canvas before any data exists, in data units. */
const DRAW_BOX: [number, number, number, number] = [-1.5, 1.5, -1.5, 1.5];

const worker = new Worker('worker.js', { type: 'module' });
let drawn: number[] = [];
let dropped: (DataSource & { kind: 'rows' }) | null = null;
let digitsCsv: Promise<string> | null = null;
let real: Float32Array = new Float32Array(0);
let image: { height: number; width: number; channels: 1 | 3 } | null = null;
let lastView: PlaneView | null = null;
let lossD: number[] = [];
let lossG: number[] = [];
let maxDelay = 0;
/** performance.now() of the last Start click, until the first trained frame arrives. */
let startedAt: number | null = null;

function send(message: ToWorker, transfer: Transferable[] = []): void {
  worker.postMessage(message, transfer);
}

function showError(text: string): void {
  $('error').textContent = text;
}

/** Wraps a UI handler: measures its input delay and shows errors instead of losing them. */
function on<K extends keyof HTMLElementEventMap>(el: HTMLElement, kind: K, handler: (e: HTMLElementEventMap[K]) => void | Promise<void>): void {
  el.addEventListener(kind, (e) => {
    const delay = performance.now() - e.timeStamp;
    maxDelay = Math.max(maxDelay, delay);
    const lat = $('latency');
    lat.dataset.lastDelay = delay.toFixed(1);
    lat.dataset.maxDelay = maxDelay.toFixed(1);
    lat.textContent = `UI input delay: last ${delay.toFixed(1)} ms, max ${maxDelay.toFixed(1)} ms`;
    Promise.resolve(handler(e)).catch((err: unknown) => showError((err as Error).message));
  });
}

function parseRanks(id: string, layers: number): (number | 'full')[] {
  const parts = input(id).value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const ranks = parts.map((s) => {
    if (s === 'full') return 'full' as const;
    const r = Number(s);
    if (!Number.isInteger(r) || r < 1) throw new Error(`${id}: each rank must be a positive integer or 'full', got '${s}'`);
    return r;
  });
  if (ranks.length === 1) return Array.from({ length: layers }, () => ranks[0]!);
  if (ranks.length !== layers) throw new Error(`${id}: expected 1 or ${layers} ranks (one per layer, input side first), got ${ranks.length}`);
  return ranks;
}

function positive(id: string): number {
  const v = Number(input(id).value);
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${id}: expected a positive number, got '${input(id).value}'`);
  return v;
}

async function dataSource(): Promise<DataSource> {
  const kind = $<HTMLSelectElement>('data').value;
  if (kind === 'ring8' || kind === 'grid25') return { kind };
  if (kind === 'points') return { kind: 'points', centers: Float64Array.from(drawn) };
  if (kind === 'digits') return { kind: 'digits', csv: await digits() };
  if (dropped === null) throw new Error('data: drop a .csv file or .png files on the drop area first');
  return dropped;
}

function digits(): Promise<string> {
  digitsCsv ??= fetchDigitsCsv();
  return digitsCsv;
}

async function settings(): Promise<Settings> {
  const hidden = input('hidden').value.split(',').map((s) => Number(s.trim()));
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new Error(`hidden: expected widths like 128,128, got '${input('hidden').value}'`);
  const n = Number(input('n').value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`N: expected a positive integer, got '${input('n').value}'`);
  const seed = Number(input('seed').value);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed: expected an integer, got '${input('seed').value}'`);
  return {
    data: await dataSource(), n, seed, hidden,
    ranksG: parseRanks('rankG', hidden.length + 1), ranksD: parseRanks('rankD', hidden.length + 1),
    lrG: positive('lrG'), lrD: positive('lrD'), r1: input('r1').checked, augment: input('augment').checked,
  };
}

function box(): [number, number, number, number] {
  return lastView?.box ?? DRAW_BOX;
}

function redraw(fake: Float32Array | null): void {
  if (image !== null) drawImages(plane, image, real, fake);
  else if ($<HTMLSelectElement>('data').value === 'points' && real.length === 0) drawPlane(plane, null, DRAW_BOX, Float64Array.from(drawn), null);
  else drawPlane(plane, lastView, box(), real, fake);
  drawLosses(lossCanvas, lossD, lossG);
}

function showParams(g: LayerCount[], d: LayerCount[]): void {
  const rows = ['<tr><th>layer</th><th>rank</th><th>params</th><th>full rank</th></tr>'];
  for (const [tag, layers] of [['G', g], ['D', d]] as const) {
    let p = 0, f = 0;
    layers.forEach((l, i) => {
      p += l.parameters;
      f += l.fullRank;
      rows.push(`<tr><th>${tag}${i + 1} ${l.shape}</th><td>${l.rank}</td><td>${l.parameters.toLocaleString('en-US')}</td><td>${l.fullRank.toLocaleString('en-US')}</td></tr>`);
    });
    rows.push(`<tr><th>${tag} total</th><td></td><td>${p.toLocaleString('en-US')}</td><td>${f.toLocaleString('en-US')} (${Math.round((100 * p) / f)}%)</td></tr>`);
  }
  $('params').innerHTML = rows.join('');
}

function showMetrics(step: number, r: EvaluationReport, seconds: number): void {
  const t = $('metrics');
  const rows: [string, string, string][] = [['step', String(step), 'step']];
  if (r.modes) {
    rows.push(['modes covered', `${r.modes.modesCovered} / ${r.modes.modes}`, 'modes']);
    rows.push(['high quality', `${(100 * r.modes.highQualityFraction).toFixed(1)}%`, 'hq']);
    rows.push(['reverse KL', r.modes.reverseKL === null ? '–' : r.modes.reverseKL.toFixed(3), 'rkl']);
  }
  rows.push(['precision / recall', `${r.quality.precision.toFixed(3)} / ${r.quality.recall.toFixed(3)}`, 'pr']);
  rows.push(['coverage', r.quality.coverage.toFixed(3), 'coverage']);
  rows.push(['NN ratio (≈1 generalizes, →0 copies)', r.memorization.nnRatio.toFixed(3), 'nn']);
  rows.push(['copy fraction', `${(100 * r.memorization.copyFraction).toFixed(1)}%`, 'copy']);
  rows.push(['samples, seconds', `${r.counts.generated}, ${seconds.toFixed(2)} s`, 'cost']);
  t.innerHTML = rows.map(([k, v, id]) => `<tr><th>${k}</th><td id="m-${id}">${v}</td></tr>`).join('');
  t.dataset.step = String(step);
  t.dataset.modesCovered = String(r.modes?.modesCovered ?? '');
  t.dataset.highQuality = String(r.modes?.highQualityFraction ?? '');
  t.dataset.nnRatio = String(r.memorization.nnRatio);
  t.dataset.copyFraction = String(r.memorization.copyFraction);
}

function setRunning(running: boolean): void {
  $<HTMLButtonElement>('pause').disabled = !running;
  $<HTMLButtonElement>('pause').textContent = 'Pause';
  $('pause').dataset.running = String(running);
}

worker.onmessage = (e: MessageEvent<FromWorker>): void => {
  const m = e.data;
  if (m.type === 'ready') {
    real = m.real;
    image = m.image;
    lastView = null;
    lossD = [];
    lossG = [];
    showParams(m.layersG, m.layersD);
    $('metrics').innerHTML = '';
    showError('');
  } else if (m.type === 'frame') {
    lossD.push(...m.lossD);
    lossG.push(...m.lossG);
    if (m.plane !== null) lastView = m.plane;
    const status = $('status');
    status.dataset.step = String(m.step);
    status.dataset.stepsPerSecond = m.stepsPerSecond.toFixed(1);
    status.textContent = `step ${m.step} · ${m.stepsPerSecond.toFixed(1)} steps/s`;
    if (startedAt !== null && m.step > 0) {
      status.dataset.firstFrameMs = (performance.now() - startedAt).toFixed(0);
      startedAt = null;
    }
    redraw(m.fake);
  } else if (m.type === 'metrics') {
    showMetrics(m.step, m.report, m.seconds);
  } else if (m.type === 'checkpoint') {
    const url = URL.createObjectURL(new Blob([Uint8Array.from(m.bytes)], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `lrgan-step${m.step}.safetensors`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } else if (m.type === 'error') {
    setRunning(false);
    showError(m.message);
  }
};

on($('start'), 'click', async () => {
  showError('');
  startedAt = performance.now();
  send({ type: 'speed', speed: Number(input('speed').value) });
  send({ type: 'start', settings: await settings() });
  setRunning(true);
});
on($('pause'), 'click', () => {
  const running = $('pause').dataset.running !== 'true';
  send({ type: 'run', running });
  setRunning(running);
  if (!running) $<HTMLButtonElement>('pause').disabled = false;
  $<HTMLButtonElement>('pause').textContent = running ? 'Pause' : 'Resume';
});
for (const [id, which] of [['stepBoth', 'both'], ['stepD', 'd'], ['stepG', 'g']] as [string, StepKind][]) {
  on($(id), 'click', () => {
    send({ type: 'step', which });
    setRunning(false);
    $<HTMLButtonElement>('pause').disabled = false;
    $<HTMLButtonElement>('pause').textContent = 'Resume';
  });
}
on(input('speed'), 'input', () => send({ type: 'speed', speed: Number(input('speed').value) }));
on($('save'), 'click', () => send({ type: 'save' }));
on(input('load'), 'change', async () => {
  const file = input('load').files?.[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  send({ type: 'load', bytes, digitsCsv: await digits() }, [bytes.buffer]);
  setRunning(false);
  $<HTMLButtonElement>('pause').disabled = false;
  $<HTMLButtonElement>('pause').textContent = 'Resume';
});
on($('plane'), 'click', (e) => {
  if ($<HTMLSelectElement>('data').value !== 'points') return;
  const canvas = $<HTMLCanvasElement>('plane');
  const rect = canvas.getBoundingClientRect();
  const [x, y] = fromPixel(DRAW_BOX, rect.width, rect.height, e.clientX - rect.left, e.clientY - rect.top);
  drawn.push(x, y);
  real = new Float32Array(0);
  redraw(null);
});
on($('data'), 'change', () => {
  if ($<HTMLSelectElement>('data').value === 'points') {
    drawn = [];
    real = new Float32Array(0);
    image = null;
    redraw(null);
  }
});
const drop = $('drop');
on(drop, 'dragover', (e) => e.preventDefault());
on(drop, 'drop', async (e) => {
  e.preventDefault();
  const rows = await rowsFromFiles(Array.from(e.dataTransfer?.files ?? []));
  dropped = rows;
  $<HTMLSelectElement>('data').value = 'rows';
  const count = rows.x.length / rows.dim;
  drop.textContent = `${rows.name}: ${count} rows of ${rows.dim} columns${rows.image ? ` (${rows.image.height}x${rows.image.width} images)` : ''}`;
});
redraw(null);
