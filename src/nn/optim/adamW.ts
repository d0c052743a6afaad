import type { FloatArray } from '../../tensor/tensor.js';
import { Optimizer } from './optimizer.js';
import type { ParamList, ParamState } from './optimizer.js';
import { adamUpdate } from './adamUpdate.js';
import type { AdamHyperparameters } from './adamUpdate.js';
import { adamBufferNames, resolveAdamOptions } from './adamOptions.js';
import type { AdamOptions } from './adamOptions.js';

/**
 * AdamW, as torch.optim.AdamW: Adam with decoupled weight decay, θ ← θ·(1 − lr·wd) before the
 * Adam update; weightDecay defaults to 1e-2 as in PyTorch.
 */
export class AdamW extends Optimizer<AdamHyperparameters> {
  constructor(params: ParamList, options: AdamOptions = {}) {
    super('AdamW', params, { ...options });
  }

  protected resolve(options: Record<string, unknown>): AdamHyperparameters {
    return resolveAdamOptions(this.kind, options, 1e-2);
  }

  protected bufferNames(h: AdamHyperparameters, step: number): string[] {
    return adamBufferNames(h, step);
  }

  protected update(param: FloatArray, grad: FloatArray, state: ParamState): void {
    const m = this.buffer(state, 'exp_avg', param);
    const v = this.buffer(state, 'exp_avg_sq', param);
    const vMax = this.hyper.amsgrad ? this.buffer(state, 'max_exp_avg_sq', param) : null;
    adamUpdate(param, grad, m, v, vMax, state.step, this.hyper, true);
  }
}
