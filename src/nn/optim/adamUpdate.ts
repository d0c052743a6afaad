import type { FloatArray } from '../../tensor/tensor.js';

/** The resolved hyperparameters of Adam and AdamW. */
export type AdamHyperparameters = {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
};

/** Option names, as accepted by the constructors. */
export const ADAM_OPTIONS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad'] as const;

const same = (x: number): number => x;

/**
 * One Adam/AdamW step on one parameter, in place, in the order of torch.optim's _single_tensor_adam(w)
 * (PyTorch 1.13), t being the parameter's step count after incrementing:
 *   AdamW: θ ← θ·(1 − lr·wd);   Adam with wd ≠ 0: g ← g + wd·θ
 *   m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   amsgrad: v̂max ← max(v̂max, v), used for v below
 *   θ ← θ − (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + eps)
 * For float32 parameters every intermediate is rounded to float32 as PyTorch's float32 kernels do (scalars
 * included); products of two float32 values are exact in float64, so `a + b·c` rounded once reproduces
 * PyTorch's fused multiply-adds, and float32 runs match PyTorch bit for bit (test/golden.test.ts).
 * float64 runs round a + b·c twice where PyTorch fuses, so they may differ by an ulp per step.
 */
export function adamUpdate(
  theta: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray | null,
  step: number, h: AdamHyperparameters, decoupled: boolean,
): void {
  const r = theta instanceof Float32Array ? Math.fround : same;
  const { lr, eps, weightDecay } = h;
  const [beta1, beta2] = h.betas;
  const stepSize = lr / (1 - beta1 ** step);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const b1 = r(beta1), a1 = r(1 - beta1), b2 = r(beta2), a2 = r(1 - beta2);
  const wd = r(weightDecay), e = r(eps), c = r(bc2Sqrt), s = r(-stepSize), decay = r(1 - lr * weightDecay);
  const coupled = !decoupled && weightDecay !== 0;
  const n = theta.length;
  for (let i = 0; i < n; i++) {
    let t = theta[i]!;
    if (decoupled) t = r(t * decay);
    let g = grad[i]!;
    if (coupled) g = r(g + wd * t);
    const mi = r(r(m[i]! * b1) + a1 * g);
    const vi = r(r(v[i]! * b2) + r(a2 * g) * g);
    m[i] = mi;
    v[i] = vi;
    let vUsed = vi;
    if (vMax !== null) {
      const old = vMax[i]!;
      vUsed = old > vi || old !== old ? old : vi; // NaN propagates, as torch.maximum
      vMax[i] = vUsed;
    }
    const denom = r(r(r(Math.sqrt(vUsed)) / c) + e);
    theta[i] = r(t + r(r(s * mi) / denom));
  }
}
