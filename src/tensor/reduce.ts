import { Odometer, coalesce } from './broadcast.js';
import { Tensor, stridesOf } from './tensor.js';
import type { FloatArray, Shape } from './tensor.js';

export type ReduceOp = 'sum' | 'max' | 'min';

/** Shape after reducing `dims` (already normalized): size 1 there with keepdim, else dropped. */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!dims.includes(i)) out.push(shape[i]!);
    else if (keepdim) out.push(1);
  }
  return out;
}

/**
 * Sum, max or min over the normalized `dims` of x. Max and min propagate NaN, as PyTorch does;
 * reducing an empty set gives 0 for sum and is an error for max and min.
 */
export function reduce(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const kept = reducedShape(x.shape, dims, true);
  const out = Tensor.empty(kept, x.dtype);
  if (op !== 'sum' && x.size === 0) {
    throw new Error(`${op}: cannot reduce an empty tensor of shape [${x.shape.join(',')}] over dims [${dims.join(',')}]`);
  }
  const o = out.data;
  // One column goes to the general loop, which then sums into a float64 accumulator.
  const blocks = op === 'sum' ? outerInnerBlocks(x.shape, dims) : null;
  if (blocks && blocks.kept > 1) {
    if (blocks.inner === 1) sumRows(x.data, o, blocks.outer, blocks.kept);
    else sumOuterInner(x.data, o, blocks.outer, blocks.kept, blocks.inner);
    return keepdim ? out : new Tensor(out.data, reducedShape(x.shape, dims, false));
  }
  if (op === 'max') o.fill(-Infinity);
  else if (op === 'min') o.fill(Infinity);
  if (x.size > 0) {
    // Walk x in order; the output offset has stride 0 along reduced dims.
    const outStrides = stridesOf(kept).map((s, i) => (dims.includes(i) ? 0 : s));
    const plan = coalesce(x.shape, [stridesOf(x.shape), outStrides]);
    const last = plan.dims.length - 1;
    const n = plan.dims[last]!;
    const sx = plan.strides[0]![last]!;
    const so = plan.strides[1]![last]!;
    const a = x.data;
    const it = new Odometer(plan);
    const off = it.offsets;
    do {
      const ix = off[0]!;
      const io = off[1]!;
      if (so === 0) {
        let acc = o[io]!;
        if (op === 'sum') for (let i = 0; i < n; i++) acc += a[ix + i * sx]!;
        else if (op === 'max') for (let i = 0; i < n; i++) { const v = a[ix + i * sx]!; if (v > acc || v !== v) acc = v; }
        else for (let i = 0; i < n; i++) { const v = a[ix + i * sx]!; if (v < acc || v !== v) acc = v; }
        o[io] = acc;
      } else if (op === 'sum') {
        for (let i = 0; i < n; i++) o[io + i * so] += a[ix + i * sx]!;
      } else if (op === 'max') {
        for (let i = 0; i < n; i++) { const v = a[ix + i * sx]!; const j = io + i * so; if (v > o[j]! || v !== v) o[j] = v; }
      } else {
        for (let i = 0; i < n; i++) { const v = a[ix + i * sx]!; const j = io + i * so; if (v < o[j]! || v !== v) o[j] = v; }
      }
    } while (it.next());
  }
  return keepdim ? out : new Tensor(out.data, reducedShape(x.shape, dims, false));
}

/**
 * o[j] = Σ_r x[r, j] for x: [rows, n] (a bias gradient), rows added in order with each partial sum
 * rounded to o's dtype, as the general loop does; two rows per pass halve the loads and stores of o.
 */
/**
 * When the reduced dims are a leading run and a trailing run (either may be empty), x is [outer, kept, inner]
 * with the outer and inner parts summed away, as a bias gradient [N, C, H, W] → [C] or a batch sum [N, …] → […].
 */
function outerInnerBlocks(shape: Shape, dims: readonly number[]): { outer: number; kept: number; inner: number } | null {
  let lead = 0;
  while (lead < shape.length && dims.includes(lead)) lead++;
  let trail = shape.length;
  while (trail > lead && dims.includes(trail - 1)) trail--;
  for (let i = lead; i < trail; i++) if (dims.includes(i)) return null;
  const size = (from: number, to: number): number => shape.slice(from, to).reduce((a, b) => a * b, 1);
  return { outer: size(0, lead), kept: size(lead, trail), inner: size(trail, shape.length) };
}

/** o[k] += Σ_{a, i} x[a, k, i] for x [outer, kept, inner]; each row sum is added in the accumulator's order of the general loop. */
function sumOuterInner(x: FloatArray, o: FloatArray, outer: number, kept: number, inner: number): void {
  for (let a = 0; a < outer; a++) {
    for (let k = 0; k < kept; k++) {
      const from = (a * kept + k) * inner;
      let acc = o[k]!;
      for (let i = 0; i < inner; i++) acc += x[from + i]!;
      o[k] = acc;
    }
  }
}

function sumRows(x: FloatArray, o: FloatArray, rows: number, n: number): void {
  let r = 0;
  if (o instanceof Float32Array) {
    for (; r + 1 < rows; r += 2) {
      const a = r * n, b = a + n;
      for (let j = 0; j < n; j++) o[j] = Math.fround(o[j]! + x[a + j]!) + x[b + j]!;
    }
  } else {
    for (; r + 1 < rows; r += 2) {
      const a = r * n, b = a + n;
      for (let j = 0; j < n; j++) o[j] = o[j]! + x[a + j]! + x[b + j]!;
    }
  }
  for (; r < rows; r++) {
    const a = r * n;
    for (let j = 0; j < n; j++) o[j] += x[a + j]!;
  }
}
