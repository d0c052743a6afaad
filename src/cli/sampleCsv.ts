/**
 * The CSV that `lrgan sample` writes: the training file's column names (x1, x2, ... when it had none),
 * values in the file's units in the shortest form that reads back as the same float32 (rounded in the
 * columns whose training values were all integers), and, for labelled
 * data, in the column where the file had its labels, the class a conditional generator was asked for, or
 * else the label of each sample's nearest training example.
 */
import { shortestFloat32 } from '../data/shortestFloat32.js';
import { type TableField, categoryOf } from '../data/tableLayout.js';
import type { RunExtra } from './runCheckpoint.js';

/** Labels of the nearest training example: train x: [n, dim] in the same space as the samples, labels: [n]. */
export interface NearestLabels {
  x: Float64Array;
  labels: Int32Array;
  names: string[];
}

/** The classes a conditional generator was asked for: labels [count]. */
export interface GivenLabels {
  given: Int32Array;
  names: string[];
}

/** x: [count, dim] samples in data space (before the file's scale); a categorical column's one-hot block is written as its category's name. */
export function formatSampleCsv(x: Float32Array, count: number, dataset: RunExtra['dataset'], fileScale: number, labels: NearestLabels | GivenLabels | null): string {
  const dim = dataset.dim;
  const fields = dataset.layout?.fields ?? Array.from({ length: dim }, (_, j): TableField => ({ name: `x${j + 1}`, kind: 'number', at: j }));
  const width = fields.length;
  const names = dataset.columns ?? fields.map((f) => f.name);
  const labelAt = labels !== null && dataset.labelColumn !== undefined ? Math.min(dataset.labelColumn.index, width) : -1;
  const labelOf = (r: number): string => {
    if (labels === null) return '';
    return labels.names['given' in labels ? labels.given[r]! : nearestLabel(x, r, dim, labels)]!;
  };
  const header = names.map(csvField);
  if (labelAt >= 0) header.splice(labelAt, 0, csvField(dataset.labelColumn!.name));
  const lines = [header.join(',')];
  const row: string[] = new Array(width);
  const whole = new Uint8Array(dim);
  for (const j of dataset.integerColumns ?? []) whole[j] = 1;
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < width; c++) {
      const f = fields[c]!;
      if (f.kind === 'category') {
        row[c] = csvField(f.categories[categoryOf(x, dim, r, f)]!);
        continue;
      }
      const v = Math.fround(x[r * dim + f.at]! * fileScale);
      row[c] = whole[f.at] === 1 ? String(Math.round(v) + 0) : shortestFloat32(v);
    }
    const cells = row.slice();
    if (labelAt >= 0) cells.splice(labelAt, 0, csvField(labelOf(r)));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Class index of the training example closest (squared Euclidean) to sample r. */
function nearestLabel(x: Float32Array, r: number, dim: number, nearest: NearestLabels): number {
  const t = nearest.x;
  const n = nearest.labels.length;
  let best = Infinity;
  let label = 0;
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let j = 0; j < dim; j++) {
      const e = x[r * dim + j]! - t[i * dim + j]!;
      d += e * e;
    }
    if (d < best) {
      best = d;
      label = nearest.labels[i]!;
    }
  }
  return label;
}

/** RFC 4180: quote a field holding a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
