import { PAGES, STAGE, STAGE_A, STAGE_B, getArena } from './arena.js';
import { addRowVectorFunction, leakyReluBackwardFunction, leakyReluFunction } from './elementwiseKernel.js';
import { adamFunction } from './adamKernel.js';
import { assembleModule } from './module.js';

interface ElementwiseKernels {
  leakyRelu: (src: number, dst: number, bytes: number, slope: number) => void;
  leakyReluBackward: (g: number, x: number, dst: number, bytes: number, slope: number) => void;
  addRowVector: (y: number, b: number, rows: number, rowBytes: number) => void;
  adam: (theta: number, grad: number, m: number, v: number, bytes: number, b1: number, a1: number, b2: number, a2: number, c: number, e: number, s: number) => void;
}

let kernels: (ElementwiseKernels & { f32: Float32Array }) | null = null;

/** A second module on the gemm arena's memory (each module stays small enough to compile synchronously). */
function getKernels(): ElementwiseKernels & { f32: Float32Array } {
  if (kernels !== null) return kernels;
  const arena = getArena();
  const bytes = assembleModule({ module: 'env', field: 'memory', pages: PAGES }, [leakyReluFunction(), leakyReluBackwardFunction(), addRowVectorFunction(), adamFunction()]);
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: arena.memory } }).exports;
  const fn = <F>(name: string): F => {
    if (typeof ex[name] !== 'function') throw new Error(`wasm elementwise: the module did not export ${name}`);
    return ex[name] as F;
  };
  kernels = {
    leakyRelu: fn('leakyRelu'), leakyReluBackward: fn('leakyReluBackward'), addRowVector: fn('addRowVector'), adam: fn('adam'), f32: arena.f32,
  };
  return kernels;
}

/** Bytes of `len` floats rounded up to whole f32x4 lanes. */
const laneBytes = (len: number): number => ((len + 3) >> 2) << 4;

/** out[0…n) = leakyRelu(x[0…n)), streamed through the arena's staging region in blocks of STAGE floats. */
export function leakyReluWasm(x: Float32Array, out: Float32Array, n: number, slope: number): void {
  const { f32, leakyRelu } = getKernels();
  for (let i = 0; i < n; i += STAGE) {
    const len = Math.min(STAGE, n - i);
    f32.set(x.subarray(i, i + len), STAGE_A);
    leakyRelu(4 * STAGE_A, 4 * STAGE_A, laneBytes(len), slope);
    out.set(f32.subarray(STAGE_A, STAGE_A + len), i);
  }
}

/** out[0…n) = g where x > 0, else slope·g, in blocks as leakyReluWasm. */
export function leakyReluBackwardWasm(g: Float32Array, x: Float32Array, out: Float32Array, n: number, slope: number): void {
  const { f32, leakyReluBackward } = getKernels();
  for (let i = 0; i < n; i += STAGE) {
    const len = Math.min(STAGE, n - i);
    f32.set(g.subarray(i, i + len), STAGE_A);
    f32.set(x.subarray(i, i + len), STAGE_B);
    leakyReluBackward(4 * STAGE_A, 4 * STAGE_B, 4 * STAGE_A, laneBytes(len), slope);
    out.set(f32.subarray(STAGE_A, STAGE_A + len), i);
  }
}

/** y[r, j] += b[j] for y: [rows, cols] contiguous, cols a multiple of 4 and ≤ STAGE; blocks of whole rows. */
export function addRowVectorWasm(y: Float32Array, b: Float32Array, rows: number, cols: number): void {
  const { f32, addRowVector } = getKernels();
  f32.set(b.subarray(0, cols), STAGE_B);
  const blockRows = Math.floor(STAGE / cols);
  for (let r = 0; r < rows; r += blockRows) {
    const nr = Math.min(blockRows, rows - r), from = r * cols, len = nr * cols;
    f32.set(y.subarray(from, from + len), STAGE_A);
    addRowVector(4 * STAGE_A, 4 * STAGE_B, nr, 4 * cols);
    y.set(f32.subarray(STAGE_A, STAGE_A + len), from);
  }
}

/** The float32 scalars of one Adam step (adamUpdate's names): β1, 1 − β1, β2, 1 − β2, √(1 − β2^t), eps, −lr/(1 − β1^t). */
export interface AdamScalars { b1: number; a1: number; b2: number; a2: number; c: number; e: number; s: number }

/**
 * One Adam step without weight decay or AMSGrad on theta, m, v in place (grad read), n floats each,
 * in blocks of STAGE/2: θ and g share STAGE_A, m and v STAGE_B.
 */
export function adamWasm(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, n: number, k: AdamScalars): void {
  const { f32, adam } = getKernels();
  const half = STAGE >> 1;
  const T = STAGE_A, G = STAGE_A + half, M = STAGE_B, V = STAGE_B + half;
  for (let i = 0; i < n; i += half) {
    const len = Math.min(half, n - i), end = i + len;
    f32.set(theta.subarray(i, end), T);
    f32.set(grad.subarray(i, end), G);
    f32.set(m.subarray(i, end), M);
    f32.set(v.subarray(i, end), V);
    adam(4 * T, 4 * G, 4 * M, 4 * V, laneBytes(len), k.b1, k.a1, k.b2, k.a2, k.c, k.e, k.s);
    theta.set(f32.subarray(T, T + len), i);
    m.set(f32.subarray(M, M + len), i);
    v.set(f32.subarray(V, V + len), i);
  }
}
