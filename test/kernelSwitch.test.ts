// Choosing the gemm kernels: setKernels, activeKernels and the LRGAN_KERNELS variable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gemm } from '../src/tensor/gemm.js';
import { gemmPacked } from '../src/tensor/gemmPacked.js';
import { gemmWasm } from '../src/tensor/wasm/gemmWasm.js';
import { setKernels, activeKernels } from '../src/tensor/index.js';
import type { KernelChoice } from '../src/tensor/index.js';
import { Random } from '../src/tensor/random.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [m, n, k] = [37, 29, 70];

function operands<T extends Float32Array | Float64Array>(make: (size: number) => T): { a: T; b: T } {
  const r = new Random(5), a = make(m * k), b = make(k * n);
  for (let i = 0; i < a.length; i++) a[i] = r.normal();
  for (let i = 0; i < b.length; i++) b[i] = r.normal();
  return { a, b };
}

/** gemm's bytes and those of a named kernel on the same float32 product. */
function sameBytes(kernel: typeof gemmWasm): boolean {
  const { a, b } = operands((s) => new Float32Array(s));
  const viaGemm = new Float32Array(m * n), direct = new Float32Array(m * n);
  gemm(true, false, m, n, k, a, 0, b, 0, viaGemm, 0, false);
  kernel(true, false, m, n, k, a, 0, b, 0, direct, 0, false);
  return Buffer.from(viaGemm.buffer).equals(Buffer.from(direct.buffer));
}

const initial = activeKernels().requested;

test('setKernels("js") sends float32 products to the JS kernel, "wasm" and "auto" to WebAssembly', () => {
  setKernels('js');
  assert.equal(activeKernels(), { kernels: 'js', requested: 'js' });
  assert.ok(sameBytes(gemmPacked), 'js: gemm should give the JS kernel\'s bytes');
  setKernels('wasm');
  assert.equal(activeKernels(), { kernels: 'wasm', requested: 'wasm' });
  assert.ok(sameBytes(gemmWasm), 'wasm: gemm should give the WebAssembly kernel\'s bytes');
  setKernels('auto');
  assert.equal(activeKernels(), { kernels: 'wasm', requested: 'auto' });
  assert.ok(sameBytes(gemmWasm));
  setKernels(initial);
});

test('float64 products stay on the JS kernel under every choice (the gradient checks need float64 sums)', () => {
  setKernels('wasm');
  const { a, b } = operands((s) => new Float64Array(s));
  const viaGemm = new Float64Array(m * n), direct = new Float64Array(m * n);
  gemm(true, false, m, n, k, a, 0, b, 0, viaGemm, 0, false);
  gemmPacked(true, false, m, n, k, a, 0, b, 0, direct, 0, false);
  assert.equal(Array.from(viaGemm), Array.from(direct));
  setKernels(initial);
});

test('setKernels rejects an unknown choice, naming what it got', () => {
  assert.throws(() => setKernels('simd' as KernelChoice), /setKernels: kernels must be one of js, wasm, auto, got simd/);
  assert.is(activeKernels().requested, initial);
});

/** activeKernels() as printed by a fresh process with LRGAN_KERNELS set to `value`. */
function childKernels(value: string): Promise<{ code: number; out: string }> {
  const script = "import('./src/tensor/index.ts').then((t) => console.log(JSON.stringify(t.activeKernels())))";
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, LRGAN_KERNELS: value } },
      (err, stdout, stderr) => resolve({ code: err === null ? 0 : 1, out: stdout + stderr }));
  });
}

test('LRGAN_KERNELS=js forces the JS kernels in a new process; a bad value fails loudly', async () => {
  const [js, wasm, bad] = await Promise.all([childKernels('js'), childKernels('wasm'), childKernels('fast')]);
  assert.is(js.out.trim(), '{"kernels":"js","requested":"js"}');
  assert.is(wasm.out.trim(), '{"kernels":"wasm","requested":"wasm"}');
  assert.is(bad.code, 1);
  assert.match(bad.out, /LRGAN_KERNELS must be one of js, wasm, auto, got "fast"/);
});

test.run();
