import { concat, narrow, straightThroughSoftmax, tanh } from '../autograd/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** Columns offset .. offset + size − 1 of a row hold one categorical column's one-hot block. */
export interface OneHotBlock {
  offset: number;
  size: number;
}

/**
 * The generator's last activation for a table with categorical columns: x [batch, dim] → [batch, dim],
 * each one-hot block through a straight-through softmax of temperature τ (an exact one-hot forward,
 * the softmax's gradient backward), the other columns through tanh or left linear. The same in
 * training and eval mode, so D trains on what `sample` writes.
 */
export class TableOutput extends Module {
  readonly blocks: readonly OneHotBlock[];
  readonly temperature: number;
  readonly numeric: 'tanh' | 'linear';

  constructor(blocks: readonly OneHotBlock[], temperature: number, numeric: 'tanh' | 'linear') {
    super();
    const fn = 'TableOutput';
    if (!(temperature > 0 && Number.isFinite(temperature))) throw new Error(`${fn}: temperature must be a finite number > 0, got ${temperature}`);
    let end = 0;
    for (const [i, b] of blocks.entries()) {
      if (!Number.isInteger(b.offset) || !Number.isInteger(b.size) || b.size < 1 || b.offset < end) {
        throw new Error(`${fn}: block ${i} must start at or after column ${end} and span at least 1 column, got offset ${b.offset}, size ${b.size}`);
      }
      end = b.offset + b.size;
    }
    this.blocks = blocks.map((b) => ({ offset: b.offset, size: b.size }));
    this.temperature = temperature;
    this.numeric = numeric;
  }

  forward(x: Tensor): Tensor {
    const dim = x.shape[1]!;
    const last = this.blocks[this.blocks.length - 1];
    if (x.shape.length !== 2 || (last !== undefined && last.offset + last.size > dim)) {
      throw new Error(`TableOutput: expected x of [batch, ≥ ${last === undefined ? 1 : last.offset + last.size}], got [${x.shape.join(', ')}]`);
    }
    const parts: Tensor[] = [];
    const numeric = (from: number, to: number): void => {
      if (to <= from) return;
      const slice = narrow(x, 1, from, to - from);
      parts.push(this.numeric === 'tanh' ? tanh(slice) : slice);
    };
    let at = 0;
    for (const b of this.blocks) {
      numeric(at, b.offset);
      parts.push(straightThroughSoftmax(narrow(x, 1, b.offset, b.size), this.temperature));
      at = b.offset + b.size;
    }
    numeric(at, dim);
    return parts.length === 1 ? parts[0]! : concat(parts, 1);
  }

  override extraRepr(): string {
    return `blocks=${this.blocks.map((b) => `${b.offset}+${b.size}`).join(',')}, temperature=${this.temperature}, numeric=${this.numeric}`;
  }
}
