/**
 * Per-column marginal fidelity of synthetic table rows against held-out real rows: the two-sample KS
 * statistic of each number column, the total-variation distance ½·Σ_k |p_k − q_k| of each categorical
 * column's category shares (a row's category: the largest entry of its one-hot block). 0 is a perfect
 * match for both, 1 the worst. Browser-safe.
 */
import type { TableField } from '../data/tableLayout.js';
import { categoryOf } from '../data/tableLayout.js';
import { ksStatistic } from './metrics/kolmogorovSmirnov.js';
import type { Matrix64 } from './metrics/matrix.js';

export interface ColumnFidelity {
  name: string;
  /** 'ks' for a number column, 'tv' for a categorical one. */
  measure: 'ks' | 'tv';
  value: number;
}

export interface MarginalReport {
  columns: ColumnFidelity[];
  /** Mean KS over the number columns, mean TV over the categorical ones; null without such columns. */
  meanKs: number | null;
  meanTv: number | null;
}

/** generated, heldOut: [rows, layout dim] in data space; fields: the table's columns (tableLayout). */
export function marginalFidelity(generated: Matrix64, heldOut: Matrix64, fields: readonly TableField[]): MarginalReport {
  const dim = generated.cols;
  if (heldOut.cols !== dim) throw new Error(`marginalFidelity: generated has ${dim} columns but heldOut has ${heldOut.cols}`);
  const columns: ColumnFidelity[] = fields.map((f) => {
    if (f.at + (f.kind === 'category' ? f.categories.length : 1) > dim) throw new Error(`marginalFidelity: column '${f.name}' lies beyond the ${dim} columns of the rows`);
    if (f.kind === 'number') return { name: f.name, measure: 'ks', value: ksStatistic(column(generated, f.at), column(heldOut, f.at)) };
    const p = shares(generated, f), q = shares(heldOut, f);
    let tv = 0;
    for (let k = 0; k < p.length; k++) tv += Math.abs(p[k]! - q[k]!);
    return { name: f.name, measure: 'tv', value: tv / 2 };
  });
  const mean = (m: 'ks' | 'tv'): number | null => {
    const vs = columns.filter((c) => c.measure === m).map((c) => c.value);
    return vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0) / vs.length;
  };
  return { columns, meanKs: mean('ks'), meanTv: mean('tv') };
}

function column(x: Matrix64, j: number): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) out[i] = x.data[i * x.cols + j]!;
  return out;
}

function shares(x: Matrix64, f: { at: number; categories: string[] }): Float64Array {
  const p = new Float64Array(f.categories.length);
  for (let i = 0; i < x.rows; i++) p[categoryOf(x.data, x.cols, i, f)]! += 1 / x.rows;
  return p;
}
