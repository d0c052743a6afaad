import { leakyRelu, relu, sigmoid, tanh } from '../autograd/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** max(x, 0), elementwise. Any shape. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** x for x ≥ 0, negativeSlope·x otherwise (torch.nn.LeakyReLU, default slope 0.01). Any shape. */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;

  constructor(negativeSlope = 0.01) {
    super();
    if (!Number.isFinite(negativeSlope)) throw new Error(`LeakyReLU: negativeSlope must be a finite number, got ${negativeSlope}`);
    this.negativeSlope = negativeSlope;
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`;
  }
}

/** tanh(x), elementwise. Any shape. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** 1/(1 + e^(−x)), elementwise. Any shape. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** Returns its input unchanged (the same tensor). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
