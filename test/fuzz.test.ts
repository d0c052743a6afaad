// Fuzzing every decoder with random and mutated bytes (issue 13, item 9): each returns a valid value or
// throws its documented error (a message naming the source), never a TypeError/RangeError, never a hang.
import fc from 'fast-check';
import { test } from 'uvu';
import { parseCsv } from '../src/data/csv.js';
import { idxImageDataset, parseIdx } from '../src/data/idx.js';
import { Scaler } from '../src/data/scaler.js';
import { checkpointStep, readCheckpoint, saveCheckpoint } from '../src/gan/checkpoint.js';
import { checkConfig } from '../src/gan/config.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { crc32Update } from '../src/image/crc32.js';
import { encodePng, encodePngGray } from '../src/image/png.js';
import { decodeSafetensors, encodeSafetensors } from '../src/nn/safetensors.js';
import { decodePng } from '../src/node/pngRead.js';
import { makeExtra, runExtra } from '../src/cli/runCheckpoint.js';
import { prepareData } from '../src/cli/runData.js';
import { ringData, tinyConfig } from './helpers/tinyGan.js';

/** Runs f; an error must be of the documented kind: not a built-in TypeError/RangeError/SyntaxError, message matching `pattern`. */
function documented<T>(f: () => T, pattern: RegExp, valid: (v: T) => boolean): boolean {
  let v: T;
  try {
    v = f();
  } catch (e) {
    if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) {
      throw new Error(`undocumented error: ${String(e)}${e instanceof Error ? `\n${e.stack}` : ''}`);
    }
    if (!pattern.test(e.message)) throw new Error(`error message does not match ${pattern}: ${e.message}`);
    return true;
  }
  return valid(v);
}

type Edit = { kind: 'set' | 'insert' | 'delete'; at: number; value: number } | { kind: 'truncate'; at: number; value: number };
const edits = fc.array(
  fc.record({ kind: fc.constantFrom('set' as const, 'insert' as const, 'delete' as const, 'truncate' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  { minLength: 1, maxLength: 6 },
);

/** bytes with the edits applied (positions wrap around the current length). */
function mutate(bytes: Uint8Array, list: Edit[]): Uint8Array {
  let b = Array.from(bytes);
  for (const e of list) {
    const at = b.length === 0 ? 0 : e.at % b.length;
    if (e.kind === 'set' && b.length > 0) b[at] = e.value;
    else if (e.kind === 'insert') b.splice(at, 0, e.value);
    else if (e.kind === 'delete') b.splice(at, 1);
    else if (e.kind === 'truncate') b = b.slice(0, at);
  }
  return Uint8Array.from(b);
}

const RUNS = { seed: 13, numRuns: 300 };
const smallBytes = fc.uint8Array({ maxLength: 400 });

test('CSV: random and mutated text', () => {
  const valid = 'x,y,kind\n1,2.5,a\n-3e2,4,b\n"5",6,a\n';
  const csvChars = fc.constantFrom(...',"\n\r \t1234567890.-+eExyab\uFEFF'.split(''));
  const check = (text: string, label: boolean): boolean =>
    documented(
      () => parseCsv(text, label ? { source: 'f.csv', labelColumn: -1 } : { source: 'f.csv' }),
      /^f\.csv: /,
      (t) => t.data.length === t.rows * t.cols && t.data.every((v) => Number.isFinite(Math.fround(v))) && (t.labels === null || t.labels.length === t.rows),
    );
  fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.boolean(), check), RUNS);
  fc.assert(fc.property(fc.array(csvChars, { maxLength: 120 }), fc.boolean(), (cs, l) => check(cs.join(''), l)), RUNS);
  fc.assert(fc.property(edits, fc.boolean(), (list, l) => check(new TextDecoder().decode(mutate(new TextEncoder().encode(valid), list)), l)), RUNS);
});

/** Recomputes every chunk's CRC so that mutations reach the decoder past the CRC check. */
function fixCrcs(png: Uint8Array): Uint8Array {
  const b = png.slice();
  for (let p = 8; p + 12 <= b.length; ) {
    const length = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    if (p + 12 + length > b.length) break;
    const crc = crc32Update(0, b, p + 4, p + 8 + length);
    new DataView(b.buffer).setUint32(p + 8 + length, crc);
    p += 12 + length;
  }
  return b;
}

test('PNG: random and mutated bytes, with and without repaired CRCs', () => {
  const rgba = encodePng({ width: 3, height: 2, data: Uint8ClampedArray.from({ length: 24 }, (_, i) => i * 10) });
  const gray = encodePngGray(4, 3, Uint8Array.from({ length: 12 }, (_, i) => i * 20));
  const check = (bytes: Uint8Array): boolean =>
    documented(() => decodePng(bytes, 'f.png'), /^decodePng: f\.png: /, (d) => d.data.length === d.width * d.height * d.channels);
  fc.assert(fc.property(smallBytes, check), RUNS);
  fc.assert(fc.property(fc.boolean(), edits, fc.boolean(), (which, list, repair) => {
    const m = mutate(which ? rgba : gray, list);
    return check(repair ? fixCrcs(m) : m);
  }), RUNS);
});

/** An IDX file of unsigned bytes with these dims. */
function idxBytes(dims: number[], values: (i: number) => number): Uint8Array {
  const count = dims.reduce((p, d) => p * d, 1);
  const out = new Uint8Array(4 + 4 * dims.length + count);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) out[4 + 4 * dims.length + i] = values(i);
  return out;
}

test('IDX: random and mutated image and label files', () => {
  const images = idxBytes([3, 2, 2], (i) => i * 20);
  const labels = idxBytes([3], (i) => i);
  const names = ['a', 'b', 'c'];
  const checkFile = (bytes: Uint8Array): boolean =>
    documented(() => parseIdx(bytes, 'f.idx'), /^parseIdx: f\.idx: /, (a) => a.data.length === a.dims.reduce((p, d) => p * d, 1));
  fc.assert(fc.property(smallBytes, checkFile), RUNS);
  fc.assert(fc.property(edits, fc.boolean(), (list, which) => checkFile(mutate(which ? images : labels, list))), RUNS);
  fc.assert(fc.property(edits, edits, (a, b) =>
    documented(
      () => idxImageDataset(mutate(images, a), mutate(labels, b), { name: 'x', labelNames: names, imagesSource: 'i.idx', labelsSource: 'l.idx' }),
      /^(parseIdx|idxImageDataset): [il]\.idx/,
      (d) => d.x.length === d.n * d.dim && d.labels!.length === d.n && d.labels!.every((c) => c >= 0 && c < names.length),
    )), RUNS);
});

test('safetensors: random bytes, mutated files and mutated headers', () => {
  const base = encodeSafetensors(
    { a: { dtype: 'float32', shape: [2, 3], data: new Float32Array(6).fill(1.5) }, b: { dtype: 'float64', shape: [], data: Float64Array.of(2) } },
    { note: 'x' },
  );
  const check = (bytes: Uint8Array): boolean =>
    documented(() => decodeSafetensors(bytes), /^decodeSafetensors: /, ({ tensors }) =>
      Object.values(tensors).every((t) => t.data.length === t.shape.reduce((p, d) => p * d, 1)),
    );
  fc.assert(fc.property(smallBytes, check), RUNS);
  fc.assert(fc.property(edits, (list) => check(mutate(base, list))), RUNS);
  // Edits inside the JSON header, with the length field kept consistent.
  const headerLength = Number(new DataView(base.buffer).getBigUint64(0, true));
  const header = base.subarray(8, 8 + headerLength);
  const data = base.subarray(8 + headerLength);
  fc.assert(fc.property(edits, (list) => {
    const h = mutate(header, list);
    const out = new Uint8Array(8 + h.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
    out.set(h, 8);
    out.set(data, 8 + h.length);
    return check(out);
  }), RUNS);
});

test('checkpoints and their saved config: mutated metadata', () => {
  const prep = prepareData({ data: 'ring8', n: 32, seed: 1 });
  const trainer = new GanTrainer(ringData(32, 1), tinyConfig());
  trainer.train(1);
  const { tensors, metadata } = decodeSafetensors(saveCheckpoint(trainer, { ...makeExtra(prep) }));
  const keys = ['config', 'trainer', 'extra', 'optimizer_g'] as const;
  const load = (bytes: Uint8Array): boolean =>
    documented(
      () => {
        const ckpt = readCheckpoint(bytes, 'c.safetensors');
        checkConfig(ckpt.config);
        const extra = runExtra(ckpt, 'c.safetensors');
        Scaler.fromJSON(extra.scaler);
        return checkpointStep(ckpt);
      },
      /^(c\.safetensors: |config: |Scaler)/,
      (step) => Number.isInteger(step) && step >= 0,
    );
  fc.assert(fc.property(fc.constantFrom(...keys), edits, (key, list) => {
    const text = new TextDecoder().decode(mutate(new TextEncoder().encode(metadata[key]!), list));
    return load(encodeSafetensors(tensors, { ...metadata, [key]: text }));
  }), { seed: 13, numRuns: 400 });
  // Well-formed JSON of the wrong shape.
  const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v));
  fc.assert(fc.property(fc.constantFrom(...keys), json, (key, text) => load(encodeSafetensors(tensors, { ...metadata, [key]: text }))), RUNS);
});

test.run();
