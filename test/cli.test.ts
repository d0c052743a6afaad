// The lrgan command line, run as a child process the way a user runs it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'lrgan-cli-'));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function lrgan(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Small, fast networks: the CLI is under test here, not the GAN. */
const TINY = ['--data', 'ring8', '--n', '50', '--hidden', '16,16', '--rank', '4', '--eval-samples', '300'];

function noStack(r: Result): void {
  assert.not.match(r.stderr, /\n\s+at /, `stack trace in stderr:\n${r.stderr}`);
}

function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  assert.equal([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${path}: PNG signature`);
  assert.is(b.subarray(12, 16).toString('latin1'), 'IHDR', `${path}: first chunk`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('--help, help <command> and <command> --help list commands and flags', async () => {
  const [top, help, flag] = await Promise.all([lrgan('--help'), lrgan('help', 'train'), lrgan('sample', '--help')]);
  assert.is(top.code, 0);
  for (const c of ['train', 'sample', 'eval', 'demo', 'help']) assert.match(top.stdout, new RegExp(`\\n  ${c} `));
  assert.is(help.code, 0);
  for (const f of ['--data', '--rank', '--steps', '--augment', '--ada', '--r1', '--lecam', '--ema', '--checkpoint-every', '--resume']) {
    assert.ok(help.stdout.includes(`  ${f} `), `help train lists ${f}`);
  }
  assert.match(help.stdout, /--steps N\s+generator updates[^\n]*(\n[^\n]*){0,2}\(default: 3000; 1500 for convolutional networks\)/);
  assert.is(flag.code, 0);
  assert.match(flag.stdout, /--count N\s+number of samples \(default: 1000\)/);
});

test('usage mistakes exit 2 with a message and no stack trace', async () => {
  const [unknown, bad, missing, command, rank] = await Promise.all([
    lrgan('train', '--data', 'ring8', '--stpes', '10'),
    lrgan('train', '--data', 'ring8', '--steps', 'abc'),
    lrgan('train', '--data'),
    lrgan('trian'),
    lrgan('train', '--data', 'ring8', '--rank', '8,8', '--out', join(dir, 'never')),
  ]);
  for (const r of [unknown, bad, missing, command, rank]) {
    assert.is(r.code, 2, r.stderr);
    noStack(r);
    assert.match(r.stderr, /Usage: lrgan/);
  }
  assert.match(unknown.stderr, /unknown flag --stpes for 'train' \(did you mean --steps\?\)/);
  assert.match(bad.stderr, /--steps: expected a positive integer, got 'abc'/);
  assert.match(missing.stderr, /--data: missing value/);
  assert.match(command.stderr, /unknown command 'trian' \(did you mean train\?\)/);
  assert.match(rank.stderr, /--rank 8,8: 2 ranks given, but the generator's hidden widths 128,128 make 3 layers/);
});

const runA = join(dir, 'a');

test('train writes every output; sample and eval read its checkpoint', async () => {
  const r = await lrgan('train', ...TINY, '--steps', '40', '--checkpoint-every', '20', '--out', runA);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /model: G 8→16→16→2 rank 4\/4\/full: \d+ params .* \| D 2→16→16→1 rank full\/4\/full:/);
  assert.match(r.stdout, /step 40\/40 100%/);
  assert.match(r.stdout, /modes covered\s+\d \/ 8/);
  assert.match(r.stdout, new RegExp(`pictures: ${join(runA, 'samples.png')}`));
  const samples = pngSize(join(runA, 'samples.png'));
  const loss = pngSize(join(runA, 'loss.png'));
  assert.ok(samples.width > 100 && samples.height > 100 && loss.width > 100 && loss.height > 100);

  const metrics = JSON.parse(readFileSync(join(runA, 'metrics.json'), 'utf8'));
  assert.is(metrics.run.n, 50);
  assert.is(metrics.training.steps, 40);
  assert.ok(metrics.training.wallTimeSeconds > 0 && metrics.training.stepsPerSecond > 0);
  for (const k of ['modesCovered', 'highQualityFraction', 'reverseKL', 'modesInTrain', 'modesCoveredOfTrain']) assert.ok(k in metrics.metrics.modes, k);
  for (const k of ['mmd2', 'energyDistance', 'slicedWasserstein', 'precision', 'recall', 'density', 'coverage', 'oneNNAccuracy']) {
    assert.type(metrics.metrics.quality[k], 'number', k);
  }
  assert.type(metrics.metrics.memorization.nnRatio, 'number');
  assert.type(metrics.metrics.memorization.copyFraction, 'number');
  const config = JSON.parse(readFileSync(join(runA, 'config.json'), 'utf8'));
  assert.equal(config.config.generator.hidden, [16, 16]);
  assert.equal(config.run, { data: 'ring8', n: 50, seed: 1 });

  const ckpt = join(runA, 'checkpoint.safetensors');
  const csv = join(dir, 'samples.csv');
  const png = join(dir, 'grid.png');
  const truncated = join(dir, 'truncated.csv');
  const [s1, s2, ev, s3, s4] = await Promise.all([
    lrgan('sample', '--checkpoint', ckpt, '--count', '123', '--out', csv),
    lrgan('sample', '--checkpoint', ckpt, '--count', '50', '--out', png),
    lrgan('eval', '--checkpoint', ckpt, '--json', '--count', '300'),
    lrgan('sample', '--checkpoint', ckpt, '--count', '40', '--jacobian-keep', '0.5', '--out', truncated),
    lrgan('sample', '--checkpoint', ckpt, '--count', '40', '--jacobian-keep', '0', '--out', truncated),
  ]);
  assert.is(s1.code, 0, s1.stderr);
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.is(lines[0], 'x1,x2');
  assert.is(lines.length, 124);
  assert.ok(lines.slice(1).every((l) => /^-?[\d.e-]+,-?[\d.e-]+$/.test(l)), lines[1]);
  assert.is(s2.code, 0, s2.stderr);
  pngSize(png);
  // Jacobian truncation keeps 40 of 80 latents: 40 rows, not the first 40 of the plain samples.
  assert.is(s3.code, 0, s3.stderr);
  const kept = readFileSync(truncated, 'utf8').trim().split('\n');
  assert.is(kept.length, 41);
  assert.not.equal(kept.slice(1), lines.slice(1, 41));
  assert.is(s4.code, 2);
  assert.match(s4.stderr, /--jacobian-keep: expected a fraction in \(0, 1\], got 0/);
  assert.is(ev.code, 0, ev.stderr);
  // Same checkpoint, latent seed and sample count: eval reproduces the metrics train wrote.
  assert.equal(JSON.parse(ev.stdout), metrics.metrics);
});

test('--resume continues exactly: 20 + 20 steps give the bytes of 40 straight steps', async () => {
  const runB = join(dir, 'b');
  const first = await lrgan('train', ...TINY, '--steps', '20', '--out', runB);
  assert.is(first.code, 0, first.stderr);
  const [resumed, refused, exists, backwards] = await Promise.all([
    lrgan('train', '--out', runB, '--steps', '40', '--resume'),
    lrgan('train', '--out', runB, '--steps', '40', '--resume', '--lr', '0.01'),
    lrgan('train', ...TINY, '--steps', '20', '--out', runB),
    lrgan('train', '--out', runB, '--steps', '10', '--resume'),
  ]);
  assert.is(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming at step 20 of 40/);
  const a = readFileSync(join(runA, 'checkpoint.safetensors'));
  const b = readFileSync(join(runB, 'checkpoint.safetensors'));
  assert.ok(a.equals(b), 'checkpoint bytes differ between resumed and straight runs');
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /--lr differs from the checkpoint's config/);
  assert.is(exists.code, 1);
  assert.match(exists.stderr, /already holds a run .*--resume.*--force/);
  noStack(exists);
  // A total below the steps done would train nothing and rewrite the stored total: refused.
  assert.is(backwards.code, 2, backwards.stderr);
  assert.match(backwards.stderr, /--steps 10 is below the (20|40) steps the run in .* has done; --resume continues to a larger total/);
});

test('bad data files exit 1 naming the file and row, without a stack trace', async () => {
  const ragged = join(dir, 'ragged.csv');
  writeFileSync(ragged, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
  const [r, missing] = await Promise.all([
    lrgan('train', '--data', ragged, '--n', '2', '--out', join(dir, 'r')),
    lrgan('train', '--data', join(dir, 'nope.csv'), '--out', join(dir, 'r2')),
  ]);
  assert.is(r.code, 1);
  assert.ok(r.stderr.includes(`${ragged}: row 3 has 2 fields, expected 3`), r.stderr);
  noStack(r);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /nope\.csv' is not a built-in data set/);
  noStack(missing);
});

test('a diverging run exits 1 with the trainer\'s message and keeps its loss curves', async () => {
  const out = join(dir, 'diverged');
  const r = await lrgan('train', '--data', 'ring8', '--n', '50', '--hidden', '8', '--steps', '50', '--lr', '1e30', '--out', out);
  assert.is(r.code, 1);
  assert.match(r.stderr, /training stopped at step \d+: the (generator|discriminator) loss is/);
  assert.match(r.stderr, /no checkpoint was saved yet|the last good checkpoint \(step \d+\) stays in/);
  noStack(r);
  pngSize(join(out, 'loss.png'));
});

test('image data (digits) gets an image grid and class coverage; labelled CSV trains', async () => {
  const csv = join(dir, 'points.csv');
  const rows = ['x,y,z,kind'];
  for (let i = 0; i < 60; i++) rows.push(`${(i % 7) * 0.5},${Math.sin(i)},${i % 3},${i % 2 === 0 ? 'even' : 'odd'}`);
  writeFileSync(csv, rows.join('\n'));
  const digitsOut = join(dir, 'digits');
  const csvOut = join(dir, 'points');
  const [d, c] = await Promise.all([
    lrgan('train', '--data', 'digits', '--n', '50', '--steps', '10', '--hidden', '16', '--rank', '4', '--augment', 'image', '--augment-p', '0.5', '--eval-samples', '100', '--out', digitsOut),
    lrgan('train', '--data', csv, '--label-column', 'kind', '--n', '20', '--steps', '10', '--hidden', '8', '--out', csvOut),
  ]);
  assert.is(d.code, 0, d.stderr);
  assert.match(d.stdout, /50 training and 500 held-out examples of 64 columns \(8x8 images\)/);
  assert.match(d.stdout, /classes covered\s+\d+ \/ 10/);
  pngSize(join(digitsOut, 'samples.png'));
  const dm = JSON.parse(readFileSync(join(digitsOut, 'metrics.json'), 'utf8'));
  assert.is(dm.metrics.classes.numClasses, 10);
  assert.is(c.code, 0, c.stderr);
  const cm = JSON.parse(readFileSync(join(csvOut, 'metrics.json'), 'utf8'));
  assert.is(cm.run.dim, 3);
  assert.equal(cm.metrics.classes.names, ['even', 'odd']);
});

test.run();
