import type { ParamList } from './optimizer.js';
import { AdamBase } from './adamBase.js';
import type { AdamOptions } from './adamOptions.js';

/**
 * Adam, as torch.optim.Adam: coupled L2 weight decay (g ← g + wd·θ), bias-corrected moments,
 * optional AMSGrad. State per parameter: exp_avg, exp_avg_sq (and max_exp_avg_sq), in its dtype.
 */
export class Adam extends AdamBase {
  constructor(params: ParamList, options: AdamOptions = {}) {
    super('Adam', params, options);
  }

  protected get defaultWeightDecay(): number {
    return 0;
  }

  protected get decoupled(): boolean {
    return false;
  }
}
