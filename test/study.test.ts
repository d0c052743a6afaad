// `lrgan study`: model names, study counts, and tiny studies that write study.json/study.md and resume.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError, parseFlags } from '../src/cli/args.js';
import { studyCommand } from '../src/cli/commands/study.js';
import { MODEL_SETTINGS, modelConfig, parseModel, resolveBest, techniqueToggles } from '../src/cli/study/modelSpec.js';
import { studyCounts } from '../src/cli/study/studyData.js';
import { defaultConfig } from '../src/gan/config.js';
import { toV1 } from '../src/gan/configVersions.js';

const dir = mkdtempSync(join(tmpdir(), 'lrgan-study-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The command in-process (src/cli/main.ts's top-level await does not load under uvu's require hook); usage errors give code 2. */
async function lrgan(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } };
  try {
    const code = await studyCommand.run(parseFlags(studyCommand.spec, args.slice(1)), io);
    return { code, out, err };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { code: 2, out, err: `${err}${e.message}` };
  }
}

const SHAPE = { dim: 64, image: { height: 8, width: 8, channels: 1 as const }, fill: -1 };

test('model names: rank, edits, values with exponents, errors', () => {
  const m = parseModel('r16+ada+r1=1+lr=1e-3-ema');
  assert.is(m.rank, 16);
  assert.equal(m.edits.map((e) => `${e.sign}${e.name}=${e.value}`), ['+ada=null', '+r1=1', '+lr=1e-3', '-ema=null']);
  const c = modelConfig(m, SHAPE, 7);
  assert.is(c.seed, 7);
  // r16: every hidden layer at rank 16, the output layers full rank (version 1 wrote the list out).
  assert.equal(toV1(c).generator.rank, [16, 16, 'full']);
  assert.equal(toV1(c).discriminator.rank, [16, 16, 'full']);
  assert.is(c.penalties.r1Gamma, 1);
  assert.is(c.optimizer.lrG, 1e-3);
  assert.is(c.optimizer.lrD, 1e-3);
  assert.is(c.ema.decay, 0);
  assert.is(c.augmentation.method.kind, 'image');
  assert.ok(c.augmentation.adaptive !== null && c.augmentation.adaptive.target === 0.6);
  const h = modelConfig(parseModel('full+hidden=64x32x16+sn+dropout=0.25+rankd=4'), { dim: 2, fill: 0 }, 1);
  assert.equal(h.generator.hidden, [64, 32, 16]);
  assert.is(h.generator.rank, 'full');
  assert.equal(toV1(h).discriminator.rank, [4, 4, 4, 'full']);
  assert.is(h.discriminator.spectralNorm, true);
  assert.is(h.discriminator.dropout, 0.25);
  assert.equal(modelConfig(parseModel('full+aug'), { dim: 2, fill: 0 }, 1).augmentation.method, { kind: 'noise', std: 0.02 });
  const sched = modelConfig(parseModel('r4+sched=linear+decaystart=0.25'), { dim: 2, fill: 0 }, 1);
  assert.is(sched.optimizer.lrSchedule, 'linear');
  assert.is(sched.optimizer.lrDecayStart, 0.25);
  assert.is(modelConfig(parseModel('r4+sched=cosine-sched'), { dim: 2, fill: 0 }, 1).optimizer.lrSchedule, 'constant');
  const topk = modelConfig(parseModel('r4+topk+topkdecay=0.9'), { dim: 2, fill: 0 }, 1);
  assert.is(topk.training.topKKeep, 0.5);
  assert.is(topk.training.topKDecay, 0.9);
  assert.is(modelConfig(parseModel('r4+topk=0.75-topk'), { dim: 2, fill: 0 }, 1).training.topKKeep, 1);
  const mix = modelConfig(parseModel('r4+mix=32+mixstd=0.1'), { dim: 2, fill: 0 }, 1);
  assert.is(mix.latent.mixture, 32);
  assert.is(mix.penalties.latentStd, 0.1);
  assert.is(modelConfig(parseModel('r4+mix=32-mix'), { dim: 2, fill: 0 }, 1).latent.mixture, 0);
  assert.is(modelConfig(parseModel('r4+mix'), { dim: 2, fill: 0 }, 1).latent.mixture, 64);
  const out = modelConfig(parseModel('r8+rankd=full+rankout=16'), SHAPE, 1);
  assert.equal(out.generator.rank, [8, 8, 16]);
  assert.is(out.discriminator.rank, 'full');
  assert.equal(modelConfig(parseModel('full+rankout=4'), SHAPE, 1).generator.rank, ['full', 'full', 4]);
  for (const bad of ['r0', 'big', 'full+wings', 'full+lr', 'full-lr', 'full+r1=-1', 'full-r1=2', 'full+hidden=12,3', 'full+sched=step', 'full+decaystart=1', 'full+rankout=0', 'full+rankout', 'full+hiddend=0x4', 'full+topk=0', 'full+topk=1.5', 'full+topkdecay', 'full+mix=-1', 'full+mix=2.5', 'r999']) {
    assert.throws(() => modelConfig(parseModel(bad), SHAPE, 1), (e: unknown) => e instanceof UsageError && /--models/.test((e as Error).message), bad);
  }
});

test('the help names every setting a model may edit', () => {
  const help = studyCommand.spec.description ?? '';
  for (const name of MODEL_SETTINGS) assert.ok(new RegExp(`\\b${name}\\b`).test(help), name);
});

test('best resolves to another model; techniques toggle what the base lacks or has', () => {
  assert.equal(resolveBest(parseModel('best+aug'), parseModel('r4+lr=1e-3')), { name: 'r4+lr=1e-3+aug', rank: 4, edits: [...parseModel('r4+lr=1e-3+aug').edits] });
  const toggles = techniqueToggles(defaultConfig(64)).map((m) => m.name);
  assert.equal(toggles, ['best+aug', 'best+ada', 'best-r1', 'best+lecam', 'best-ema', 'best+sn', 'best+factor', 'best+topk', 'best+mix', 'best+jbt']);
  // 2-D data samples with Jacobian-based truncation by default, so its toggle turns it off.
  assert.ok(techniqueToggles(defaultConfig(2)).some((m) => m.name === 'best-jbt'));
  assert.is(modelConfig(parseModel('r4-jbt'), { dim: 2, fill: -1 }, 1).sampling.jacobianKeep, 1);
  assert.is(modelConfig(parseModel('r4+jbt=0.7'), { dim: 2, fill: -1 }, 1).sampling.jacobianKeep, 0.7);
  const withR1 = modelConfig(parseModel('full+r1=3'), SHAPE, 1);
  assert.ok(techniqueToggles(withR1).some((m) => m.name === 'best-r1'));
});

const MNIST_SHAPE = { dim: 784, image: { height: 28, width: 28, channels: 1 as const }, fill: -1 };

test('model names say conv or MLP: on 28x28 images full and r8 are conv (as train), conv/mlp heads and +arch pick one', () => {
  const conv = modelConfig(parseModel('conv'), MNIST_SHAPE, 3);
  assert.ok(conv.conv !== undefined, 'conv is convolutional');
  assert.is(conv.seed, 3);
  assert.is(conv.optimizer.lrG, 5e-4, "the conv defaults' training settings, as lrgan train --arch conv");
  assert.equal(toV1(modelConfig(parseModel('full'), MNIST_SHAPE, 3)), toV1(conv), 'full on mnist is conv');
  const r8 = modelConfig(parseModel('r8'), MNIST_SHAPE, 1);
  assert.equal(r8.conv?.generator.rank, [8, 8, 8, 'full']);
  const mlp = modelConfig(parseModel('mlp'), MNIST_SHAPE, 1);
  assert.is(mlp.conv, undefined);
  assert.equal(toV1(mlp), toV1(modelConfig(parseModel('full+arch=mlp'), MNIST_SHAPE, 1)));
  assert.equal(mlp.optimizer, { ...defaultConfig(784).optimizer, totalSteps: mlp.optimizer.totalSteps }, 'the MLP defaults, not the conv ones');
  assert.equal(toV1(modelConfig(parseModel('r8+arch=mlp'), MNIST_SHAPE, 1)).generator.rank, [8, 8, 'full']);
  assert.is(modelConfig(parseModel('full'), SHAPE, 1).conv, undefined, '8x8 digits keep the MLPs');
  assert.equal(resolveBest(parseModel('best+aug'), parseModel('conv')).name, 'conv+aug');
  assert.throws(() => modelConfig(parseModel('conv'), { dim: 2, fill: 0 }, 1), (e: unknown) => e instanceof UsageError && /image data/.test((e as Error).message));
  assert.throws(() => parseModel('cnn'), /starts with full, best, r<rank> \(e\.g\. r16\), conv or mlp, got 'cnn'/);
});

test('study counts: mnist/fashion hold --samples held-out rows and samples at every N; N = 10 and 1,000 fit', () => {
  assert.equal(studyCounts('mnist', 10), { heldOut: 500, samples: 500 });
  assert.equal(studyCounts('fashion', 1000), { heldOut: 500, samples: 500 });
  assert.equal(studyCounts('mnist', 1000, 1000, 2000), { heldOut: 2000, samples: 2000 });
  assert.throws(() => studyCounts('mnist', 4001), /mnist --n 4001 with 500 held-out rows and 500 real reference rows needs 5001 of the 5000 study-pool images; lower --n or --samples/);
});

test('study counts: digits N=500 caps the held-out set and the samples, with a note', () => {
  assert.equal(studyCounts('digits', 100), { heldOut: 500, samples: 300 });
  const big = studyCounts('digits', 500);
  assert.is(big.heldOut, 201);
  assert.is(big.samples, 200);
  assert.match(big.note ?? '', /401 rows/);
  assert.equal(studyCounts('ring8', 500), { heldOut: 500, samples: 2000 });
});

test('study counts: in a study over N = 100 and 500, digits N = 100 is measured as N = 500', () => {
  const small = studyCounts('digits', 100, 500);
  assert.is(small.heldOut, 201);
  assert.is(small.samples, 200);
  assert.match(small.note ?? '', /measured as N=500/);
  assert.equal(studyCounts('digits', 100, 100), { heldOut: 500, samples: 300 });
  assert.throws(() => studyCounts('digits', 500, 100), /evalN must be ≥ n \(500\), got 100/);
});

const TINY = ['study', '--data', 'ring8', '--n', '20', '--models', 'r4+hidden=16x16', '--seeds', '1', '--steps', '20'];
const REFERENCE_LABELS = ['held-out real', 'copy training', 'Gaussian fit', 'PCA + GMM'];

test('a tiny study writes study.json, study.md, cells and pictures; a rerun resumes', async () => {
  const out = join(dir, 'ring8');
  const first = await lrgan(...TINY, '--out', out);
  assert.is(first.code, 0, first.err);
  assert.match(first.out, /5 cells run, 0 reused/);
  const json = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
  assert.is(json.groups.length, 1);
  const group = json.groups[0];
  assert.is(group.data, 'ring8');
  assert.equal(group.counts, { train: 20, heldOut: 500, samples: 2000 });
  assert.equal(group.rows.map((r: { label: string }) => r.label), [...REFERENCE_LABELS, 'r4+hidden=16x16']);
  const gan = group.rows[4];
  assert.is(gan.kind, 'gan');
  assert.ok(gan.paramsG > 0 && gan.paramsGPercent < 100, 'G params and % of full rank');
  assert.ok(gan.stepsPerSecond.mean > 0);
  for (const k of ['modesCovered', 'highQuality', 'coverage', 'nnRatio', 'copyFraction']) assert.ok(k in gan.metrics, `GAN row has ${k}`);
  assert.is(group.rows[1].metrics.copyFraction.mean, 1, 'copy training copies');

  const md = readFileSync(join(out, 'study.md'), 'utf8');
  assert.match(md, /\| model \| G params \| steps\/s \| modes \(of 8\) ↑ \| high quality ↑ \| reverse KL ↓ \| coverage ↑ \| NN ratio \| copy fraction \|/);
  for (const label of [...REFERENCE_LABELS, 'r4+hidden=16x16']) assert.ok(md.includes(`| ${label} |`), `study.md row ${label}`);

  const cells = readdirSync(join(out, 'cells'));
  assert.is(cells.length, 5);
  for (const c of cells) {
    const cell = JSON.parse(readFileSync(join(out, 'cells', c), 'utf8'));
    assert.ok(existsSync(join(out, cell.picture)), `picture of ${c}`);
  }

  const mtimes = cells.map((c) => statSync(join(out, 'cells', c)).mtimeMs);
  const again = await lrgan(...TINY, '--out', out);
  assert.is(again.code, 0, again.err);
  assert.match(again.out, /0 cells run, 5 reused/);
  assert.equal(cells.map((c) => statSync(join(out, 'cells', c)).mtimeMs), mtimes, 'finished cells are not rewritten');
  assert.equal(JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')).groups, json.groups);

  // A study stopped after some cells runs only the missing ones.
  const ganCell = cells.find((c) => c.includes('r4+hidden'))!;
  rmSync(join(out, 'cells', ganCell));
  const resumed = await lrgan(...TINY, '--out', out);
  assert.match(resumed.out, /1 cells run, 4 reused/);
  assert.ok(existsSync(join(out, 'cells', ganCell)), 'the same cell file again');
  // Another step count is another cell.
  const longer = await lrgan(...TINY.slice(0, -1), '21', '--out', out);
  assert.match(longer.out, /1 cells run, 4 reused/);
});

test('a tiny digits study reports FCD, coverage and classes', async () => {
  const out = join(dir, 'digits');
  const r = await lrgan('study', '--data', 'digits', '--n', '20', '--models', 'full+hidden=16x16', '--seeds', '1', '--steps', '5', '--out', out);
  assert.is(r.code, 0, r.err);
  const group = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')).groups[0];
  assert.equal(group.counts, { train: 20, heldOut: 500, samples: 300 });
  for (const row of group.rows) for (const k of ['fcd', 'coverage', 'classesCovered', 'classKL', 'nnRatio', 'copyFraction']) assert.ok(k in row.metrics, `${row.label}: ${k}`);
  assert.is(group.rows[0].metrics.classesCovered.mean, 10, 'held-out real covers every class');
  const md = readFileSync(join(out, 'study.md'), 'utf8');
  assert.match(md, /\| model \| G params \| steps\/s \| FCD ↓ \| coverage ↑ \| classes \(of 10\) ↑ \| class KL ↓ \| NN ratio \| copy fraction \|/);
});

test('a tiny mnist study: conv and MLP rows with FCD28, feature and pixel coverage, classes, 1-NN, times; --budget-seconds stops a cell', async () => {
  const out = join(dir, 'mnist');
  const r = await lrgan('study', '--data', 'mnist', '--n', '10', '--models', 'conv,mlp+hidden=16x16', '--seeds', '1', '--steps', '2', '--samples', '12', '--out', out);
  assert.is(r.code, 0, r.err);
  const group = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')).groups[0];
  assert.equal(group.counts, { train: 10, heldOut: 12, samples: 12 });
  assert.equal(group.rows.map((row: { label: string }) => row.label), [...REFERENCE_LABELS, 'conv', 'mlp+hidden=16x16']);
  assert.equal(group.rows.map((row: { arch: string | null }) => row.arch), [null, null, null, null, 'conv', 'mlp']);
  for (const row of group.rows) {
    for (const k of ['fcd', 'featureCoverage', 'coverage', 'precision', 'recall', 'classesCovered', 'oneNNAccuracy', 'nnRatio', 'copyFraction']) assert.ok(k in row.metrics, `${row.label}: ${k}`);
  }
  assert.is(group.rows[1].metrics.copyFraction.mean, 1, 'copy training copies');
  assert.ok(group.rows[4].trainSeconds.mean > 0 && group.rows[4].stepsDone.mean === 2);
  const md = readFileSync(join(out, 'study.md'), 'utf8');
  assert.match(md, /\| model \| arch \| G params \| steps \| train s \| FCD ↓ \| feature coverage ↑ \| pixel coverage ↑ \| precision ↑ \| recall ↑ \| classes \(of 10\) ↑ \| 1-NN acc \(0\.5 best\) \| NN ratio \| copy fraction \|/);
  assert.match(md, /\| conv \| conv \| 144,641 \(100%\) \| 2 \|/);

  const budgeted = await lrgan('study', '--data', 'mnist', '--n', '10', '--models', 'mlp+hidden=16x16', '--seeds', '1', '--steps', '1000000', '--budget-seconds', '0.5', '--samples', '12', '--out', out);
  assert.is(budgeted.code, 0, budgeted.err);
  const row = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')).groups[0].rows[4];
  assert.ok(row.stepsDone.mean > 0 && row.stepsDone.mean < 1000000, `stopped by the budget after ${row.stepsDone.mean} steps`);
  assert.ok(row.trainSeconds.mean >= 0.5 && row.trainSeconds.mean < 5, `${row.trainSeconds.mean} s`);
  assert.match(budgeted.out, /1 cells run, 4 reused/, 'the reference rows do not depend on the budget');
});

test('usage mistakes exit 2', async () => {
  for (const args of [['--data', 'mnist', '--n', '4500'], ['--data', 'ring8', '--samples', '10'], ['--budget-seconds', '0'], ['--models', 'cnn'], ['--data', 'imagenet'], ['--n', '0'], ['--seeds', 'a'], ['--models', 'r4,r4'], ['--models', 'best'], ['--data', 'digits', '--n', '900']]) {
    const r = await lrgan('study', ...args, '--out', join(dir, 'never'));
    assert.is(r.code, 2, `${args.join(' ')}: ${r.err}`);
  }
  assert.not.ok(existsSync(join(dir, 'never')));
});

test.run();
