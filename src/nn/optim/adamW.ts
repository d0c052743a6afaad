import type { ParamList } from './optimizer.js';
import { AdamBase } from './adamBase.js';
import type { AdamOptions } from './adamOptions.js';

/**
 * AdamW, as torch.optim.AdamW: Adam with decoupled weight decay, θ ← θ·(1 − lr·wd) before the
 * Adam update; weightDecay defaults to 1e-2 as in PyTorch.
 */
export class AdamW extends AdamBase {
  constructor(params: ParamList, options: AdamOptions = {}) {
    super('AdamW', params, options);
  }

  protected get defaultWeightDecay(): number {
    return 1e-2;
  }

  protected get decoupled(): boolean {
    return true;
  }
}
