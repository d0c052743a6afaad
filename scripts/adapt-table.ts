/**
 * The table of a transfer run (scripts/adapt-images.sh): one row per run folder under OUT that holds a
 * metrics.json of `lrgan adapt` or `lrgan train`, with the figures. Writes OUT/table.json.
 *   npx tsx scripts/adapt-table.ts OUT [OUT2 …]   (several OUTs: one per seed, rows averaged as mean ± sd)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { meanSd } from '../src/eval/utility/utility.js';

interface Metrics {
  run: { n: number; seed: number };
  adaptation?: { mode: string; trainableParameters: number; sourceParameters: number };
  training: { steps: number; wallTimeSeconds: number };
  metrics: { quality: { coverage: number }; memorization: { nnRatio: number; copyFraction: number }; features?: { fcd: number }; classes?: { covered: number; numClasses: number } };
}

const outs = process.argv.slice(2);
if (outs.length === 0) throw new Error('adapt-table: give at least one OUT folder of scripts/adapt-images.sh');
const rows = new Map<string, Record<string, number[]>>();
for (const out of outs) {
  for (const name of readdirSync(out).sort()) {
    const file = join(out, name, 'metrics.json');
    if (!existsSync(file)) continue;
    const m = JSON.parse(readFileSync(file, 'utf8')) as Metrics;
    const key = name === 'source' ? 'source (pretraining)' : name;
    const r = rows.get(key) ?? {};
    const add = (k: string, v: number | undefined): void => { if (v !== undefined) (r[k] ??= []).push(v); };
    add('fcd', m.metrics.features?.fcd);
    add('coverage', m.metrics.quality.coverage);
    add('classes', m.metrics.classes?.covered);
    add('numClasses', m.metrics.classes?.numClasses);
    add('nnRatio', m.metrics.memorization.nnRatio);
    add('copyFraction', m.metrics.memorization.copyFraction);
    add('trainable', m.adaptation?.trainableParameters);
    add('steps', m.training.steps);
    add('seconds', m.training.wallTimeSeconds);
    rows.set(key, r);
  }
}
const fmt = (v: number[] | undefined, d: number, missing = '—'): string => {
  if (v === undefined) return missing;
  const s = meanSd(v);
  return v.length > 1 ? `${s.mean.toFixed(d)} ± ${s.sd.toFixed(d)}` : s.mean.toFixed(d);
};
console.log('| run | FCD ↓ | coverage (pixels) ↑ | classes covered | NN ratio | copy fraction | trainable | steps | seconds |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [key, r] of rows) {
  console.log(`| ${key} | ${fmt(r.fcd, 1)} | ${fmt(r.coverage, 3)} | ${fmt(r.classes, 1)} of ${fmt(r.numClasses, 0)} | ${fmt(r.nnRatio, 3)} | ${fmt(r.copyFraction, 3)} | ${fmt(r.trainable, 0, 'all')} | ${fmt(r.steps, 0)} | ${fmt(r.seconds, 0)} |`);
}
writeFileSync(join(outs[0]!, 'table.json'), `${JSON.stringify(Object.fromEntries(rows), null, 2)}\n`);
