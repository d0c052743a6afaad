/**
 * Throughput of gemm on square float32 products in the three forms backprop uses
 * (y = x·W, dW = xᵀ·dy, dx = dy·Wᵀ), plus a naive i-k-j loop as the baseline.
 */
import { gemm } from '../src/tensor/gemm.js';
import { Random } from '../src/tensor/random.js';

export type MatmulForm = 'A·B' | 'Aᵀ·B' | 'A·Bᵀ';

export interface MatmulRow {
  /** Square size: op(A), op(B) and C are all [n, n]. */
  n: number;
  form: MatmulForm;
  kernel: 'gemm' | 'naive i-k-j';
  dtype: 'float32';
  /** Median time of one product, milliseconds. */
  ms: number;
  /** 2n³ / time. */
  gflops: number;
  /** gflops over the naive loop's gflops at the same n, where that was measured. */
  vsNaive: number | null;
}

export interface MatmulBenchOptions {
  /** 3 repeats per measurement instead of 7 (for smoke runs), default false. */
  quick?: boolean;
}

export const SIZES = [64, 128, 256, 512];
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

/** Rows for n = 64…512 in every form, and the naive loop at n = 256. */
export async function benchMatmul(opts: MatmulBenchOptions = {}): Promise<MatmulRow[]> {
  const repeats = opts.quick ? 3 : 7;
  const targetMs = 120;
  const rows: MatmulRow[] = [];
  for (const n of SIZES) {
    const r = new Random(n);
    const a = uniform(n * n, r), b = uniform(n * n, r), c = new Float32Array(n * n);
    const runs = FORMS.map(([, transA, transB]) => () => gemm(transA, transB, n, n, n, a, 0, b, 0, c, 0, false));
    if (n === NAIVE_SIZE) runs.push(() => naiveIkj(n, a, b, c));
    const ms = measure(runs, repeats, targetMs);
    const gflops = ms.map((t) => (2 * n ** 3) / (t * 1e6));
    const naive = n === NAIVE_SIZE ? gflops[FORMS.length]! : null;
    FORMS.forEach(([form], i) => rows.push({
      n, form, kernel: 'gemm', dtype: 'float32', ms: ms[i]!, gflops: gflops[i]!,
      vsNaive: naive === null ? null : gflops[i]! / naive,
    }));
    if (naive !== null) {
      rows.push({ n, form: 'A·B', kernel: 'naive i-k-j', dtype: 'float32', ms: ms[FORMS.length]!, gflops: naive, vsNaive: 1 });
    }
    // Yield between sizes so a long run stays responsive to signals and timers.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return rows;
}
