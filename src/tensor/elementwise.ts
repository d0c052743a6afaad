import { Odometer, broadcastShapes, broadcastStrides, coalesce } from './broadcast.js';
import { Tensor, stridesOf } from './tensor.js';
import type { DType, FloatArray } from './tensor.js';

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
  const a = x.data;
  const o = out.data;
  const n = a.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) o[i] = -a[i]!; break;
    case 'exp': for (let i = 0; i < n; i++) o[i] = Math.exp(a[i]!); break;
    case 'log': for (let i = 0; i < n; i++) o[i] = Math.log(a[i]!); break;
    case 'log1p': for (let i = 0; i < n; i++) o[i] = Math.log1p(a[i]!); break;
    case 'sqrt': for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[i]!); break;
    case 'abs': for (let i = 0; i < n; i++) o[i] = Math.abs(a[i]!); break;
    case 'sign': for (let i = 0; i < n; i++) o[i] = Math.sign(a[i]!); break;
    case 'tanh': for (let i = 0; i < n; i++) o[i] = Math.tanh(a[i]!); break;
    case 'sigmoid':
      // σ(x) = 1/(1+e^−x), written so that the exponential never overflows.
      for (let i = 0; i < n; i++) {
        const v = a[i]!;
        if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          o[i] = e / (1 + e);
        }
      }
      break;
    case 'relu': for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v > 0 ? v : 0; } break;
    case 'leakyRelu': for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v > 0 ? v : p * v; } break;
    case 'softplus':
      // softplus(x) = log(1 + e^{βx})/β, and x itself once βx > threshold (PyTorch's rule).
      for (let i = 0; i < n; i++) {
        const z = p * a[i]!;
        o[i] = z > q ? a[i]! : (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / p;
      }
      break;
    case 'clamp': for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v < p ? p : v > q ? q : v; } break;
    case 'square': for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v * v; } break;
    case 'step': for (let i = 0; i < n; i++) o[i] = a[i]! > 0 ? 1 : 0; break;
    case 'leakyReluSlope': for (let i = 0; i < n; i++) o[i] = a[i]! > 0 ? 1 : p; break;
    case 'clampMask': for (let i = 0; i < n; i++) { const v = a[i]!; o[i] = v >= p && v <= q ? 1 : 0; } break;
    case 'powScalar': for (let i = 0; i < n; i++) o[i] = Math.pow(a[i]!, p); break;
    case 'addScalar': for (let i = 0; i < n; i++) o[i] = a[i]! + p; break;
    case 'mulScalar': for (let i = 0; i < n; i++) o[i] = a[i]! * p; break;
    case 'rsubScalar': for (let i = 0; i < n; i++) o[i] = p - a[i]!; break;
    case 'rdivScalar': for (let i = 0; i < n; i++) o[i] = p / a[i]!; break;
  }
  return out;
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
