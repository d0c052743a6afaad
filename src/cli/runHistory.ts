/**
 * history.csv beside a run's checkpoint: the per-step losses (src/gan/lossHistory.ts). Rows are appended
 * before each checkpoint is written, so the file always reaches at least the checkpoint's step; rows
 * beyond it (written before a crash) are dropped when the run resumes.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { HISTORY_HEADER, formatHistoryRows, parseHistoryCsv } from '../gan/lossHistory.js';
import type { StepStats } from '../gan/trainer.js';
import { writeFileAtomic } from '../node/checkpointFile.js';

export const HISTORY_FILE = 'history.csv';

export class HistoryFile {
  /** Rows of the history already in the file. */
  private written: number;

  /** Starts the file afresh with rows (atomically): a new run, or a resumed one cut back to its checkpoint. */
  constructor(readonly path: string, rows: readonly StepStats[]) {
    writeFileAtomic(path, new TextEncoder().encode(HISTORY_HEADER + formatHistoryRows(rows)));
    this.written = rows.length;
  }

  /** Appends the rows of history not yet in the file, and flushes them to disk. */
  append(history: readonly StepStats[]): void {
    if (history.length <= this.written) return;
    const bytes = new TextEncoder().encode(formatHistoryRows(history.slice(this.written)));
    let fd: number | null = null;
    try {
      fd = openSync(this.path, 'a');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } catch (e) {
      throw new Error(`cannot append to the loss history '${this.path}' (${(e as Error).message})`, { cause: e });
    } finally {
      if (fd !== null) closeSync(fd);
    }
    this.written = history.length;
  }
}

/** Steps 1..step of a run's history file; undefined when there is none (a checkpoint that kept it in its header). */
export function readRunHistory(path: string, step: number): StepStats[] | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the loss history '${path}' (${(e as Error).message})`, { cause: e });
  }
  return parseHistoryCsv(text, path, step);
}
