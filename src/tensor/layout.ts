import { Odometer, broadcastShapes, broadcastStrides, coalesce } from './broadcast.js';
import { normalizeDim } from './dims.js';
import { Tensor, formatShape, shapeSize, stridesOf } from './tensor.js';
import type { FloatArray, Shape } from './tensor.js';

/** Copies src (read with `srcStrides` over `shape`) into dst contiguously from dstOffset. */
function stridedCopy(shape: Shape, src: FloatArray, srcOffset: number, srcStrides: readonly number[], dst: FloatArray, dstOffset: number): void {
  if (shapeSize(shape) === 0) return;
  const plan = coalesce(shape, [srcStrides, stridesOf(shape)]);
  const last = plan.dims.length - 1;
  const n = plan.dims[last]!;
  const ss = plan.strides[0]![last]!;
  const it = new Odometer(plan);
  const off = it.offsets;
  do {
    const is = srcOffset + off[0]!;
    const id = dstOffset + off[1]!;
    if (ss === 1) dst.set(src.subarray(is, is + n), id);
    else for (let i = 0; i < n; i++) dst[id + i] = src[is + i * ss]!;
  } while (it.next());
}

/** The same data under a new shape; one dim may be -1 (inferred). Shares storage. */
export function reshapeKernel(x: Tensor, shape: Shape): Tensor {
  const target = shape.slice();
  const infer = target.indexOf(-1);
  if (infer >= 0) {
    if (target.indexOf(-1, infer + 1) >= 0) throw new Error(`reshape: only one dim can be -1, got ${formatShape(shape)}`);
    const known = shapeSize(target.filter((_, i) => i !== infer));
    if (known === 0 || x.size % known !== 0) {
      throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
    }
    target[infer] = x.size / known;
  }
  if (target.some((d) => !Number.isInteger(d) || d < 0) || shapeSize(target) !== x.size) {
    throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  return new Tensor(x.data, target);
}

/** Checks that `dims` is a permutation of 0..ndim-1 (negative dims allowed) and normalizes it. */
export function checkPermutation(dims: readonly number[], shape: Shape): number[] {
  const ndim = shape.length;
  if (dims.length !== ndim) throw new Error(`permute: got ${dims.length} dims [${dims.join(',')}] for a tensor of shape ${formatShape(shape)}`);
  const norm = dims.map((d) => normalizeDim(d, ndim, 'permute', shape));
  if (new Set(norm).size !== ndim) throw new Error(`permute: [${dims.join(',')}] repeats a dim`);
  return norm;
}

/** out[i_0..] = x[i at the permuted positions]: out.shape[k] = x.shape[dims[k]]. Copies. */
export function permuteKernel(x: Tensor, dims: readonly number[]): Tensor {
  const perm = checkPermutation(dims, x.shape);
  const xs = stridesOf(x.shape);
  const shape = perm.map((d) => x.shape[d]!);
  const out = Tensor.empty(shape, x.dtype);
  stridedCopy(shape, x.data, 0, perm.map((d) => xs[d]!), out.data, 0);
  return out;
}

/** x repeated along its size-1 dims (and new leading dims) to `shape`, as torch.expand, materialized. */
export function expandKernel(x: Tensor, shape: Shape): Tensor {
  const target = broadcastShapes(x.shape, shape, 'expand');
  if (target.length !== shape.length || target.some((d, i) => d !== shape[i])) {
    throw new Error(`expand: shape ${formatShape(x.shape)} cannot be expanded to ${formatShape(shape)}`);
  }
  const out = Tensor.empty(shape, x.dtype);
  stridedCopy(shape, x.data, 0, broadcastStrides(x.shape, shape), out.data, 0);
  return out;
}

/** Joins tensors along `dim`; all other dims must agree. */
export function concatKernel(tensors: readonly Tensor[], dim: number): Tensor {
  if (tensors.length === 0) throw new Error('concat: needs at least one tensor');
  const first = tensors[0]!;
  const d = normalizeDim(dim, first.ndim, 'concat', first.shape);
  let total = 0;
  for (const [k, t] of tensors.entries()) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new Error(`concat: tensor ${k} has shape ${formatShape(t.shape)}, which does not match ${formatShape(first.shape)} outside dim ${d}`);
    }
    total += t.shape[d]!;
  }
  const shape = first.shape.slice();
  shape[d] = total;
  const dtype = tensors.some((t) => t.dtype === 'float64') ? 'float64' : 'float32';
  const out = Tensor.empty(shape, dtype);
  const outer = shapeSize(shape.slice(0, d));
  const inner = shapeSize(shape.slice(d + 1));
  const rowOut = total * inner;
  let offset = 0;
  for (const t of tensors) {
    const chunk = t.shape[d]! * inner;
    for (let o = 0; o < outer; o++) {
      const src = t.data.subarray(o * chunk, (o + 1) * chunk);
      out.data.set(src, o * rowOut + offset);
    }
    offset += chunk;
  }
  return out;
}

/** x[..., start:start+length, ...] along `dim`, copied. */
export function narrowKernel(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.ndim, 'narrow', x.shape);
  const size = x.shape[d]!;
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > size) {
    throw new Error(`narrow: range start=${start}, length=${length} is outside dim ${d} of size ${size} (shape ${formatShape(x.shape)})`);
  }
  const shape = x.shape.slice();
  shape[d] = length;
  const out = Tensor.empty(shape, x.dtype);
  const outer = shapeSize(x.shape.slice(0, d));
  const inner = shapeSize(x.shape.slice(d + 1));
  for (let o = 0; o < outer; o++) {
    const from = (o * size + start) * inner;
    out.data.set(x.data.subarray(from, from + length * inner), o * length * inner);
  }
  return out;
}

function checkIndices(indices: Int32Array, size: number, op: string, d: number): void {
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    if (j < 0 || j >= size) throw new Error(`${op}: index ${j} at position ${i} is out of range for dim ${d} of size ${size}`);
  }
}

/** Gathers the slices `indices` along `dim`: out.shape[dim] = indices.length. Minibatch rows are indexSelect(x, 0, idx). */
export function indexSelectKernel(x: Tensor, dim: number, indices: Int32Array): Tensor {
  const d = normalizeDim(dim, x.ndim, 'indexSelect', x.shape);
  const size = x.shape[d]!;
  checkIndices(indices, size, 'indexSelect', d);
  const shape = x.shape.slice();
  shape[d] = indices.length;
  const out = Tensor.empty(shape, x.dtype);
  const outer = shapeSize(x.shape.slice(0, d));
  const inner = shapeSize(x.shape.slice(d + 1));
  const k = indices.length;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < k; i++) {
      const from = (o * size + indices[i]!) * inner;
      out.data.set(x.data.subarray(from, from + inner), (o * k + i) * inner);
    }
  }
  return out;
}

/** A tensor of `shape`, zero except that slice indices[i] along dim receives += src slice i (the adjoint of indexSelect). */
export function indexAddKernel(shape: Shape, dim: number, indices: Int32Array, src: Tensor): Tensor {
  const d = normalizeDim(dim, shape.length, 'indexAdd', shape);
  const size = shape[d]!;
  checkIndices(indices, size, 'indexAdd', d);
  const out = Tensor.empty(shape, src.dtype);
  const outer = shapeSize(shape.slice(0, d));
  const inner = shapeSize(shape.slice(d + 1));
  const k = indices.length;
  if (src.size !== outer * k * inner) throw new Error(`indexAdd: source shape ${formatShape(src.shape)} does not fit ${k} indices into ${formatShape(shape)}`);
  const o = out.data;
  const s = src.data;
  for (let q = 0; q < outer; q++) {
    for (let i = 0; i < k; i++) {
      const to = (q * size + indices[i]!) * inner;
      const from = (q * k + i) * inner;
      for (let j = 0; j < inner; j++) o[to + j] += s[from + j]!;
    }
  }
  return out;
}

/**
 * Constant padding as torch.nn.functional.pad: `pads` lists (before, after) pairs starting from the
 * last dim: [left, right] pads the last dim, [left, right, top, bottom] the last two. Negative pads crop.
 */
export function padKernel(x: Tensor, pads: readonly number[], value = 0): Tensor {
  if (pads.length % 2 !== 0 || pads.length / 2 > x.ndim) {
    throw new Error(`pad: pads must be (before, after) pairs for at most ${x.ndim} dims, got [${pads.join(',')}]`);
  }
  const shape = x.shape.slice();
  const before = new Array<number>(x.ndim).fill(0);
  for (let p = 0; p < pads.length / 2; p++) {
    const d = x.ndim - 1 - p;
    const b = pads[2 * p]!;
    const a = pads[2 * p + 1]!;
    if (!Number.isInteger(b) || !Number.isInteger(a) || shape[d]! + b + a < 0) {
      throw new Error(`pad: pads (${b}, ${a}) do not fit dim ${d} of size ${shape[d]} (shape ${formatShape(x.shape)})`);
    }
    before[d] = b;
    shape[d] = shape[d]! + b + a;
  }
  const out = Tensor.empty(shape, x.dtype);
  if (value !== 0) out.data.fill(value);
  // Copy the overlap of x and the output window.
  const region = x.shape.map((s, d) => Math.max(0, Math.min(s, shape[d]! - before[d]!) - Math.max(0, -before[d]!)));
  if (shapeSize(region) === 0) return out;
  const xs = stridesOf(x.shape);
  const os = stridesOf(shape);
  let srcOffset = 0;
  let dstOffset = 0;
  for (let d = 0; d < x.ndim; d++) {
    srcOffset += Math.max(0, -before[d]!) * xs[d]!;
    dstOffset += Math.max(0, before[d]!) * os[d]!;
  }
  const plan = coalesce(region, [xs, os]);
  const last = plan.dims.length - 1;
  const n = plan.dims[last]!;
  const it = new Odometer(plan);
  const off = it.offsets;
  const ss = plan.strides[0]![last]!;
  const ds = plan.strides[1]![last]!;
  do {
    const is = srcOffset + off[0]!;
    const id = dstOffset + off[1]!;
    for (let i = 0; i < n; i++) out.data[id + i * ds] = x.data[is + i * ss]!;
  } while (it.next());
  return out;
}
