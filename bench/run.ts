/**
 * Runs the benchmarks, prints one aligned markdown table each, and writes bench/results/latest.json.
 *   npx tsx bench/run.ts [--quick] [--compare] [name ...]     (names filter the list below; default: all)
 * --compare also runs matmul and gan-step on TensorFlow.js's cpu and wasm backends, when installed
 * (bench/compare/loadTfjs.ts says how), and gan-step on PyTorch when /usr/bin/python3 has torch,
 * and prints them beside lrgan's rows as "<name> vs peers".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { benchMatmul } from './matmul.js';
import { benchElementwise } from './elementwise.js';
import { benchGanStep } from './ganStep.js';
import { benchGanMemory, benchGanSweep } from './ganSweep.js';
import { benchConvGanStep, benchConvLayers } from './convStep.js';
import { makeComparison } from './compare/compare.js';
import { benchSimdPeak } from './simdPeak.js';

interface BenchOptions {
  quick?: boolean;
}

interface Bench {
  name: string;
  /** One object per table row; its keys are the columns. */
  run: (opts: BenchOptions) => Promise<readonly object[]> | readonly object[];
}

/** Add a benchmark with one line here. */
const BENCHES: readonly Bench[] = [
  { name: 'simd-peak', run: benchSimdPeak },
  { name: 'matmul', run: benchMatmul },
  { name: 'elementwise', run: benchElementwise },
  { name: 'gan-step', run: benchGanStep },
  { name: 'gan-sweep', run: benchGanSweep },
  { name: 'gan-memory', run: benchGanMemory },
  { name: 'conv', run: benchConvLayers },
  { name: 'conv-gan-step', run: benchConvGanStep },
];

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(1) : abs >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** Markdown table with padded columns: numbers right-aligned, text left-aligned. */
function formatTable(rows: readonly object[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((col) => formatCell((r as Record<string, unknown>)[col])));
  const numeric = columns.map((col) => rows.every((r) => {
    const v = (r as Record<string, unknown>)[col];
    return typeof v === 'number' || v === null || v === undefined;
  }));
  const width = columns.map((col, j) => Math.max(3, col.length, ...cells.map((row) => row[j]!.length)));
  const pad = (s: string, j: number): string => (numeric[j] ? s.padStart(width[j]!) : s.padEnd(width[j]!));
  const line = (parts: string[]): string => `| ${parts.join(' | ')} |`;
  return [
    line(columns.map(pad)),
    line(width.map((w, j) => (numeric[j] ? '-'.repeat(w - 1) + ':' : '-'.repeat(w)))),
    ...cells.map((row) => line(row.map(pad))),
  ].join('\n');
}

function parseArgs(argv: readonly string[]): { quick: boolean; compare: boolean; names: string[] } {
  const names: string[] = [];
  let quick = false, compare = false;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--compare') compare = true;
    else if (arg.startsWith('-')) throw new Error(`bench/run: unknown flag ${arg} (expected --quick or --compare)`);
    else if (!BENCHES.some((b) => b.name === arg)) {
      throw new Error(`bench/run: unknown benchmark "${arg}" (known: ${BENCHES.map((b) => b.name).join(', ')})`);
    } else names.push(arg);
  }
  return { quick, compare, names };
}

async function main(): Promise<void> {
  const { quick, compare, names } = parseArgs(process.argv.slice(2));
  const selected = BENCHES.filter((b) => names.length === 0 || names.includes(b.name));
  const env = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${arch()}`,
    quick,
    compare,
  };
  console.log(`# lrgan benchmarks — ${env.date}, node ${env.node}, ${env.cpu} (${env.cores} logical cores)${quick ? ', --quick' : ''}${compare ? ', --compare' : ''}\n`);
  const results: Record<string, readonly object[]> = {};
  const comparison = compare ? makeComparison(quick) : null;
  for (const bench of selected) {
    const t0 = performance.now();
    results[bench.name] = await bench.run({ quick });
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`## ${bench.name} (${seconds} s)\n\n${formatTable(results[bench.name]!)}\n`);
    if (comparison === null) continue;
    const t1 = performance.now();
    const peers = await comparison(bench.name, results[bench.name]!);
    if (peers === null) continue;
    const name = `${bench.name} vs peers`;
    results[name] = peers;
    console.log(`## ${name} (${((performance.now() - t1) / 1000).toFixed(1)} s)\n\n${formatTable(peers)}\n`);
  }
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL('latest.json', dir);
  writeFileSync(file, `${JSON.stringify({ ...env, results }, null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}

await main();
