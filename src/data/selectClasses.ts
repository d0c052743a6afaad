import type { Dataset } from './dataset.js';
import { selectExamples } from './dataset.js';

/**
 * The examples of ds whose class is in `classes` (class indices of ds), renumbered 0..k−1 in the order
 * given, with their names (the original index when ds has none): e.g. digits 5–9 for a transfer target.
 * Throws naming the argument when a class is out of range, repeated, or has no example.
 */
export function selectClasses(ds: Dataset, classes: readonly number[]): Dataset {
  const fn = 'selectClasses';
  if (ds.labels === null) throw new Error(`${fn}: ${ds.name} has no labels, so classes ${classes.join(',')} cannot be selected`);
  if (classes.length === 0) throw new Error(`${fn}: classes must list at least one class of ${ds.name}`);
  const newIndex = new Int32Array(ds.numClasses).fill(-1);
  classes.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= ds.numClasses) throw new Error(`${fn}: class ${c} is not a class of ${ds.name} (0..${ds.numClasses - 1})`);
    if (newIndex[c] !== -1) throw new Error(`${fn}: class ${c} is listed twice`);
    newIndex[c] = i;
  });
  const rows: number[] = [];
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < ds.n; i++) {
    const k = newIndex[ds.labels[i]!]!;
    if (k >= 0) {
      rows.push(i);
      counts[k]!++;
    }
  }
  counts.forEach((n, k) => {
    if (n === 0) throw new Error(`${fn}: class ${classes[k]} of ${ds.name} has no examples`);
  });
  const sub = selectExamples(ds, Int32Array.from(rows));
  const labels = sub.labels!.map((l) => newIndex[l]!);
  const names = classes.map((c) => ds.labelNames?.[c] ?? String(c));
  const out: Dataset = { ...sub, name: `${ds.name}[${classes.join(',')}]`, labels, numClasses: classes.length, labelNames: names };
  // A mixture labelled by component keeps the chosen components' centres.
  const modes = ds.modes;
  if (modes !== undefined) {
    if (modes.centers.length === ds.numClasses * ds.dim) {
      const centers = new Float64Array(classes.length * ds.dim);
      classes.forEach((c, i) => centers.set(modes.centers.subarray(c * ds.dim, (c + 1) * ds.dim), i * ds.dim));
      out.modes = { ...modes, centers };
    } else delete out.modes;
  }
  return out;
}
