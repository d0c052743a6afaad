/**
 * Throughput of gemm's JS and WebAssembly kernels side by side, timed in interleaved rounds in one
 * process (ratios hold on a noisy machine): square float32 products in the three forms backprop uses
 * (y = x·W, dW = xᵀ·dy, dx = dy·Wᵀ), the rank-16 layer's thin products at batch 64 and width 256,
 * small products around the size where gemm switches kernels, and a naive i-k-j loop as the baseline.
 */
import { gemm } from '../src/tensor/gemm.js';
import { gemmWasm } from '../src/tensor/wasm/gemmWasm.js';
import { setKernels, activeKernels } from '../src/tensor/index.js';
import { simdSupported } from '../src/tensor/wasm/simdSupport.js';
import { Random } from '../src/tensor/random.js';

export type MatmulForm = 'A·B' | 'Aᵀ·B' | 'A·Bᵀ';

export interface MatmulRow {
  /** square n³; rank-16 products of LowRankLinear(256, 256, 16) at batch 64; small products near the switch. */
  set: 'square' | 'rank-16' | 'small';
  /** op(A) is [m, k], op(B) [k, n]. */
  m: number;
  n: number;
  k: number;
  form: MatmulForm;
  /** GFLOP/s (2mnk / median time) of the JS kernels (LRGAN_KERNELS=js) and of WebAssembly (null without SIMD). */
  jsGflops: number;
  wasmGflops: number | null;
  /** wasm over JS time ratio, from the same interleaved rounds. */
  wasmVsJs: number | null;
  /** Median time of one product, milliseconds. */
  jsMs: number;
  wasmMs: number | null;
  /** The naive i-k-j loop at the square size 256 (A·B only). */
  naiveGflops: number | null;
}

export interface MatmulBenchOptions {
  /** 3 repeats per measurement instead of 7 (for smoke runs), default false. */
  quick?: boolean;
}

export const SIZES = [64, 128, 256, 512];
/** [m, n, k, form] of x·V, h·U, their weight gradients and their input gradients (x: [64, 256], V: [256, 16], U: [16, 256]). */
const RANK16: readonly [number, number, number, MatmulForm][] = [
  [64, 16, 256, 'A·B'], [64, 256, 16, 'A·B'], [256, 16, 64, 'Aᵀ·B'], [16, 256, 64, 'Aᵀ·B'], [64, 16, 256, 'A·Bᵀ'], [64, 256, 16, 'A·Bᵀ'],
];
/** Products near gemm's switch to WebAssembly (worthWasm in src/tensor/gemm.ts), timed on gemmWasm directly. */
const SMALL: readonly [number, number, number][] = [[4, 4, 4], [6, 6, 6], [8, 8, 8], [16, 16, 16], [64, 1, 256], [1, 64, 256], [64, 2, 256], [2, 64, 256], [64, 64, 1]];
const NAIVE_SIZE = 256;
export const FORMS: readonly [MatmulForm, boolean, boolean][] = [['A·B', false, false], ['Aᵀ·B', true, false], ['A·Bᵀ', false, true]];

/** The textbook loop: C = A·B row by row, streaming rows of B (plain JS over Float32Array). */
function naiveIkj(n: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let p = 0; p < n; p++) {
      const av = a[i * n + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j]!;
    }
  }
}

function uniform(size: number, r: Random): Float32Array {
  const x = new Float32Array(size);
  for (let i = 0; i < size; i++) x[i] = r.uniform() * 2 - 1;
  return x;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Runs f `reps` times; milliseconds per call. */
function timePerCall(f: () => void, reps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t0) / reps;
}

/** Warms f up for about `targetMs` (so the JIT has optimised it), then returns how many calls take about `targetMs`. */
function calibrate(f: () => void, targetMs: number): number {
  let calls = 0;
  for (const t0 = performance.now(); calls < 2 || performance.now() - t0 < targetMs; calls++) f();
  const perCall = timePerCall(f, Math.ceil(calls / 4));
  return Math.max(1, Math.ceil(targetMs / perCall));
}

/**
 * Median ms per call of each function. Repeats are interleaved round-robin, so a slow spell
 * of a shared machine hits all of them alike and their ratios stay meaningful.
 */
export function measure(fs: readonly (() => void)[], repeats: number, targetMs: number): number[] {
  const reps = fs.map((f) => calibrate(f, targetMs));
  const times: number[][] = fs.map(() => []);
  for (let r = 0; r < repeats; r++) {
    fs.forEach((f, i) => times[i]!.push(timePerCall(f, reps[i]!)));
  }
  return times.map(median);
}

const TRANSPOSES: Record<MatmulForm, [boolean, boolean]> = { 'A·B': [false, false], 'Aᵀ·B': [true, false], 'A·Bᵀ': [false, true] };

/**
 * Times one product on the JS kernels and on WebAssembly (through gemm, or gemmWasm itself when `direct`,
 * for sizes below gemm's switch), in interleaved rounds; the naive loop joins the rounds when given.
 */
function kernelPair(set: MatmulRow['set'], m: number, n: number, k: number, form: MatmulForm, repeats: number, targetMs: number,
  wasm: boolean, direct: boolean, naive: (() => void) | null): MatmulRow {
  const r = new Random(m * 1000003 + n * 1009 + k);
  const a = uniform(m * k, r), b = uniform(k * n, r), c = new Float32Array(m * n);
  const [transA, transB] = TRANSPOSES[form];
  const runs = [() => { setKernels('js'); gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, false); }];
  if (wasm) {
    runs.push(direct
      ? () => gemmWasm(transA, transB, m, n, k, a, 0, b, 0, c, 0, false)
      : () => { setKernels('wasm'); gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, false); });
  }
  if (naive !== null) runs.push(naive);
  const ms = measure(runs, repeats, targetMs);
  const gflops = (t: number): number => (2 * m * n * k) / (t * 1e6);
  const jsMs = ms[0]!, wasmMs = wasm ? ms[1]! : null;
  return {
    set, m, n, k, form, jsGflops: gflops(jsMs), wasmGflops: wasmMs === null ? null : gflops(wasmMs),
    wasmVsJs: wasmMs === null ? null : jsMs / wasmMs, jsMs, wasmMs, naiveGflops: naive === null ? null : gflops(ms[ms.length - 1]!),
  };
}

/** Rows for n = 64…512 in every form (the naive loop at n = 256), the rank-16 products, and the small ones. */
export async function benchMatmul(opts: MatmulBenchOptions = {}): Promise<MatmulRow[]> {
  const repeats = opts.quick ? 3 : 7;
  const wasm = simdSupported();
  const requested = activeKernels().requested;
  const rows: MatmulRow[] = [];
  // Yield between sizes so a long run stays responsive to signals and timers.
  const breathe = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 0));
  try {
    for (const n of SIZES) {
      for (const [form] of FORMS) {
        let naive: (() => void) | null = null;
        if (n === NAIVE_SIZE && form === 'A·B') {
          const r = new Random(1), a = uniform(n * n, r), b = uniform(n * n, r), c = new Float32Array(n * n);
          naive = () => naiveIkj(n, a, b, c);
        }
        rows.push(kernelPair('square', n, n, n, form, repeats, 120, wasm, false, naive));
      }
      await breathe();
    }
    for (const [m, n, k, form] of RANK16) rows.push(kernelPair('rank-16', m, n, k, form, repeats, 60, wasm, false, null));
    await breathe();
    for (const [m, n, k] of SMALL) rows.push(kernelPair('small', m, n, k, 'A·B', repeats, 30, wasm, true, null));
  } finally {
    setKernels(requested);
  }
  return rows;
}
