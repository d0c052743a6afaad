// `lrgan train --label-column` trains a conditional GAN and `lrgan sample --class/--classes` asks it for classes.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { encodePngGray } from '../src/image/png.js';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempFolders } from './helpers/tempFolders.js';
import { lrgan } from './helpers/runCli.js';

const folders = tempFolders('cond-cli');
test.after(folders.removeAll);

const dir = folders.make();
const IRIS = ['--data', 'data/iris.csv', '--label-column', 'species', '--n', '50', '--hidden', '16,16', '--steps', '60', '--eval-samples', '300'];

test('iris with --label-column trains conditionally; sample --class and --classes write the asked-for species', async () => {
  const run = join(dir, 'iris');
  const t = await lrgan('train', ...IRIS, '--out', run);
  assert.is(t.code, 0, t.stderr);
  assert.match(t.stdout, /conditional: 3 classes \(setosa \d+, versicolor \d+, virginica \d+ training rows\)/);
  const ckpt = join(run, 'checkpoint.safetensors');
  const one = await lrgan('sample', '--checkpoint', ckpt, '--class', '2', '--count', '100', '--out', join(dir, 'c2.csv'));
  assert.is(one.code, 0, one.stderr);
  assert.match(one.stdout, /wrote 100 samples .*virginica 100\)/);
  const rows = readFileSync(join(dir, 'c2.csv'), 'utf8').trim().split('\n');
  assert.is(rows[0], 'sepal_length,sepal_width,petal_length,petal_width,species');
  assert.is(rows.length, 101);
  assert.ok(rows.slice(1).every((r) => r.endsWith(',virginica')), 'every row is of the class asked for');
  const mix = await lrgan('sample', '--checkpoint', ckpt, '--classes', 'setosa:2,1:3', '--out', join(dir, 'mix.csv'));
  assert.is(mix.code, 0, mix.stderr);
  const species = readFileSync(join(dir, 'mix.csv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split(',').pop());
  assert.equal(species, ['setosa', 'setosa', 'versicolor', 'versicolor', 'versicolor']);
  const bad = await lrgan('sample', '--checkpoint', ckpt, '--class', 'rose', '--out', join(dir, 'x.csv'));
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--class: 'rose' is not a class of this run; its classes are 0 setosa, 1 versicolor, 2 virginica/);
});

test('an unconditional run refuses --class, and --conditional refuses data without labels', async () => {
  const run = join(dir, 'plain');
  const t = await lrgan('train', ...IRIS, '--no-conditional', '--out', run);
  assert.is(t.code, 0, t.stderr);
  assert.not.match(t.stdout, /conditional:/);
  const r = await lrgan('sample', '--checkpoint', join(run, 'checkpoint.safetensors'), '--class', '1', '--out', join(dir, 'y.csv'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /--class: this checkpoint's generator is unconditional/);
  const csv = join(dir, 'points.csv');
  writeFileSync(csv, `a,b\n${Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 5}`).join('\n')}\n`);
  const plain = await lrgan('train', '--data', csv, '--n', '20', '--steps', '5', '--conditional', '--out', join(dir, 'points'));
  assert.is(plain.code, 2);
  assert.match(plain.stderr, /--conditional: expected labelled data .*points has no class labels/);
});

test('a folder of class subfolders trains conditionally, and sample writes a PNG folder per class', async () => {
  const data = join(dir, 'pets');
  for (const [k, sub] of ['cats', 'dogs'].entries()) {
    mkdirSync(join(data, sub), { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(join(data, sub, `${i}.png`), encodePngGray(8, 8, new Uint8Array(64).map((_, p) => (p % 8 < 4) === (k === 0) ? 200 + i : 10)));
  }
  const run = join(dir, 'pets-run');
  const t = await lrgan('train', '--data', data, '--n', '12', '--hidden', '16,16', '--steps', '5', '--eval-samples', '20', '--out', run);
  assert.is(t.code, 0, t.stderr);
  assert.match(t.stdout, /conditional: 2 classes \(cats 6, dogs 6 training rows\)/);
  const out = join(dir, 'pet-samples');
  const s = await lrgan('sample', '--checkpoint', join(run, 'checkpoint.safetensors'), '--classes', 'balanced', '--count', '4', '--out', `${out}/`);
  assert.is(s.code, 0, s.stderr);
  assert.equal(readdirSync(out).sort(), ['cats', 'dogs']);
  assert.equal(readdirSync(join(out, 'dogs')).sort(), ['2.png', '3.png']);
  const bad = await lrgan('sample', '--checkpoint', join(dir, 'iris', 'checkpoint.safetensors'), '--out', `${out}-iris/`);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /a folder of PNGs needs image data; iris is a table/);
});

test.run();
