// lrgan adapt end to end on tiny 2-D runs: the adapter holds only trained tensors and the source's hash,
// sample and eval load source + adapter, and a different source is refused naming both hashes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError, formatUsage, parseFlags, wantsHelp } from '../src/cli/args.js';
import type { Command } from '../src/cli/command.js';
import { adaptCommand } from '../src/cli/commands/adapt.js';
import { evalCommand } from '../src/cli/commands/eval.js';
import { sampleCommand } from '../src/cli/commands/sample.js';
import { trainCommand } from '../src/cli/commands/train.js';
import { decodeSafetensors } from '../src/nn/safetensors.js';
import { sha256Hex } from '../src/node/fileHash.js';
import { parseClassList } from '../src/cli/classesFlag.js';
import { TRAIN_COMMAND, defaultOutDir } from '../src/cli/commands/trainFlags.js';
import type { Dataset } from '../src/data/dataset.js';
import { selectClasses } from '../src/data/selectClasses.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-adapt-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS: Record<string, Command> = { adapt: adaptCommand, eval: evalCommand, sample: sampleCommand, train: trainCommand };

/** main's dispatch in-process (main.ts itself has a top-level await the test loader cannot take): usage mistakes 2, other errors 1. */
async function lrgan(name: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const cmd = COMMANDS[name]!;
  try {
    if (wantsHelp(argv)) return { code: 0, out: formatUsage(cmd.spec), err };
    const code = await cmd.run(parseFlags(cmd.spec, argv), { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } });
    return { code, out, err };
  } catch (e) {
    return { code: e instanceof UsageError ? 2 : 1, out, err: err + (e as Error).message };
  }
}

const TINY = ['--hidden', '16,16', '--rank', '4', '--eval-samples', '300', '--steps', '30'];

test('adapt writes an adapter of the trained tensors only; sample and eval use source + adapter; a mismatched source is refused', async () => {
  const src = join(dir, 'src');
  const other = join(dir, 'other');
  assert.is((await lrgan('train', '--data', 'ring8', '--n', '50', ...TINY, '--out', src)).code, 0);
  assert.is((await lrgan('train', '--data', 'ring8', '--n', '50', ...TINY, '--seed', '2', '--out', other)).code, 0);
  const srcCkpt = join(src, 'checkpoint.safetensors');
  const out = join(dir, 'adapted');
  const r = await lrgan('adapt', '--from', srcCkpt, '--data', 'grid25', '--n', '10', '--mode', 'lora:2', '--steps', '20', '--eval-samples', '300', '--out', out);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /trainable: \d+ of \d+ parameters/);
  const adapter = decodeSafetensors(readFileSync(join(out, 'adapter.safetensors')));
  assert.is(adapter.metadata.source_sha256, sha256Hex(readFileSync(srcCkpt)));
  const keys = Object.keys(adapter.tensors);
  assert.ok(keys.length > 0 && keys.every((k) => /\.lora_[ab]$/.test(k)), keys.join(','));
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { adaptation: { trainableParameters: number; sourceParameters: number } };
  assert.ok(metrics.adaptation.trainableParameters < metrics.adaptation.sourceParameters);

  const s = await lrgan('sample', '--checkpoint', join(out, 'adapter.safetensors'), '--count', '20', '--out', join(dir, 's.csv'));
  assert.is(s.code, 0, s.err);
  assert.is(readFileSync(join(dir, 's.csv'), 'utf8').trim().split('\n').length, 21);
  const e = await lrgan('eval', '--checkpoint', join(out, 'adapter.safetensors'), '--count', '300');
  assert.is(e.code, 0, e.err);
  assert.match(e.out, /grid25, n = 10, .*adapter lora:2 on /);

  const otherCkpt = join(other, 'checkpoint.safetensors');
  const bad = await lrgan('eval', '--checkpoint', join(out, 'adapter.safetensors'), '--source', otherCkpt);
  assert.is(bad.code, 1);
  assert.ok(bad.err.includes(sha256Hex(readFileSync(srcCkpt))) && bad.err.includes(sha256Hex(readFileSync(otherCkpt))), bad.err);
  assert.ok(bad.err.includes(otherCkpt), bad.err);

  const help = await lrgan('adapt', '--help');
  assert.match(help.out, /--mode MODE/);
  assert.is((await lrgan('adapt', '--from', srcCkpt, '--data', 'grid25', '--mode', 'lora', '--out', join(dir, 'x'))).code, 2);
});

test('--classes reads lists and ranges', () => {
  assert.equal(parseClassList('5-9', 'adapt'), [5, 6, 7, 8, 9]);
  assert.equal(parseClassList('0-1,7', 'adapt'), [0, 1, 7]);
  assert.throws(() => parseClassList('a', 'adapt'), /--classes: expected class indices/);
  assert.throws(() => parseClassList('0-3,2', 'train'), /--classes: class 2 is listed twice in '0-3,2'/);
  assert.throws(() => parseClassList('0-1000000000', 'train'), /--classes: class 1000000000 is above the largest class index accepted \(65535\)/);
});

test('train --classes trains on those classes only (a transfer source) and --resume keeps them', async () => {
  const run = join(dir, 'digits04');
  const t = await lrgan('train', '--data', 'digits', '--classes', '0-4', '--n', '20', '--hidden', '16,16', '--eval-samples', '300', '--steps', '4', '--out', run);
  assert.is(t.code, 0, t.err);
  const m = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { metrics: { classes: { numClasses: number; names: string[] } } };
  assert.is(m.metrics.classes.numClasses, 5);
  assert.equal(m.metrics.classes.names, ['0', '1', '2', '3', '4']);
  assert.is((await lrgan('train', '--out', run, '--steps', '8', '--resume', '--classes', '0-4')).code, 0);
  const other = await lrgan('train', '--out', run, '--steps', '12', '--resume', '--classes', '5-9');
  assert.is(other.code, 2);
  assert.match(other.err, /--classes 5,6,7,8,9 differs from the checkpoint's \(0,1,2,3,4\)/);
});

test('the default --out of a train run names its --classes, so a source on 0-4 does not overwrite one on all classes', () => {
  const out = (...argv: string[]): string => defaultOutDir('digits', parseFlags(TRAIN_COMMAND, ['--n', '20', ...argv]));
  assert.is(out(), 'runs/digits-n20-full-s1');
  assert.is(out('--classes', '0-4'), 'runs/digits-n20-full-s1-classes0-4');
  assert.is(out('--classes', '0,2,5'), 'runs/digits-n20-full-s1-classes0_2_5');
});

test('selectClasses keeps the listed classes, renumbered in the order given, and names what is wrong', () => {
  const ds: Dataset = { name: 'toy', x: Float64Array.from([0, 1, 2, 3, 4]), n: 5, dim: 1, labels: Int32Array.from([0, 2, 1, 2, 0]), numClasses: 3 };
  const sub = selectClasses(ds, [2, 0]);
  assert.equal(Array.from(sub.x), [0, 1, 3, 4]);
  assert.equal(Array.from(sub.labels!), [1, 0, 0, 1]);
  assert.equal(sub.labelNames, ['2', '0']);
  assert.throws(() => selectClasses(ds, [3]), /class 3 is not a class of toy \(0..2\)/);
  // A table keeps its columns, layout and label column; a mixture keeps the chosen components' centres.
  const table: Dataset = { ...ds, columns: ['size'], labelColumn: { name: 'kind', index: 1 }, fileScale: 2, layout: { fields: [{ kind: 'number', name: 'size', at: 0 }], dim: 1 } };
  const picked = selectClasses(table, [1]);
  assert.equal([picked.columns, picked.labelColumn, picked.fileScale, picked.layout], [table.columns, table.labelColumn, 2, table.layout]);
  const mixture: Dataset = { ...ds, dim: 1, modes: { centers: Float64Array.from([10, 20, 30]), sigma: 1 } };
  assert.equal(Array.from(selectClasses(mixture, [2, 0]).modes!.centers), [30, 10]);
  assert.throws(() => selectClasses(ds, [1, 1]), /class 1 is listed twice/);
});

test.run();
