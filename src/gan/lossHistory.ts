/**
 * The per-step loss history as CSV text, kept beside a checkpoint rather than in its header (a header
 * that grows ~190 bytes per step would pass safetensors' 100 MB header limit near 530,000 steps).
 * Numbers are written with String(v), the shortest text that reads back as the same float64, so a
 * history read back is bit-identical to the one written. Browser-safe: text in, text out.
 */
import type { StepStats } from './trainer.js';

/** Column order of the CSV, also its header line. */
export const HISTORY_COLUMNS = ['step', 'lossD', 'lossG', 'realLogit', 'fakeLogit', 'r1', 'augmentP'] as const;
export const HISTORY_HEADER = `${HISTORY_COLUMNS.join(',')}\n`;

/** Rows of history as CSV lines (each ending in \n), without the header. */
export function formatHistoryRows(rows: readonly StepStats[]): string {
  let text = '';
  for (const s of rows) text += `${s.step},${s.lossD},${s.lossG},${s.realLogit},${s.fakeLogit},${s.r1},${s.augmentP}\n`;
  return text;
}

/**
 * Parses HISTORY_HEADER + rows and returns the rows of steps 1..upToStep (later rows, written after the
 * checkpoint being resumed, are dropped; so is a torn last line among them). Throws naming `source` and
 * the 1-based line when a kept row is malformed, out of order, or when rows up to upToStep are missing.
 */
export function parseHistoryCsv(text: string, source: string, upToStep: number): StepStats[] {
  const lines = text.split('\n');
  if (lines[0] !== HISTORY_HEADER.trimEnd()) {
    throw new Error(`${source}: line 1 should be the header '${HISTORY_HEADER.trimEnd()}', got '${(lines[0] ?? '').slice(0, 80)}'`);
  }
  const out: StepStats[] = [];
  for (let i = 1; i < lines.length && out.length < upToStep; i++) {
    if (i === lines.length - 1 && lines[i] === '') break;
    const fields = lines[i]!.split(',');
    const v = fields.map((f) => (f.trim() === '' ? NaN : Number(f)));
    const where = `${source}: line ${i + 1}`;
    if (fields.length !== HISTORY_COLUMNS.length || !v.every(Number.isFinite)) {
      throw new Error(`${where}: expected ${HISTORY_COLUMNS.length} finite numbers (${HISTORY_COLUMNS.join(', ')}), got '${lines[i]!.slice(0, 80)}'`);
    }
    if (v[0] !== out.length + 1) throw new Error(`${where}: expected step ${out.length + 1}, got '${fields[0]}'`);
    out.push({ step: v[0]!, lossD: v[1]!, lossG: v[2]!, realLogit: v[3]!, fakeLogit: v[4]!, r1: v[5]!, augmentP: v[6]! });
  }
  if (out.length < upToStep) throw new Error(`${source}: holds ${out.length} steps, but the checkpoint is at step ${upToStep}`);
  return out;
}
