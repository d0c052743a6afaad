/**
 * The kinds of value a setting takes (see settings.ts), each with the one parser and range check used
 * by both `train --flag` and a study's `+edit=value`.
 */
import type { LayerRank } from '../gan/model.js';

/** A value that is not of the setting's kind; the message says what was expected ("a number in (0, 1]"). */
export class SettingError extends Error {}

export interface ValueKind<T> {
  /** What the help and errors call a valid value. */
  expected: string;
  /** The value of `text`; throws a SettingError naming what was expected. */
  parse(text: string): T;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface NumberRange {
  integer?: boolean;
  min?: number;
  max?: number;
  /** The bound itself is excluded. */
  minOpen?: boolean;
  maxOpen?: boolean;
}

/** A finite number within `range`: described as "an integer ≥ 1", "a number in [0, 1)", "a number > 0". */
export function numberIn(range: NumberRange): ValueKind<number> {
  const { integer = false, min, max, minOpen = false, maxOpen = false } = range;
  const noun = integer ? 'an integer' : 'a number';
  let expected = noun;
  if (min !== undefined && max !== undefined) expected = `${noun} in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
  else if (min !== undefined) expected = `${noun} ${minOpen ? '>' : '≥'} ${min}`;
  else if (max !== undefined) expected = `${noun} ${maxOpen ? '<' : '≤'} ${max}`;
  return {
    expected,
    parse(text) {
      const v = Number(text);
      const ok = NUMBER.test(text) && Number.isFinite(v) && (!integer || Number.isSafeInteger(v)) &&
        (min === undefined || (minOpen ? v > min : v >= min)) && (max === undefined || (maxOpen ? v < max : v <= max));
      if (!ok) throw new SettingError(expected);
      return v;
    },
  };
}

export const positive = numberIn({ min: 0, minOpen: true });
export const nonNegative = numberIn({ min: 0 });
export const probability = numberIn({ min: 0, max: 1 });
/** [0, 1): decays, dropout, the start of an lr decay. */
export const belowOne = numberIn({ min: 0, max: 1, maxOpen: true });
/** (0, 1]: kept fractions and per-100-step decays, where 1 is off. */
export const fraction = numberIn({ min: 0, max: 1, minOpen: true });
export const positiveInt = numberIn({ integer: true, min: 1 });
export const count = numberIn({ integer: true, min: 0 });

export function choice<T extends string>(choices: readonly T[]): ValueKind<T> {
  const expected = `one of ${choices.join(', ')}`;
  return {
    expected,
    parse(text) {
      const c = choices.find((x) => x === text);
      if (c === undefined) throw new SettingError(expected);
      return c;
    },
  };
}

/** List items are separated by ',' on the command line and by 'x' inside a study model name (where ',' separates models). */
const splitList = (text: string): string[] => text.split(/[,x]/).map((s) => s.trim());

/** Layer widths: 128,128 (or 128x128). */
export const widths: ValueKind<number[]> = {
  expected: 'positive integers separated by , or x (e.g. 128,128)',
  parse(text) {
    const parts = splitList(text);
    if (!parts.every((p) => /^[1-9]\d*$/.test(p))) throw new SettingError(this.expected);
    return parts.map(Number);
  },
};

/** One layer's rank: a positive integer or 'full'. */
export const layerRank: ValueKind<LayerRank> = {
  expected: "a positive integer or 'full'",
  parse(text) {
    if (text === 'full') return 'full';
    if (!/^[1-9]\d*$/.test(text)) throw new SettingError(this.expected);
    return Number(text);
  },
};

/** A network's ranks: one value (its hidden layers) or one per layer, input side first: 8,8,full (or 8x8xfull). */
export const ranks: ValueKind<LayerRank | LayerRank[]> = {
  expected: "a positive integer, 'full', or one per layer, input side first (8,8,full)",
  parse(text) {
    const parts = splitList(text);
    try {
      return parts.length === 1 ? layerRank.parse(parts[0]!) : parts.map((p) => layerRank.parse(p));
    } catch {
      throw new SettingError(this.expected);
    }
  },
};
