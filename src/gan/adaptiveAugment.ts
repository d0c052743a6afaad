/**
 * ADA's controller (Karras et al. 2020): r_t = E[sign D(real)] measures discriminator overfitting
 * (0 when real logits straddle zero, 1 when all are confidently real). Every `interval` steps the
 * augmentation probability moves toward keeping r_t at `target`:
 *   p ← clamp(p + sign(r_t − target) · interval / rampSteps, 0, maxP),
 * so p can go from 0 to 1 in `rampSteps` steps.
 */
export interface AdaptiveAugmentState {
  p: number;
  signSum: number;
  count: number;
  stepsSinceUpdate: number;
  lastR: number;
}

export interface AdaptiveAugmentOptions {
  target: number;
  interval: number;
  rampSteps: number;
  maxP: number;
}

export class AdaptiveAugment {
  state: AdaptiveAugmentState;

  constructor(readonly options: AdaptiveAugmentOptions, initialP = 0) {
    this.state = { p: initialP, signSum: 0, count: 0, stepsSinceUpdate: 0, lastR: 0 };
  }

  get p(): number {
    return this.state.p;
  }

  /** Records one discriminator step's real logits; updates p every `interval` steps. */
  observe(realLogits: Float32Array | Float64Array): void {
    const s = this.state;
    for (let i = 0; i < realLogits.length; i++) s.signSum += Math.sign(realLogits[i]!);
    s.count += realLogits.length;
    if (++s.stepsSinceUpdate < this.options.interval) return;
    const r = s.count > 0 ? s.signSum / s.count : 0;
    const { target, interval, rampSteps, maxP } = this.options;
    s.p = Math.min(maxP, Math.max(0, s.p + Math.sign(r - target) * (interval / rampSteps)));
    s.lastR = r;
    s.signSum = 0;
    s.count = 0;
    s.stepsSinceUpdate = 0;
  }
}
