import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SafetensorsError } from '../src/nn/safetensors.js';
import { readSafetensorsFile, writeFileAtomic, writeSafetensorsFile } from '../src/node/checkpointFile.js';
import { tempFolders } from './helpers/tempFolders.js';

const folders = tempFolders('checkpoint');
const dir = folders.make();
test.after(folders.removeAll);
const leftovers = (d: string): string[] => readdirSync(d).filter((f) => f.includes('.tmp-'));

function throwsMatching(f: () => unknown, pattern: RegExp, type: new (...args: never[]) => Error = Error): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, type, String(e));
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected an error matching ${pattern}`);
}

test('writeFileAtomic writes, replaces, and leaves no temp files', () => {
  const p = join(dir, 'bytes.bin');
  writeFileAtomic(p, new Uint8Array([1, 2, 3]));
  assert.equal([...readFileSync(p)], [1, 2, 3]);
  const big = new Uint8Array(3_000_000).map((_, i) => i * 7);
  writeFileAtomic(p, big);
  assert.ok(Buffer.from(big).equals(readFileSync(p)));
  writeFileAtomic(p, new Uint8Array(0));
  assert.is(readFileSync(p).length, 0);
  assert.equal(leftovers(dir), []);
});

test('writeFileAtomic failure names the path, keeps the old file and removes the temp file', () => {
  throwsMatching(() => writeFileAtomic(join(dir, 'no-such-dir', 'x.bin'), new Uint8Array(1)), /writeFileAtomic: cannot write '.*no-such-dir[/\\]x\.bin': ENOENT/);
  // Renaming a file over a non-empty directory fails after the temp file is written.
  const target = join(dir, 'occupied');
  mkdirSync(target);
  writeFileSync(join(target, 'keep.txt'), 'keep');
  throwsMatching(() => writeFileAtomic(target, new Uint8Array([9])), /writeFileAtomic: cannot write '.*occupied': E(ISDIR|NOTEMPTY|EXIST|PERM)/);
  assert.equal(leftovers(dir), []);
  assert.is(readFileSync(join(target, 'keep.txt'), 'utf8'), 'keep');
});

test('safetensors file round trip with metadata', () => {
  const p = join(dir, 'model.safetensors');
  const w = new Float32Array([1, -2, 3.5, NaN, 0, 6]);
  const b = new Float64Array([Math.PI]);
  writeSafetensorsFile(p, { 'g.w': { dtype: 'float32', shape: [2, 3], data: w }, 'g.b': { dtype: 'float64', shape: [], data: b } }, { step: '12' });
  const back = readSafetensorsFile(p);
  assert.equal(back.metadata, { step: '12' });
  assert.equal(back.tensors['g.w']!.shape, [2, 3]);
  assert.ok(Object.is(back.tensors['g.w']!.data[3], NaN));
  assert.equal([...back.tensors['g.w']!.data].filter((v) => !Number.isNaN(v)), [1, -2, 3.5, 0, 6]);
  assert.equal(back.tensors['g.b'], { dtype: 'float64', shape: [], data: b });
  assert.equal(leftovers(dir), []);
});

test('read errors name the file: missing file, corrupt file, header limit', () => {
  const missing = join(dir, 'missing.safetensors');
  throwsMatching(() => readSafetensorsFile(missing), /^readSafetensorsFile: cannot read '.*missing\.safetensors': ENOENT/);
  const bad = join(dir, 'bad.safetensors');
  writeFileSync(bad, new Uint8Array([1, 2, 3]));
  throwsMatching(() => readSafetensorsFile(bad), /^readSafetensorsFile: '.*bad\.safetensors': decodeSafetensors: not a safetensors file \(buffer holds 3 bytes/, SafetensorsError);
  const ok = join(dir, 'ok.safetensors');
  writeSafetensorsFile(ok, { w: { dtype: 'float32', shape: [1], data: new Float32Array(1) } });
  throwsMatching(() => readSafetensorsFile(ok, { maxHeaderBytes: 8 }), /'.*ok\.safetensors': decodeSafetensors: header length \d+ exceeds the limit of 8 bytes/, SafetensorsError);
  throwsMatching(() => readSafetensorsFile(dir), /cannot read '.*lrgan-checkpoint-.*': EISDIR/);
});

test('write errors name the file and write nothing', () => {
  const p = join(dir, 'never.safetensors');
  throwsMatching(
    () => writeSafetensorsFile(p, { w: { dtype: 'float32', shape: [3], data: new Float32Array(2) } }),
    /^writeSafetensorsFile: '.*never\.safetensors': encodeSafetensors: tensor 'w': shape \[3\] holds 3 elements but data has 2/,
    SafetensorsError,
  );
  assert.not.ok(readdirSync(dir).includes('never.safetensors'));
});

test.run();
