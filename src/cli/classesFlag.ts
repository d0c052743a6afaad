/** `--classes 5-9` or `--classes 0-2,7`: the classes of a labelled data set a run trains on (train, adapt). */
import { UsageError } from './args.js';

/** A bound on the list's length, far above any labelled set's class count, so that a typo cannot fill memory. */
const MAX_CLASS = 65536;

/** '5,6,7' or '5-9' or '0-2,7' → class indices; a UsageError for `command` names what was given otherwise. */
export function parseClassList(text: string, command: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (m === null) throw new UsageError(`--classes: expected class indices like 5,6,7 or 5-9, got '${text}'`, command);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new UsageError(`--classes: range ${part} runs backwards`, command);
    if (hi >= MAX_CLASS) throw new UsageError(`--classes: class ${hi} is above the largest class index accepted (${MAX_CLASS - 1})`, command);
    for (let c = lo; c <= hi; c++) {
      if (out.includes(c)) throw new UsageError(`--classes: class ${c} is listed twice in '${text}'`, command);
      out.push(c);
    }
  }
  return out;
}
