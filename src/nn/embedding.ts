import { matmul, takeRows } from '../autograd/index.js';
import { Tensor } from '../tensor/tensor.js';
import type { Random } from '../tensor/random.js';
import { Module } from './module.js';
import { uniform_ } from './init.js';

/**
 * A table of `num` learned vectors of `dim` numbers, as torch.nn.Embedding (state-dict key `weight`,
 * [num, dim]). Initialized U(−1/√dim, 1/√dim) rather than torch's N(0, 1), so that ⟨e_y, φ⟩ over dim
 * features starts near the scale of a Linear layer's output.
 */
export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(readonly num: number, readonly dim: number, options: { seed: number | Random; dtype?: Tensor['dtype'] }) {
    super();
    for (const [v, name] of [[num, 'num'], [dim, 'dim']] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`Embedding: ${name} must be a positive integer, got ${v}`);
    }
    const w = Tensor.empty([num, dim], options.dtype ?? 'float32');
    const b = 1 / Math.sqrt(dim);
    uniform_(w, options.seed, -b, b);
    w.requiresGrad = true;
    this.weight = this.registerParameter('weight', w);
  }

  /** indices [n] in 0..num−1 → their vectors [n, dim]. */
  lookup(indices: Int32Array): Tensor {
    indices.forEach((k, i) => {
      if (!Number.isInteger(k) || k < 0 || k >= this.num) throw new Error(`Embedding.lookup: index ${i} is ${k}; expected 0..${this.num - 1}`);
    });
    return takeRows(this.weight, indices);
  }

  /** oneHot [n, num] (rows of the identity, or any weights) → oneHot · weight [n, dim]. */
  override forward(oneHot: Tensor): Tensor {
    if (oneHot.ndim !== 2 || oneHot.shape[1] !== this.num) throw new Error(`Embedding.forward: expected one-hot rows [n, ${this.num}], got [${oneHot.shape.join(', ')}]`);
    return matmul(oneHot, this.weight);
  }

  override extraRepr(): string {
    return `${this.num}, ${this.dim}`;
  }
}
