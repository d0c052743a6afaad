import type { FloatArray } from '../../tensor/tensor.js';
import { Optimizer } from './optimizer.js';
import type { ParamList, ParamState } from './optimizer.js';
import { booleanOption, checkKnownOptions, numberOption } from './validate.js';

/** Constructor options of SGD (PyTorch's names in camelCase). */
export interface SgdOptions {
  /** Learning rate (required, as in PyTorch). */
  lr: number;
  /** Momentum factor, default 0 (no momentum buffer). */
  momentum?: number;
  /** Dampening of the gradient in the momentum update, default 0. */
  dampening?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0. Default false. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient, default 0. */
  weightDecay?: number;
}

/** The resolved hyperparameters of SGD. */
export type SgdHyperparameters = { lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number };

const SGD_OPTIONS = ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay'] as const;
const same = (x: number): number => x;

/**
 * Stochastic gradient descent, as torch.optim.SGD (PyTorch 1.13's _single_tensor_sgd):
 *   g ← g + wd·θ;   b ← g on the first step, else μ·b + (1 − dampening)·g;
 *   d ← g + μ·b (nesterov) or b;   θ ← θ − lr·d.
 * State per parameter: momentum_buffer (only when momentum ≠ 0), in its dtype.
 */
export class SGD extends Optimizer<SgdHyperparameters> {
  constructor(params: ParamList, options: SgdOptions) {
    super('SGD', params, { ...options });
  }

  protected resolve(o: Record<string, unknown>): SgdHyperparameters {
    const kind = this.kind;
    checkKnownOptions(kind, o, SGD_OPTIONS);
    const h: SgdHyperparameters = {
      lr: numberOption(kind, 'lr', o.lr, undefined, 0),
      momentum: numberOption(kind, 'momentum', o.momentum, 0, 0),
      dampening: numberOption(kind, 'dampening', o.dampening, 0, -Infinity),
      nesterov: booleanOption(kind, 'nesterov', o.nesterov, false),
      weightDecay: numberOption(kind, 'weightDecay', o.weightDecay, 0, 0),
    };
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
      throw new Error(`${kind}: nesterov needs momentum > 0 and dampening 0, got momentum ${h.momentum} and dampening ${h.dampening}`);
    }
    return h;
  }

  protected bufferNames(h: SgdHyperparameters, step: number): string[] {
    return h.momentum !== 0 && step > 0 ? ['momentum_buffer'] : [];
  }

  protected update(theta: FloatArray, grad: FloatArray, state: ParamState): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this.hyper;
    // float32 parameters: round every intermediate and scalar to float32, as PyTorch's kernels do.
    const r = theta instanceof Float32Array ? Math.fround : same;
    const first = state.buffers.momentum_buffer === undefined;
    const buf = momentum !== 0 ? this.buffer(state, 'momentum_buffer', theta) : null;
    const wd = r(weightDecay), mu = r(momentum), keep = r(1 - dampening), negLr = r(-lr);
    const n = theta.length;
    for (let i = 0; i < n; i++) {
      const t = theta[i]!;
      let d = grad[i]!;
      if (weightDecay !== 0) d = r(d + wd * t);
      if (buf !== null) {
        const b = first ? d : r(r(buf[i]! * mu) + keep * d);
        buf[i] = b;
        d = nesterov ? r(d + mu * b) : b;
      }
      theta[i] = r(t + negLr * d);
    }
  }
}
