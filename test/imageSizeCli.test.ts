// `lrgan train --image-size`: a PNG folder of mixed sizes trains at one size, which the checkpoint keeps for sample and eval.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodePngGray } from '../src/image/png.js';
import { parseImageSize } from '../src/cli/imageSizeFlag.js';
import { lrgan } from './helpers/runCli.js';
import { tempFolders } from './helpers/tempFolders.js';

const folders = tempFolders('imgsize');
test.after(folders.removeAll);

/** 12 gray PNGs of three sizes (6x6, 12x10, 3x4), each a gradient. */
function mixedFolder(): string {
  const dir = folders.make();
  const sizes = [[6, 6], [12, 10], [3, 4]] as const;
  for (let k = 0; k < 12; k++) {
    const [w, h] = sizes[k % 3]!;
    writeFileSync(join(dir, `img${String(k).padStart(2, '0')}.png`), encodePngGray(w, h, new Uint8Array(w * h).map((_, i) => (i * 20 + k * 7) % 256)));
  }
  return dir;
}

test('--image-size parses S and HxW and refuses the rest by name', () => {
  assert.equal(parseImageSize('28', 'train'), { height: 28, width: 28 });
  assert.equal(parseImageSize('16x24', 'train'), { height: 16, width: 24 });
  for (const bad of ['0', '28x', 'x28', '-3', '2.5', 'big', '5000']) {
    assert.throws(() => parseImageSize(bad, 'train'), new RegExp(`--image-size: expected a side S or HEIGHTxWIDTH in pixels \\(1 to 4096\\), e.g. 28 or 28x28, got '${bad}'`));
  }
});

test('train on a mixed-size folder with --image-size 8x6; sample and eval use the stored size; errors are clear', async () => {
  const data = mixedFolder();
  const out = join(folders.make(), 'run');
  const base = ['--data', data, '--n', '6', '--steps', '2', '--eval-samples', '20'];
  const [run, mixed, builtIn, badValue] = await Promise.all([
    lrgan('train', ...base, '--image-size', '8x6', '--out', out),
    lrgan('train', ...base, '--out', join(out, 'x')),
    lrgan('train', '--data', 'mnist', '--image-size', '28', '--steps', '1'),
    lrgan('train', ...base, '--image-size', '8x0'),
  ]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /G 32→.*→48 /, 'the model is built for 8x6 = 48 pixels');
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { run: { imageSize: unknown } };
  assert.equal(config.run.imageSize, { height: 8, width: 6 });
  assert.is(mixed.code, 1);
  assert.match(mixed.stderr, /is 12x10 but 'img00\.png' is 6x6; all images must have the same size \(or give a size to resize them to: --image-size HxW\)/);
  assert.is(builtIn.code, 2);
  assert.match(builtIn.stderr, /--image-size: resizes the PNGs of a folder; 'mnist' is a built-in data set \(28x28 already\)/);
  assert.is(badValue.code, 2);
  assert.match(badValue.stderr, /--image-size: expected a side S or HEIGHTxWIDTH .* got '8x0'/);
  const ckpt = join(out, 'checkpoint.safetensors');
  const [sample, evaluated, resumeOther, adapted] = await Promise.all([
    lrgan('sample', '--checkpoint', ckpt, '--count', '4', '--out', join(out, 'four') + '/'),
    lrgan('eval', '--checkpoint', ckpt),
    lrgan('train', '--out', out, '--steps', '3', '--resume', '--image-size', '8x8'),
    lrgan('adapt', '--from', ckpt, '--data', data, '--image-size', '8x6', '--n', '4', '--steps', '1', '--mode', 'all', '--eval-samples', '20', '--out', join(out, 'adapted')),
  ]);
  assert.is(adapted.code, 0, adapted.stderr);
  assert.is(sample.code, 0, sample.stderr);
  assert.is(evaluated.code, 0, evaluated.stderr);
  const png = readFileSync(join(out, 'four', '0.png'));
  assert.equal([png.readUInt32BE(16), png.readUInt32BE(20)], [6, 8], 'a sample PNG is 6 wide and 8 tall');
  assert.is(resumeOther.code, 2);
  assert.match(resumeOther.stderr, /--image-size 8x8 differs from the checkpoint's \(8x6\)/);
});

test.run();
