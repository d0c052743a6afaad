import { ADAM_OPTIONS } from './adamUpdate.js';
import type { AdamHyperparameters } from './adamUpdate.js';
import { betasOption, booleanOption, checkKnownOptions, numberOption } from './validate.js';

/** Constructor options of Adam and AdamW (PyTorch's names in camelCase). */
export interface AdamOptions {
  /** Learning rate, default 1e-3. */
  lr?: number;
  /** Decay rates of the first and second moment averages, default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the denominator, default 1e-8. */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 1e-2). */
  weightDecay?: number;
  /** Use the maximum of past second moments (AMSGrad), default false. */
  amsgrad?: boolean;
}

/** Checks Adam/AdamW options and fills in defaults; errors name the option. */
export function resolveAdamOptions(kind: string, o: Record<string, unknown>, defaultWeightDecay: number): AdamHyperparameters {
  checkKnownOptions(kind, o, ADAM_OPTIONS);
  return {
    lr: numberOption(kind, 'lr', o.lr, 1e-3, 0),
    betas: betasOption(kind, o.betas, [0.9, 0.999]),
    eps: numberOption(kind, 'eps', o.eps, 1e-8, 0),
    weightDecay: numberOption(kind, 'weightDecay', o.weightDecay, defaultWeightDecay, 0),
    amsgrad: booleanOption(kind, 'amsgrad', o.amsgrad, false),
  };
}

/** The state arrays of an Adam parameter after `step` updates. */
export function adamBufferNames(h: AdamHyperparameters, step: number): string[] {
  if (step === 0) return [];
  return h.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
}
