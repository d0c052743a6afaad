/**
 * The classes `lrgan sample` asks a conditional generator for: `--class K` (all --count samples of one
 * class), `--classes balanced` (--count split evenly) or `--classes K:N,K:N` (N samples of each class K);
 * K is a class index or name. Without either flag: the training rows' class mix (proportionalLabels).
 */
import type { ConditionalSettings } from '../gan/conditional.js';
import { labelsFromCounts, proportionalLabels } from '../gan/conditional.js';
import { UsageError } from './args.js';

export interface ClassRequest {
  /** --class: an index or a name. */
  one?: string;
  /** --classes: 'balanced' or K:N pairs. */
  several?: string;
}

/** The class of each sample, sorted by class: [count]; `names` are the label names (index order). */
export function requestedLabels(req: ClassRequest, count: number, cond: ConditionalSettings | undefined, names: readonly string[], command: string): Int32Array | undefined {
  const flag = req.one !== undefined ? '--class' : '--classes';
  if (req.one !== undefined && req.several !== undefined) throw new UsageError('--class and --classes: give one of them', command);
  if (cond === undefined) {
    if (req.one === undefined && req.several === undefined) return undefined;
    throw new UsageError(`${flag}: this checkpoint's generator is unconditional, so it cannot be asked for a class; train with --conditional (CSV files with --label-column are conditional by default)`, command);
  }
  const classOf = (text: string): number => classIndex(text, cond.classes, names, flag, command);
  if (req.one !== undefined) return new Int32Array(count).fill(classOf(req.one));
  if (req.several === undefined) return proportionalLabels(count, cond.classCounts);
  if (req.several === 'balanced') return labelsFromCounts(cond.classCounts.map((_, k) => Math.floor(count / cond.classes) + (k < count % cond.classes ? 1 : 0)));
  const perClass = new Array<number>(cond.classes).fill(0);
  for (const part of req.several.split(',')) {
    const m = /^(.+):(\d+)$/.exec(part.trim());
    if (m === null) throw new UsageError(`--classes: expected 'balanced' or CLASS:COUNT pairs such as 0:50,2:20, got '${part}'`, command);
    perClass[classOf(m[1]!)]! += Number(m[2]);
  }
  if (perClass.every((n) => n === 0)) throw new UsageError(`--classes: every count in '${req.several}' is 0`, command);
  return labelsFromCounts(perClass);
}

function classIndex(text: string, classes: number, names: readonly string[], flag: string, command: string): number {
  const byName = names.indexOf(text);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(text) && Number(text) < classes) return Number(text);
  const known = names.length > 0 ? names.map((n, k) => `${k} ${n}`).join(', ') : `0..${classes - 1}`;
  throw new UsageError(`${flag}: '${text}' is not a class of this run; its classes are ${known}`, command);
}
