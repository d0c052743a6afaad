import type { FloatArray } from '../../tensor/tensor.js';
import { Optimizer } from './optimizer.js';
import type { ParamList, ParamState } from './optimizer.js';
import { adamUpdate } from './adamUpdate.js';
import type { AdamHyperparameters } from './adamUpdate.js';
import { adamBufferNames, resolveAdamOptions } from './adamOptions.js';
import type { AdamOptions } from './adamOptions.js';

/**
 * What Adam and AdamW share: options, state arrays (exp_avg, exp_avg_sq, and max_exp_avg_sq with
 * AMSGrad, in the parameter's dtype) and the update loop; they differ only in how weight decay enters.
 */
export abstract class AdamBase extends Optimizer<AdamHyperparameters> {
  protected constructor(kind: string, params: ParamList, options: AdamOptions) {
    super(kind, params, { ...options });
  }

  /** PyTorch's default weight decay for this optimizer. */
  protected abstract get defaultWeightDecay(): number;

  /** True for AdamW's θ ← θ·(1 − lr·wd); false for Adam's coupled g ← g + wd·θ. */
  protected abstract get decoupled(): boolean;

  protected resolve(options: Record<string, unknown>): AdamHyperparameters {
    return resolveAdamOptions(this.kind, options, this.defaultWeightDecay);
  }

  protected bufferNames(h: AdamHyperparameters, step: number): string[] {
    return adamBufferNames(h, step);
  }

  protected update(param: FloatArray, grad: FloatArray, state: ParamState): void {
    const m = this.buffer(state, 'exp_avg', param);
    const v = this.buffer(state, 'exp_avg_sq', param);
    const vMax = this.hyper.amsgrad ? this.buffer(state, 'max_exp_avg_sq', param) : null;
    adamUpdate(param, grad, m, v, vMax, state.step, this.hyper, this.decoupled);
  }
}
