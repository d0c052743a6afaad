/**
 * Where each feature column of a table sits in the encoded rows the GAN trains on: a number column is
 * one column of x, a categorical column a one-hot block of as many columns as it has categories.
 * Browser-safe.
 */
import type { OneHotBlock } from '../nn/tableOutput.js';

export type TableField =
  | { name: string; kind: 'number'; at: number }
  | { name: string; kind: 'category'; at: number; categories: string[] };

export interface TableLayout {
  /** The file's feature columns in file order (the label column left out). */
  fields: TableField[];
  /** Columns of the encoded rows: number columns + the sum of the category counts. */
  dim: number;
}

/** The one-hot blocks of a layout, in column order. */
export function categoryBlocks(layout: TableLayout): OneHotBlock[] {
  const blocks: OneHotBlock[] = [];
  for (const f of layout.fields) if (f.kind === 'category') blocks.push({ offset: f.at, size: f.categories.length });
  return blocks;
}

/** [dim] 1 where the encoded column belongs to a one-hot block. */
export function oneHotColumns(layout: TableLayout | undefined, dim: number): Uint8Array {
  const mask = new Uint8Array(dim);
  if (layout === undefined) return mask;
  for (const b of categoryBlocks(layout)) mask.fill(1, b.offset, b.offset + b.size);
  return mask;
}

/**
 * Encodes codes: [rows, cols] (a category column holds its category's index, as parseCsv returns it)
 * into one-hot rows: [rows, layout.dim].
 */
export function oneHotEncode(codes: Float64Array, rows: number, cols: number, names: string[], categories: (string[] | null)[]): { x: Float64Array; layout: TableLayout } {
  const fields: TableField[] = [];
  let at = 0;
  for (let j = 0; j < cols; j++) {
    const cats = categories[j] ?? null;
    fields.push(cats === null ? { name: names[j]!, kind: 'number', at } : { name: names[j]!, kind: 'category', at, categories: cats });
    at += cats === null ? 1 : cats.length;
  }
  const dim = at;
  const x = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const f = fields[j]!;
      const v = codes[r * cols + j]!;
      if (f.kind === 'number') x[r * dim + f.at] = v;
      else {
        if (!Number.isInteger(v) || v < 0 || v >= f.categories.length) {
          throw new Error(`oneHotEncode: row ${r}, column '${f.name}': category code must be an integer in 0..${f.categories.length - 1}, got ${v}`);
        }
        x[r * dim + f.at + v] = 1;
      }
    }
  }
  return { x, layout: { fields, dim } };
}

/** The category of a block in row r of x: [rows, layout.dim] (the largest entry; the first of ties). */
export function categoryOf(x: ArrayLike<number>, dim: number, r: number, field: { at: number; categories: string[] }): number {
  let best = 0;
  for (let k = 1; k < field.categories.length; k++) if (x[r * dim + field.at + k]! > x[r * dim + field.at + best]!) best = k;
  return best;
}

/** Throws unless `json` is a TableLayout of `dim` encoded columns (e.g. from checkpoint metadata). */
export function checkTableLayout(json: unknown, dim: number, source: string): TableLayout {
  const bad = (why: string): never => {
    throw new Error(`${source}: bad table layout: ${why}`);
  };
  if (json === null || typeof json !== 'object') bad('expected an object');
  const l = json as { fields?: unknown; dim?: unknown };
  if (l.dim !== dim) bad(`dim ${String(l.dim)} differs from the data's ${dim} columns`);
  if (!Array.isArray(l.fields)) bad("'fields' must be an array");
  let at = 0;
  for (const [i, f] of (l.fields as unknown[]).entries()) {
    const g = f as Partial<{ name: unknown; kind: unknown; at: unknown; categories: unknown }>;
    if (typeof g.name !== 'string' || (g.kind !== 'number' && g.kind !== 'category') || g.at !== at) bad(`field ${i} must be { name, kind: 'number' | 'category', at: ${at} }`);
    if (g.kind === 'category') {
      if (!Array.isArray(g.categories) || g.categories.length < 1 || !g.categories.every((c) => typeof c === 'string')) bad(`field ${i} needs a non-empty list of category names`);
      at += (g.categories as string[]).length;
    } else at += 1;
  }
  if (at !== dim) bad(`its fields cover ${at} columns, not ${dim}`);
  return json as TableLayout;
}
