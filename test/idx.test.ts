// IDX parsing (bytes → Dataset) and the shipped MNIST and Fashion-MNIST sets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fewShotSplit, idxImageDataset, parseIdx } from '../src/index.js';
import { loadDataset } from '../src/node/loadData.js';
import { throwsWith } from './helpers/throwsWith.js';

/** An unsigned-byte IDX file with the given dims and values. */
function idx(dims: number[], values: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  out.set([0, 0, 8, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(values, 4 + 4 * dims.length);
  return out;
}

test('parseIdx reads big-endian dims and the values row-major', () => {
  const a = parseIdx(idx([2, 1, 3], [1, 2, 3, 4, 5, 255]), 'a');
  assert.equal(a.dims, [2, 1, 3]);
  assert.equal(Array.from(a.data), [1, 2, 3, 4, 5, 255]);
  assert.equal(parseIdx(idx([300], new Array(300).fill(7)), 'b').dims, [300]);
});

test('parseIdx names the file and what is wrong', () => {
  throwsWith(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0]), 'x.gz'), 'parseIdx: x.gz: not an IDX file (the first two bytes are 31, 139, expected 0, 0; gunzip it first?)');
  throwsWith(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), 'f'), /value type 0xd is not supported, expected 0x08/);
  throwsWith(() => parseIdx(idx([2, 2], [1, 2, 3]), 'short'), 'parseIdx: short: dims [2,2] need 4 values after the 12-byte header, the file has 3');
  throwsWith(() => parseIdx(new Uint8Array([0, 0, 8]), 'tiny'), /3 bytes is too short/);
});

test('idxImageDataset scales pixels to [0, 1] and checks counts and labels', () => {
  const ds = idxImageDataset(idx([2, 1, 2], [0, 255, 51, 102]), idx([2], [1, 0]),
    { name: 't', labelNames: ['a', 'b'], imagesSource: 'img', labelsSource: 'lab' });
  assert.equal(Array.from(ds.x), [0, 1, 0.2, 0.4]);
  assert.equal(Array.from(ds.labels!), [1, 0]);
  assert.equal(ds.image, { height: 1, width: 2, channels: 1 });
  throwsWith(() => idxImageDataset(idx([2, 1, 2], [0, 0, 0, 0]), idx([3], [0, 0, 0]), { name: 't', labelNames: ['a'], imagesSource: 'img', labelsSource: 'lab' }),
    'idxImageDataset: img has 2 images but lab has 3 labels');
  throwsWith(() => idxImageDataset(idx([1, 1, 1], [0]), idx([1], [4]), { name: 't', labelNames: ['a', 'b'], imagesSource: 'img', labelsSource: 'lab' }),
    'idxImageDataset: lab: label 0 is 4, outside 0..1');
});

for (const name of ['mnist', 'fashion'] as const) {
  test(`built-in ${name}: 10,000 labelled 28×28 images, about 1,000 per class, and a stratified few-shot split`, () => {
    const ds = loadDataset(name, { seed: 1, n: 100 });
    assert.is(ds.n, 10000);
    assert.is(ds.dim, 784);
    assert.equal(ds.image, { height: 28, width: 28, channels: 1 });
    assert.is(ds.numClasses, 10);
    const counts = new Array<number>(10).fill(0);
    for (const c of ds.labels!) counts[c]!++;
    for (const c of counts) assert.ok(c > 800 && c < 1200, `class count ${c}`);
    let lo = Infinity, hi = -Infinity;
    for (const v of ds.x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    assert.equal([lo, hi], [0, 1]);
    const split = fewShotSplit(ds, { n: 100, seed: 1 });
    const perClass = new Array<number>(10).fill(0);
    for (const c of split.train.labels!) perClass[c]!++;
    assert.equal(perClass, new Array(10).fill(10));
  });
}

test.run();
