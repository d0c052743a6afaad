import type { FloatArray } from '../../tensor/tensor.js';
import { Optimizer } from './optimizer.js';
import type { ParamList, ParamState } from './optimizer.js';
import { adamUpdate } from './adamUpdate.js';
import type { AdamHyperparameters } from './adamUpdate.js';
import { adamBufferNames, resolveAdamOptions } from './adamOptions.js';
import type { AdamOptions } from './adamOptions.js';

/**
 * Adam, as torch.optim.Adam: coupled L2 weight decay (g ← g + wd·θ), bias-corrected moments,
 * optional AMSGrad. State per parameter: exp_avg, exp_avg_sq (and max_exp_avg_sq), in its dtype.
 */
export class Adam extends Optimizer<AdamHyperparameters> {
  constructor(params: ParamList, options: AdamOptions = {}) {
    super('Adam', params, { ...options });
  }

  protected resolve(options: Record<string, unknown>): AdamHyperparameters {
    return resolveAdamOptions(this.kind, options, 0);
  }

  protected bufferNames(h: AdamHyperparameters, step: number): string[] {
    return adamBufferNames(h, step);
  }

  protected update(param: FloatArray, grad: FloatArray, state: ParamState): void {
    const m = this.buffer(state, 'exp_avg', param);
    const v = this.buffer(state, 'exp_avg_sq', param);
    const vMax = this.hyper.amsgrad ? this.buffer(state, 'max_exp_avg_sq', param) : null;
    adamUpdate(param, grad, m, v, vMax, state.step, this.hyper, false);
  }
}
