import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodePng, encodePngGray } from '../src/image/png.js';
import { readImageFolder } from '../src/node/imageFolder.js';
import { tempFolders } from './helpers/tempFolders.js';

const folders = tempFolders('imgs');
test.after(folders.removeAll);

function folder(files: Record<string, Uint8Array | string>): string {
  const dir = folders.make();
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

/** w x h RGBA PNG whose pixel i is (r0 + i, g, b, a). */
function rgba(w: number, h: number, r0: number, g: number, b: number, a = 255): Uint8Array {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([r0 + i, g, b, a], i * 4);
  return encodePng({ width: w, height: h, data });
}

function gray(w: number, h: number, v0: number): Uint8Array {
  return encodePngGray(w, h, new Uint8Array(w * h).map((_, i) => v0 + i));
}

const close = (a: ArrayLike<number>, b: number[]): void => {
  assert.is(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-12, `index ${i}: ${a[i]} vs ${b[i]}`);
};

test('RGB images: sorted names, channel planes in [0, 1], other files ignored', () => {
  const dir = folder({ 'b.png': rgba(2, 1, 10, 20, 30), 'a.PNG': rgba(2, 1, 100, 0, 255), 'notes.txt': 'hello' });
  mkdirSync(join(dir, 'sub.png')); // a folder named like a PNG is not an image
  const f = readImageFolder(dir);
  assert.equal(f.names, ['a.PNG', 'b.png']);
  assert.equal([f.width, f.height, f.channels], [2, 1, 3]);
  close(f.data, [100, 101, 0, 0, 255, 255, 10, 11, 20, 20, 30, 30].map((v) => v / 255));
  const hwc = readImageFolder(dir, { layout: 'hwc' });
  close(hwc.data, [100, 0, 255, 101, 0, 255, 10, 20, 30, 11, 20, 30].map((v) => v / 255));
});

test('all gray: 1 channel; gray next to color: promoted to RGB', () => {
  const g = readImageFolder(folder({ '1.png': gray(2, 2, 0), '2.png': gray(2, 2, 50) }));
  assert.equal([g.channels, g.data.length], [1, 8]);
  close(g.data, [0, 1, 2, 3, 50, 51, 52, 53].map((v) => v / 255));
  const m = readImageFolder(folder({ 'c.png': rgba(1, 1, 9, 8, 7), 'g.png': gray(1, 1, 200) }));
  assert.is(m.channels, 3);
  close(m.data, [9, 8, 7, 200, 200, 200].map((v) => v / 255));
  assert.equal(g.notes, [], 'all gray: nothing to say');
  assert.equal(m.notes, ['1 of 2 images are gray (g.png) and were promoted to RGB, since others are in color']);
});

test('alpha is composited onto black', () => {
  const f = readImageFolder(folder({ 'half.png': rgba(1, 1, 200, 100, 50, 128), 'clear.png': rgba(1, 1, 255, 255, 255, 0) }));
  assert.equal(f.names, ['clear.png', 'half.png']);
  close(f.data, [0, 0, 0, (200 * 128) / 65025, (100 * 128) / 65025, (50 * 128) / 65025]);
  assert.equal(f.notes, ['2 of 2 images have transparent pixels (clear.png, half.png); their colors were composited onto black and the alpha dropped']);
  assert.equal(readImageFolder(folder({ 'opaque.png': rgba(1, 1, 1, 2, 3) })).notes, [], 'an opaque RGBA image loses nothing');
});

test('errors: missing folder, a file instead of a folder, no PNGs', () => {
  const missing = join(tmpdir(), 'lrgan-no-such-folder-4242');
  assert.throws(() => readImageFolder(missing), new RegExp(`readImageFolder: folder '${missing}' does not exist`));
  const dir = folder({ 'x.txt': 'not an image' });
  assert.throws(() => readImageFolder(join(dir, 'x.txt')), /readImageFolder: '.*x\.txt' is not a folder/);
  assert.throws(() => readImageFolder(dir), /readImageFolder: no \.png files in '.*' or in class subfolders of it \(1 other entries\)/);
  assert.throws(() => readImageFolder(folder({})), /no \.png files/);
});

test('size: every image resized to it (area down, bilinear up), so sizes may mix; same-size images untouched', () => {
  // 4x2 gray, rows [0,1,2,3] and [4,5,6,7] (+100): area to 2x1 averages each 2x2 block.
  const dir = folder({ 'big.png': gray(4, 2, 100), 'same.png': gray(2, 1, 7), 'tiny.png': gray(1, 1, 60) });
  const f = readImageFolder(dir, { size: { height: 1, width: 2 } });
  assert.equal([f.width, f.height, f.channels], [2, 1, 1]);
  close(f.data, [102.5, 104.5, 7, 8, 60, 60].map((v) => v / 255));
  assert.throws(() => readImageFolder(dir, { size: { height: 0, width: 2 } }), /readImageFolder: size must be positive integer height and width, got 0x2/);
});

test('errors: mixed sizes name both files and sizes; a corrupt PNG names its path', () => {
  const dir = folder({ 'a.png': rgba(8, 8, 0, 0, 0), 'b.png': rgba(8, 8, 0, 0, 0), 'c.png': gray(16, 8, 0) });
  assert.throws(() => readImageFolder(dir), /readImageFolder: 'c\.png' is 16x8 but 'a\.png' is 8x8; all images must have the same size \(or give a size to resize them to: --image-size HxW\)/);
  const bad = folder({ 'ok.png': rgba(2, 2, 0, 0, 0), 'zz.png': 'GIF89a' });
  assert.throws(() => readImageFolder(bad), /decodePng: .*zz\.png: not a PNG file \(bad signature\)/);
});

test('a folder of class subfolders gives each image its subfolder as class, classes sorted', () => {
  const dir = folders.make();
  for (const [sub, files] of [['cats', ['b.png', 'a.png']], ['dogs', ['c.png']], ['empty', []]] as const) {
    mkdirSync(join(dir, sub));
    files.forEach((f, i) => writeFileSync(join(dir, sub, f), gray(2, 2, 10 * i)));
  }
  writeFileSync(join(dir, 'notes.txt'), 'not an image');
  const f = readImageFolder(dir);
  assert.equal(f.names, ['cats/a.png', 'cats/b.png', 'dogs/c.png']);
  assert.equal(f.classNames, ['cats', 'dogs']);
  assert.equal([...f.labels!], [0, 0, 1]);
  assert.is(readImageFolder(folder({ 'x.png': gray(2, 2, 0) })).labels, null, 'PNGs at the top: no classes');
  const one = folders.make();
  mkdirSync(join(one, 'only'));
  writeFileSync(join(one, 'only', 'x.png'), gray(2, 2, 0));
  assert.throws(() => readImageFolder(one), /has one class subfolder \('only'\)/);
  assert.throws(() => readImageFolder(folder({ 'a.txt': 'x' })), /no \.png files in '.*' or in class subfolders of it/);
});

test.run();
