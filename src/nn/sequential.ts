import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Modules applied in order, as torch.nn.Sequential: children are named "0", "1", …, so a
 * top-level Sequential's keys are `0.weight`, `2.weight` (activations have no entries).
 */
export class Sequential extends Module {
  readonly layers: Module[] = [];

  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end, named by its index. Returns this. */
  append(m: Module): this {
    this.layers.push(this.registerModule(String(this.layers.length), m));
    return this;
  }

  get length(): number {
    return this.layers.length;
  }

  /** x: whatever the first layer takes → whatever the last layer gives (x itself when empty). */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.layers) y = m.forward(y);
    return y;
  }
}
