import { workCounters } from './workCounters.js';

/** Element type of a tensor's storage. float32 is the default; float64 exists for gradient checks. */
export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;
export type Shape = readonly number[];

/**
 * The slot autograd fills in: how a tensor was made, and how to push a gradient back to its inputs.
 * The tensor layer only stores it; src/autograd defines and runs it.
 */
export interface GradFn {
  /** Name of the op that produced the tensor, e.g. "matmul". */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Given ∂L/∂output, returns ∂L/∂input for each input (null where an input needs none). */
  backward(gradOutput: Tensor): readonly (Tensor | null)[];
}

/** Product of the dimensions: the number of elements of a tensor of this shape. */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides in elements: the last dim has stride 1. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function allocate(dtype: DType, size: number): FloatArray {
  if (workCounters.enabled) {
    workCounters.allocs++;
    workCounters.allocBytes += size * (dtype === 'float64' ? 8 : 4);
  }
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

function checkShape(shape: Shape, where: string): void {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 0) {
      throw new Error(`${where}: shape ${formatShape(shape)} has an invalid dimension ${d} at position ${i} (expected a non-negative integer)`);
    }
  }
}

/**
 * An n-dimensional array: a contiguous row-major Float32Array or Float64Array and a shape.
 * Scalars have shape []. The autograd fields (requiresGrad, grad, gradFn) are filled in by src/autograd.
 */
export class Tensor {
  readonly data: FloatArray;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Whether gradients flow to (and, for a leaf, accumulate in) this tensor. */
  requiresGrad = false;
  /** Accumulated ∂L/∂this after backward(), for leaves that require grad. */
  grad: Tensor | null = null;
  /** The op that produced this tensor, when it was recorded for autograd; null for leaves. */
  gradFn: GradFn | null = null;

  constructor(data: FloatArray, shape: Shape) {
    checkShape(shape, 'Tensor');
    const size = shapeSize(shape);
    if (data.length !== size) {
      throw new Error(`Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${size}`);
    }
    this.data = data;
    this.shape = Object.freeze(shape.slice());
    this.dtype = dtypeOf(data);
    this.size = size;
  }

  /** A tensor of the given shape whose contents are zeros. */
  static empty(shape: Shape, dtype: DType = 'float32'): Tensor {
    checkShape(shape, 'Tensor.empty');
    return new Tensor(allocate(dtype, shapeSize(shape)), shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** True when no op recorded this tensor: a parameter or an input. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: expected a tensor with one element, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** A new tensor with the same values that is cut from the graph (PyTorch's detach; the data is shared). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A copy of the values in fresh storage, cut from the graph. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** Marks this leaf as a parameter whose gradient is wanted. Returns this, for chaining. */
  requireGrad(flag = true): this {
    if (!this.isLeaf) throw new Error(`requireGrad: only leaf tensors can change requiresGrad (this one was made by ${this.gradFn!.name})`);
    this.requiresGrad = flag;
    return this;
  }

  /** Clears the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    return nest(this.data, this.shape, 0, 0);
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)})`;
  }
}

export type NestedArray = number | NestedArray[];

function nest(data: FloatArray, shape: Shape, dim: number, offset: number): NestedArray {
  if (dim === shape.length) return data[offset]!;
  const n = shape[dim]!;
  const inner = shapeSize(shape.slice(dim + 1));
  const out: NestedArray[] = [];
  for (let i = 0; i < n; i++) out.push(nest(data, shape, dim + 1, offset + i * inner));
  return out;
}
