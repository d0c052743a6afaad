import { Tensor } from '../tensor/tensor.js';
import { backward } from './backward.js';
import type { BackwardOptions } from './backward.js';

// loss.backward() as in PyTorch. The tensor layer knows nothing of autograd, so the method is
// attached here, one layer up, when the autograd module is loaded.
declare module '../tensor/tensor.js' {
  interface Tensor {
    /** Accumulates ∂this/∂leaf into leaf.grad for every leaf that requires grad. See backward(). */
    backward(gradient?: Tensor, options?: BackwardOptions): void;
  }
}

Tensor.prototype.backward = function (this: Tensor, gradient?: Tensor, options?: BackwardOptions): void {
  backward(this, gradient, options);
};
