import { formatShape } from './tensor.js';
import type { Shape } from './tensor.js';

/**
 * PyTorch's broadcasting rule: align shapes at the right; each pair of dims must be equal or one of them 1.
 * broadcastShapes([64,1,3], [5,1]) is [64,5,3].
 */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (dim ${i - n}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Element strides of a contiguous tensor of shape `inner` when read as the larger shape `outer`
 * it broadcasts to: stride 0 along dims that are repeated.
 */
export function broadcastStrides(inner: Shape, outer: Shape): number[] {
  const strides = new Array<number>(outer.length).fill(0);
  let s = 1;
  for (let i = inner.length - 1; i >= 0; i--) {
    const j = i + outer.length - inner.length;
    if (inner[i] !== 1) strides[j] = s;
    s *= inner[i]!;
  }
  return strides;
}

/** A loop nest over `dims`, with one stride list per operand, reduced to as few dims as possible. */
export interface LoopPlan {
  dims: number[];
  strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbours i-1, i wherever every operand has
 * stride[i-1] = stride[i]·dims[i], so that the innermost loop is as long as possible.
 */
export function coalesce(dims: Shape, strides: readonly (readonly number[])[]): LoopPlan {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (d === 1) continue;
    const last = outDims.length - 1;
    let merge = last >= 0;
    for (let k = 0; merge && k < strides.length; k++) {
      if (outStrides[k]![last] !== strides[k]![i]! * d) merge = false;
    }
    if (merge) {
      outDims[last] = outDims[last]! * d;
      for (let k = 0; k < strides.length; k++) outStrides[k]![last] = strides[k]![i]!;
    } else {
      outDims.push(d);
      for (let k = 0; k < strides.length; k++) outStrides[k]!.push(strides[k]![i]!);
    }
  }
  if (outDims.length === 0) {
    outDims.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { dims: outDims, strides: outStrides };
}

/**
 * Walks the outer dims of a plan (all but the innermost) in row-major order, keeping one
 * element offset per operand. The caller runs the innermost loop itself:
 *   do { inner loop from it.offsets[k] with stride plan.strides[k][last] } while (it.next());
 */
export class Odometer {
  // Int32 so that index arithmetic stays in small integers (a double offset slows every array access).
  readonly offsets: Int32Array;
  private readonly index: Int32Array;
  private readonly dims: number[];
  private readonly strides: number[][];

  constructor(plan: LoopPlan) {
    this.dims = plan.dims;
    this.strides = plan.strides;
    this.offsets = new Int32Array(plan.strides.length);
    this.index = new Int32Array(plan.dims.length);
  }

  /** Advances to the next innermost run; false when done. */
  next(): boolean {
    const dims = this.dims;
    const ops = this.strides.length;
    for (let d = dims.length - 2; d >= 0; d--) {
      if (++this.index[d]! < dims[d]!) {
        for (let k = 0; k < ops; k++) this.offsets[k] += this.strides[k]![d]!;
        return true;
      }
      this.index[d] = 0;
      for (let k = 0; k < ops; k++) this.offsets[k] -= this.strides[k]![d]! * (dims[d]! - 1);
    }
    return false;
  }
}
