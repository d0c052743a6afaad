import { Odometer, broadcastShapes, broadcastStrides, coalesce } from './broadcast.js';
import { Tensor, stridesOf } from './tensor.js';
import type { DType, FloatArray } from './tensor.js';
import { addRowVectorWasm, leakyReluBackwardWasm, leakyReluWasm } from './wasm/elementwiseWasm.js';
import { wasmKernelsOn } from './wasm/kernelSwitch.js';
import { STAGE } from './wasm/arena.js';

/** Longest row the WebAssembly bias add takes (one row must fit a staging region). */
const WASM_ROW_MAX = STAGE;
/** Below this many elements the JS loops beat copying operands into the WebAssembly arena. */
const WASM_MIN_ELEMENTS = 256;

/** Whether a float32 elementwise op of n elements goes to the WebAssembly kernels (same bits as the JS loops). */
function useWasm(n: number, ...arrays: FloatArray[]): boolean {
  return wasmKernelsOn && n >= WASM_MIN_ELEMENTS && arrays.every((a) => a instanceof Float32Array);
}

/** Elementwise functions of one tensor. Parameters (slope, bounds) come in `p` and `q`. */
export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'sigmoid'
  | 'relu' | 'leakyRelu' | 'softplus' | 'clamp' | 'square' | 'step' | 'leakyReluSlope' | 'clampMask'
  | 'powScalar' | 'addScalar' | 'mulScalar' | 'rsubScalar' | 'rdivScalar';

/**
 * y = f(x) elementwise, in x's dtype. Meaning of the parameters:
 * leakyRelu/leakyReluSlope: p = negative slope; softplus: p = β, q = threshold; clamp/clampMask: [p, q];
 * powScalar: x^p; addScalar: x + p; mulScalar: x·p; rsubScalar: p − x; rdivScalar: p / x;
 * step: 1 where x > 0 else 0; leakyReluSlope: 1 where x > 0 else p; clampMask: 1 where p ≤ x ≤ q.
 */
export function unary(op: UnaryOp, x: Tensor, p = 0, q = 0): Tensor {
  const out = Tensor.empty(x.shape, x.dtype);
  if (op === 'leakyRelu' && useWasm(x.size, x.data)) {
    leakyReluWasm(x.data as Float32Array, out.data as Float32Array, x.size, p);
    return out;
  }
  UNARY[op](x.data, out.data, x.size, p, q);
  return out;
}

type UnaryLoop = (a: FloatArray, o: FloatArray, n: number, p: number, q: number) => void;

// One small function per op: each stays monomorphic and is optimized on its own.
const UNARY: Record<UnaryOp, UnaryLoop> = {
  neg: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = -a[i]!;
  },
  exp: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.exp(a[i]!);
  },
  log: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.log(a[i]!);
  },
  log1p: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.log1p(a[i]!);
  },
  sqrt: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[i]!);
  },
  abs: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.abs(a[i]!);
  },
  sign: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.sign(a[i]!);
  },
  tanh: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.tanh(a[i]!);
  },
  sigmoid: (a, o, n) => {
    // σ(x) = 1/(1+e^−x), written so that the exponential never overflows.
    for (let i = 0; i < n; i++) {
      const v = a[i]!;
      if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        o[i] = e / (1 + e);
      }
    }
  },
  relu: (a, o, n) => {
    for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v > 0 ? v : 0; }
  },
  leakyRelu: (a, o, n, p) => {
    if (a instanceof Float32Array) {
      // v·1 or v·p picked without a branch (signs of activations are coin flips, so a branch mispredicts half the time).
      // The slope is rounded to float32 first, as PyTorch's float32 kernel holds it.
      const s = Math.fround(p);
      if (exactSlopeFactor(s)) {
        const d = s - 1;
        for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v * (1 + d * +!(v > 0)); }
        return;
      }
      const f = slopeTable(s), bits = int32View(a);
      for (let i = 0; i < n; i++) o[i] = a[i]! * f[notPositive(bits[i]!)]!;
      return;
    }
    for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v > 0 ? v : p * v; }
  },
  softplus: (a, o, n, p, q) => {
    // softplus(x) = log(1 + e^{βx})/β, and x itself once βx > threshold (PyTorch's rule).
    for (let i = 0; i < n; i++) {
      const z = p * a[i]!;
      o[i] = z > q ? a[i]! : (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / p;
    }
  },
  clamp: (a, o, n, p, q) => {
    for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v < p ? p : v > q ? q : v; }
  },
  square: (a, o, n) => {
    for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v * v; }
  },
  step: (a, o, n) => {
    for (let i = 0; i < n; i++) o[i] = a[i]! > 0 ? 1 : 0;
  },
  leakyReluSlope: (a, o, n, p) => {
    for (let i = 0; i < n; i++) o[i] = a[i]! > 0 ? 1 : p;
  },
  clampMask: (a, o, n, p, q) => {
    for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v >= p && v <= q ? 1 : 0; }
  },
  powScalar: (a, o, n, p) => {
    for (let i = 0; i < n; i++) o[i] = Math.pow(a[i]!, p);
  },
  addScalar: (a, o, n, p) => {
    for (let i = 0; i < n; i++) o[i] = a[i]! + p;
  },
  mulScalar: (a, o, n, p) => {
    for (let i = 0; i < n; i++) o[i] = a[i]! * p;
  },
  rsubScalar: (a, o, n, p) => {
    for (let i = 0; i < n; i++) o[i] = p - a[i]!;
  },
  rdivScalar: (a, o, n, p) => {
    for (let i = 0; i < n; i++) o[i] = p / a[i]!;
  },
};

/**
 * ∂L/∂x of leakyRelu from g = ∂L/∂y in one pass: g where x > 0, else slope·g (g and x of one shape).
 * The same values as mul(g, unary('leakyReluSlope', x, slope)), without the mask; not differentiable.
 */
export function leakyReluBackwardKernel(g: Tensor, x: Tensor, slope: number): Tensor {
  const out = Tensor.empty(x.shape, promote(g.dtype, x.dtype));
  // The slope as the mask would have stored it in x's dtype, so that the products round identically.
  const s = x.dtype === 'float32' ? Math.fround(slope) : slope;
  const gd = g.data, xd = x.data, o = out.data, n = out.size;
  if (useWasm(n, gd, xd)) {
    leakyReluBackwardWasm(gd as Float32Array, xd as Float32Array, o as Float32Array, n, s);
    return out;
  }
  if (xd instanceof Float32Array && exactSlopeFactor(s)) {
    const d = s - 1;
    for (let i = 0; i < n; i++) o[i] = gd[i]! * (1 + d * +!(xd[i]! > 0));
    return out;
  }
  if (xd instanceof Float32Array) {
    const f = slopeTable(s), bits = int32View(xd);
    for (let i = 0; i < n; i++) o[i] = gd[i]! * f[notPositive(bits[i]!)]!;
    return out;
  }
  for (let i = 0; i < n; i++) { const v = gd[i]!; o[i] = xd[i]! > 0 ? v : v * s; }
  return out;
}

/**
 * ∂L/∂x of tanh from g = ∂L/∂y and y = tanh x in one pass: g·(1 − y²), each step rounded to the
 * dtype as mul(g, sub(1, mul(y, y))) rounds it (same values); not differentiable. g, y: one shape.
 */
export function tanhBackwardKernel(g: Tensor, y: Tensor): Tensor {
  const out = Tensor.empty(y.shape, promote(g.dtype, y.dtype));
  const gd = g.data, yd = y.data, o = out.data, n = out.size;
  if (yd instanceof Float32Array) {
    for (let i = 0; i < n; i++) { const v = yd[i]!; o[i] = gd[i]! * Math.fround(1 - Math.fround(v * v)); }
    return out;
  }
  for (let i = 0; i < n; i++) { const v = yd[i]!; o[i] = gd[i]! * (1 - v * v); }
  return out;
}

/**
 * Whether 1 + (s − 1)·b, b ∈ {0, 1}, gives exactly 1 or s in float64, so that v·(1 + (s − 1)·b) is the
 * branch-free factor of a float32 slope s (true unless s is far below 2⁻²⁹, where s − 1 rounds).
 * Times a float32 v the product is exact in float64 and is rounded once on store, as PyTorch's v·s.
 */
function exactSlopeFactor(s: number): boolean {
  return 1 + (s - 1) === s;
}

/** [1, slope]: the factor of a positive and of a non-positive input, indexed by notPositive. */
function slopeTable(slope: number): Float64Array {
  const f = new Float64Array(2);
  f[0] = 1;
  f[1] = slope;
  return f;
}

function int32View(a: Float32Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length);
}

/**
 * 0 when the float32 with these bits is > 0, else 1 (for ±0, negatives and NaN), branch-free:
 * b − 1 has the sign bit for +0, b for negatives and −0, 0x7f800000 − b for NaN (bits above +∞).
 */
function notPositive(b: number): number {
  return ((b - 1) | b | (0x7f800000 - b)) >>> 31;
}

/** y[r, j] += b[j] for every row r of a contiguous y: [rows, n], in place (bias add). */
export function addRowVectorInPlace(y: FloatArray, b: FloatArray, rows: number, n: number): void {
  if (n % 4 === 0 && n <= WASM_ROW_MAX && useWasm(rows * n, y, b)) {
    addRowVectorWasm(y as Float32Array, b as Float32Array, rows, n);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const off = r * n;
    for (let j = 0; j < n; j++) y[off + j] += b[j]!;
  }
}

/** Elementwise functions of two broadcast tensors. Comparisons give 1 or 0. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'gt' | 'lt' | 'ge' | 'le' | 'eq' | 'ne';

/** The dtype of a result: float64 if either operand is float64 (PyTorch's promotion). */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** z = a ∘ b with broadcasting; `name` is the op name used in error messages. */
export function binary(op: BinaryOp, a: Tensor, b: Tensor, name: string = op): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, name);
  const out = Tensor.empty(shape, promote(a.dtype, b.dtype));
  if (a.size === out.size && b.size === out.size) {
    binaryRun(op, out.data, 0, a.data, 0, 1, b.data, 0, 1, out.size);
    return out;
  }
  if (out.size === 0) return out;
  const plan = coalesce(shape, [stridesOf(shape), broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
  // The output is contiguous, so its innermost stride is 1 after coalescing.
  const last = plan.dims.length - 1;
  const n = plan.dims[last]!;
  const sa = plan.strides[1]![last]!;
  const sb = plan.strides[2]![last]!;
  const it = new Odometer(plan);
  const off = it.offsets;
  do {
    binaryRun(op, out.data, off[0]!, a.data, off[1]!, sa, b.data, off[2]!, sb, n);
  } while (it.next());
  return out;
}

/** o[oo + i] = a[ia + i·sa] ∘ b[ib + i·sb] for i < n. */
function binaryRun(op: BinaryOp, o: FloatArray, oo: number, a: FloatArray, ia: number, sa: number, b: FloatArray, ib: number, sb: number, n: number): void {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! + b[ib + i * sb]!; return;
    case 'sub': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! - b[ib + i * sb]!; return;
    case 'mul': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! * b[ib + i * sb]!; return;
    case 'div': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! / b[ib + i * sb]!; return;
    case 'pow': for (let i = 0; i < n; i++) o[oo + i] = Math.pow(a[ia + i * sa]!, b[ib + i * sb]!); return;
    case 'maximum':
      // NaN propagates, as in torch.maximum.
      for (let i = 0; i < n; i++) { const x = a[ia + i * sa]!; const y = b[ib + i * sb]!; o[oo + i] = x > y || x !== x ? x : y; }
      return;
    case 'minimum':
      for (let i = 0; i < n; i++) { const x = a[ia + i * sa]!; const y = b[ib + i * sb]!; o[oo + i] = x < y || x !== x ? x : y; }
      return;
    case 'gt': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! > b[ib + i * sb]! ? 1 : 0; return;
    case 'lt': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! < b[ib + i * sb]! ? 1 : 0; return;
    case 'ge': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! >= b[ib + i * sb]! ? 1 : 0; return;
    case 'le': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! <= b[ib + i * sb]! ? 1 : 0; return;
    case 'eq': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! === b[ib + i * sb]! ? 1 : 0; return;
    case 'ne': for (let i = 0; i < n; i++) o[oo + i] = a[ia + i * sa]! !== b[ib + i * sb]! ? 1 : 0; return;
  }
}

/** out = cond ≠ 0 ? a : b, all three broadcast together. */
export function whereKernel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, 'where'), b.shape, 'where');
  const out = Tensor.empty(shape, promote(a.dtype, b.dtype));
  if (out.size === 0) return out;
  const plan = coalesce(shape, [broadcastStrides(cond.shape, shape), broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape), stridesOf(shape)]);
  const last = plan.dims.length - 1;
  const n = plan.dims[last]!;
  const [sc, sa, sb] = [plan.strides[0]![last]!, plan.strides[1]![last]!, plan.strides[2]![last]!];
  const c = cond.data, x = a.data, y = b.data, o = out.data;
  const it = new Odometer(plan);
  const off = it.offsets;
  do {
    const ic = off[0]!, ia = off[1]!, ib = off[2]!, io = off[3]!;
    for (let i = 0; i < n; i++) o[io + i] = c[ic + i * sc] !== 0 ? x[ia + i * sa]! : y[ib + i * sb]!;
  } while (it.next());
  return out;
}
