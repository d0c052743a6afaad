import type { FloatArray } from '../../tensor/tensor.js';
import { adamWasm } from '../../tensor/wasm/elementwiseWasm.js';
import { wasmKernelsOn } from '../../tensor/wasm/kernelSwitch.js';

/** Parameters with fewer floats stay on the JS loop (copying into the arena would cost more). */
const WASM_MIN_PARAMS = 256;

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
 * The loop is written twice, once with Math.fround inline, so that neither pays an indirect call per operation.
 */
export function adamUpdate(
  theta: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, vMax: FloatArray | null,
  step: number, h: AdamHyperparameters, decoupled: boolean,
): void {
  if (theta instanceof Float32Array) adamUpdate32(theta, grad as Float32Array, m as Float32Array, v as Float32Array, vMax as Float32Array | null, step, h, decoupled);
  else adamUpdate64(theta, grad as Float64Array, m as Float64Array, v as Float64Array, vMax as Float64Array | null, step, h, decoupled);
}

/** g + λ·θ for the WebAssembly kernel (Adam's coupled decay leaves .grad as it was, as torch does): grown, never shrunk. */
let coupledScratch = new Float32Array(0);

function adamUpdate32(
  theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, vMax: Float32Array | null,
  step: number, h: AdamHyperparameters, decoupled: boolean,
): void {
  const r = Math.fround;
  const { lr, eps, weightDecay } = h;
  const [beta1, beta2] = h.betas;
  const stepSize = lr / (1 - beta1 ** step);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const b1 = r(beta1), a1 = r(1 - beta1), b2 = r(beta2), a2 = r(1 - beta2);
  const wd = r(weightDecay), e = r(eps), c = r(bc2Sqrt), s = r(-stepSize), decay = r(1 - lr * weightDecay);
  const coupled = !decoupled && weightDecay !== 0;
  const n = theta.length;
  if (vMax === null && wasmKernelsOn && n >= WASM_MIN_PARAMS) {
    // Weight decay first, rounded as in the general loop below (AdamW: θ ← θ·(1 − lr·λ); Adam: g ← g + λ·θ),
    // then the WebAssembly kernel, which performs the general loop's remaining operations in its order.
    let g = grad;
    if (decoupled && weightDecay !== 0) for (let i = 0; i < n; i++) theta[i] = Math.fround(theta[i]! * decay);
    else if (coupled) {
      if (coupledScratch.length < n) coupledScratch = new Float32Array(n);
      g = coupledScratch;
      for (let i = 0; i < n; i++) g[i] = Math.fround(grad[i]! + wd * theta[i]!);
    }
    adamWasm(theta, g, m, v, n, { b1, a1, b2, a2, c, e, s });
    return;
  }
  if (!coupled && vMax === null && (!decoupled || weightDecay === 0)) {
    // The common case (no weight decay, no AMSGrad) without its per-element tests: the same
    // operations in the same order as the general loop below (and as the WebAssembly kernel).
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const mi = Math.fround(Math.fround(m[i]! * b1) + a1 * g);
      const vi = Math.fround(Math.fround(v[i]! * b2) + Math.fround(a2 * g) * g);
      m[i] = mi;
      v[i] = vi;
      theta[i] = theta[i]! + Math.fround(Math.fround(s * mi) / Math.fround(Math.fround(Math.fround(Math.sqrt(vi)) / c) + e));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let t = theta[i]!;
    if (decoupled) t = Math.fround(t * decay);
    let g = grad[i]!;
    if (coupled) g = Math.fround(g + wd * t);
    const mi = Math.fround(Math.fround(m[i]! * b1) + a1 * g);
    const vi = Math.fround(Math.fround(v[i]! * b2) + Math.fround(a2 * g) * g);
    m[i] = mi;
    v[i] = vi;
    let vUsed = vi;
    if (vMax !== null) {
      const old = vMax[i]!;
      vUsed = old > vi || old !== old ? old : vi; // NaN propagates, as torch.maximum
      vMax[i] = vUsed;
    }
    const denom = Math.fround(Math.fround(Math.fround(Math.sqrt(vUsed)) / c) + e);
    theta[i] = t + Math.fround(Math.fround(s * mi) / denom); // the store rounds the sum to float32
  }
}

function adamUpdate64(
  theta: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, vMax: Float64Array | null,
  step: number, h: AdamHyperparameters, decoupled: boolean,
): void {
  const { lr, eps, weightDecay } = h;
  const [beta1, beta2] = h.betas;
  const stepSize = lr / (1 - beta1 ** step);
  const c = Math.sqrt(1 - beta2 ** step);
  const a1 = 1 - beta1, a2 = 1 - beta2, s = -stepSize, decay = 1 - lr * weightDecay;
  const coupled = !decoupled && weightDecay !== 0;
  const n = theta.length;
  for (let i = 0; i < n; i++) {
    let t = theta[i]!;
    if (decoupled) t = t * decay;
    let g = grad[i]!;
    if (coupled) g = g + weightDecay * t;
    const mi = m[i]! * beta1 + a1 * g;
    const vi = v[i]! * beta2 + a2 * g * g;
    m[i] = mi;
    v[i] = vi;
    let vUsed = vi;
    if (vMax !== null) {
      const old = vMax[i]!;
      vUsed = old > vi || old !== old ? old : vi;
      vMax[i] = vUsed;
    }
    theta[i] = t + (s * mi) / (Math.sqrt(vUsed) / c + eps);
  }
}
