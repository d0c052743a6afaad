/** The study tables as aligned terminal text and as markdown, one table per (data set, N). */
import type { MetricKey, Stat, StudyGroup, StudyRow } from './summary.js';
import { selectionMetric } from './summary.js';
import { isPooledImageSet } from '../../eval/fcd/imagePools.js';

interface Column {
  title: string;
  cell(row: StudyRow): string;
}

function fmt(s: Stat | null | undefined, digits: number): string {
  if (s === null || s === undefined) return 'n/a';
  return s.sd === null ? s.mean.toFixed(digits) : `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`;
}

const metric = (title: string, key: MetricKey, digits: number): Column => ({ title, cell: (r) => fmt(r.metrics[key], digits) });

const plain = (s: Stat | null, digits: number): string => (s === null ? '' : fmt(s, digits));

/** mnist, fashion: the networks, the time each run took, and the metrics in the classifier's features beside the pixel ones. */
function imageColumns(): Column[] {
  return [
    { title: 'model', cell: (r) => r.label + (r.failedSeeds.length > 0 ? ` (${r.failedSeeds.length} of ${r.seeds.length} diverged)` : '') },
    { title: 'arch', cell: (r) => r.arch ?? '' },
    { title: 'G params', cell: (r) => (r.paramsG === null ? '' : `${r.paramsG.toLocaleString('en-US')} (${r.paramsGPercent}%)`) },
    { title: 'steps', cell: (r) => plain(r.stepsDone, 0) },
    { title: 'train s', cell: (r) => plain(r.trainSeconds, 0) },
    metric('FCD ↓', 'fcd', 2),
    metric('feature coverage ↑', 'featureCoverage', 3),
    metric('pixel coverage ↑', 'coverage', 3),
    metric('precision ↑', 'precision', 3),
    metric('recall ↑', 'recall', 3),
    metric('classes (of 10) ↑', 'classesCovered', 1),
    metric('1-NN acc (0.5 best)', 'oneNNAccuracy', 3),
    metric('NN ratio', 'nnRatio', 3),
    metric('copy fraction', 'copyFraction', 3),
  ];
}

function columns(group: StudyGroup): Column[] {
  if (isPooledImageSet(group.data)) return imageColumns();
  const modes = group.rows.find((r) => r.metrics.modes !== undefined)?.metrics.modes?.mean;
  const specific: Column[] = group.data === 'digits'
    ? [metric('FCD ↓', 'fcd', 2), metric('coverage ↑', 'coverage', 3), metric('classes (of 10) ↑', 'classesCovered', 1), metric('class KL ↓', 'classKL', 3)]
    : [
        metric(`modes (of ${modes ?? '?'}) ↑`, 'modesCovered', 1),
        metric('high quality ↑', 'highQuality', 3),
        metric('reverse KL ↓', 'reverseKL', 3),
        metric('coverage ↑', 'coverage', 3),
      ];
  return [
    { title: 'model', cell: (r) => r.label + (r.failedSeeds.length > 0 ? ` (${r.failedSeeds.length} of ${r.seeds.length} diverged)` : '') },
    { title: 'G params', cell: (r) => (r.paramsG === null ? '' : `${r.paramsG.toLocaleString('en-US')} (${r.paramsGPercent}%)`) },
    { title: 'steps/s', cell: (r) => (r.stepsPerSecond === null ? '' : r.stepsPerSecond.mean.toFixed(r.stepsPerSecond.mean < 10 ? 1 : 0)) },
    ...specific,
    metric('NN ratio', 'nnRatio', 3),
    metric('copy fraction', 'copyFraction', 3),
  ];
}

/** "### digits, N = 100 (...)" and the notes under it. */
function heading(group: StudyGroup): string[] {
  const c = group.counts;
  const seeds = [...new Set(group.rows.flatMap((r) => r.seeds))].sort((a, b) => a - b);
  const budget = group.budgetSeconds === undefined ? '' : ` or ${group.budgetSeconds} s of training, whichever comes first`;
  const lines = [
    `### ${group.data}, N = ${group.n} (train ${c.train}, held-out ${c.heldOut}, ${c.samples} samples per row; ` +
      `${group.steps} steps${budget}; seeds ${seeds.join(', ')}; mean ± sd over seeds)`,
  ];
  if (group.note !== undefined) lines.push('', `Note: ${group.note}.`);
  if (group.selection !== undefined) {
    const { key, higherIsBetter } = selectionMetric(group.data);
    const scores = Object.entries(group.selection.scores).map(([m, s]) => `${m} ${s === null ? 'n/a' : s.toFixed(3)}`).join(', ');
    lines.push('', `Technique rows build on ${group.selection.best}, the best plain rank model by held-out ${key} (${higherIsBetter ? 'higher' : 'lower'} is better): ${scores}.`);
  }
  return lines;
}

function cells(group: StudyGroup): { header: string[]; body: string[][] } {
  const cols = columns(group);
  return { header: cols.map((c) => c.title), body: group.rows.map((r) => cols.map((c) => c.cell(r))) };
}

/** Aligned plain-text table (terminal). */
export function formatTextTable(group: StudyGroup): string[] {
  const { header, body } = cells(group);
  const width = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((v, i) => (i === 0 ? v.padEnd(width[i]!) : v.padStart(width[i]!))).join('  ').trimEnd();
  const out = [...heading(group), '', line(header), width.map((w) => '-'.repeat(w)).join('  ')];
  let referenceDone = false;
  for (let k = 0; k < body.length; k++) {
    if (!referenceDone && group.rows[k]!.kind === 'gan' && k > 0) {
      out.push(width.map((w) => '-'.repeat(w)).join('  '));
      referenceDone = true;
    }
    out.push(line(body[k]!));
  }
  return out;
}

/** Markdown pipe table, then links to the sample pictures of the first seed. */
export function formatMarkdownTable(group: StudyGroup): string[] {
  const { header, body } = cells(group);
  const esc = (v: string): string => v.replace(/\|/g, '\\|');
  const links = group.rows.flatMap((r) => (r.pictures[0] ? [`[${r.label}](${encodeURI(r.pictures[0].replace(/\\/g, '/'))})`] : []));
  return [
    ...heading(group),
    '',
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
    '',
    `Samples (seed ${group.rows[0]?.seeds[0] ?? '?'}): ${links.join(', ')}.`,
  ];
}
