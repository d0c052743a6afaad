/**
 * Training progress on a stream: on a terminal one line redrawn in place with \r (at most ~10 times a
 * second); elsewhere (pipes, logs, CI) a plain line every 10% of the run.
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const REDRAW_MS = 100;
const BAR = 24;

export class ProgressBar {
  private readonly tty: boolean;
  private readonly startStep: number;
  private readonly startTime: number;
  private lastDraw = -Infinity;
  private nextMilestone: number;
  private sumD = 0;
  private sumG = 0;
  private count = 0;
  private drawn = false;
  /** Appended to each progress line (e.g. the privacy spent so far), when set. */
  note: (() => string) | null = null;

  /** Steps run from startStep (a resumed run's first step) up to total. */
  constructor(
    private readonly out: ProgressStream,
    private readonly total: number,
    startStep = 0,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tty = out.isTTY === true;
    this.startStep = startStep;
    this.startTime = now();
    this.nextMilestone = this.milestoneAfter(startStep);
  }

  /** Records one finished step; draws when it is time to. */
  update(step: number, lossD: number, lossG: number): void {
    this.sumD += lossD;
    this.sumG += lossG;
    this.count++;
    const t = this.now();
    if (this.tty) {
      if (t - this.lastDraw < REDRAW_MS && step < this.total) return;
      this.lastDraw = t;
      const line = this.describe(step, t, true);
      const width = Math.max(20, (this.out.columns || 100) - 1);
      this.out.write(`\r${line.length > width ? line.slice(0, width) : line.padEnd(width)}`);
      this.drawn = true;
    } else {
      if (step < this.nextMilestone && step < this.total) return;
      this.nextMilestone = this.milestoneAfter(step);
      this.out.write(`${this.describe(step, t, false)}\n`);
    }
  }

  /** Ends the in-place line so that later output starts on a fresh line. */
  finish(): void {
    if (this.tty && this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  /** Steps per second since the start, 0 before the first step. */
  rate(step: number): number {
    const seconds = (this.now() - this.startTime) / 1000;
    return seconds > 0 ? (step - this.startStep) / seconds : 0;
  }

  private describe(step: number, t: number, bar: boolean): string {
    const frac = this.total > 0 ? step / this.total : 1;
    const pct = `${Math.floor(frac * 100)}%`.padStart(4);
    const seconds = (t - this.startTime) / 1000;
    const rate = seconds > 0 ? (step - this.startStep) / seconds : 0;
    const eta = rate > 0 ? formatDuration((this.total - step) / rate) : '?';
    const lossD = this.count > 0 ? (this.sumD / this.count).toFixed(3) : '-';
    const lossG = this.count > 0 ? (this.sumG / this.count).toFixed(3) : '-';
    this.sumD = 0;
    this.sumG = 0;
    this.count = 0;
    const w = String(this.total).length;
    const head = bar
      ? `${String(step).padStart(w)}/${this.total} [${'#'.repeat(Math.round(frac * BAR)).padEnd(BAR, '-')}] ${pct}`
      : `step ${String(step).padStart(w)}/${this.total} ${pct}`;
    const note = this.note === null ? '' : `  ${this.note()}`;
    return `${head}  lossD ${lossD}  lossG ${lossG}  ${rate.toFixed(rate < 10 ? 1 : 0)} steps/s  ETA ${eta}${note}`;
  }

  /** The next step at or after a 10% boundary strictly beyond `step`. */
  private milestoneAfter(step: number): number {
    const tenth = Math.max(1, this.total / 10);
    return Math.min(this.total, Math.ceil((Math.floor(step / tenth) + 1) * tenth));
  }
}

/** 75 → "1:15", 3725 → "1:02:05", 4.2 → "4s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
