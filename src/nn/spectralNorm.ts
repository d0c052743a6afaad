// Spectral normalization (Miyato et al., "Spectral Normalization for Generative Adversarial Networks",
// ICLR 2018), as torch.nn.utils.spectral_norm with n_power_iterations = 1 and eps = 1e-12.
import { div, matmul, mul, sum } from '../autograd/index.js';
import type { Random } from '../tensor/random.js';
import { Tensor, formatShape } from '../tensor/tensor.js';
import type { DType, FloatArray } from '../tensor/tensor.js';

/** out = A·x for A [rows, cols] row-major. */
function matVec(a: FloatArray, rows: number, cols: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += a[row + j]! * x[j]!;
    out[i] = s;
  }
}

/** out = Aᵀ·x for A [rows, cols] row-major. */
function matTVec(a: FloatArray, rows: number, cols: number, x: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    const xi = x[i]!;
    for (let j = 0; j < cols; j++) out[j] += a[row + j]! * xi;
  }
}

/** x / max(‖x‖₂, eps) written into dst (torch.nn.functional.normalize). */
function normalizeInto(x: Float64Array, eps: number, dst: FloatArray): void {
  let n = 0;
  for (let i = 0; i < x.length; i++) n += x[i]! * x[i]!;
  const inv = 1 / Math.max(Math.sqrt(n), eps);
  for (let i = 0; i < x.length; i++) dst[i] = x[i]! * inv;
}

function matrixShape(w: Tensor, where: string): [number, number] {
  if (w.ndim !== 2) throw new Error(`${where}: expected a matrix, got shape ${formatShape(w.shape)}`);
  return [w.shape[0]!, w.shape[1]!];
}

/**
 * Power-iteration state for one matrix W [rows, cols]: unit vectors u [rows] ≈ the top left singular
 * vector and v [cols] ≈ the top right one. The owning layer registers them as buffers (PyTorch's
 * `weight_u`, `weight_v`), so they are saved and restored with the model.
 *
 * Each training forward runs one power-iteration step, v ← normalize(Wᵀu), u ← normalize(Wv), updating
 * the buffers in place; then σ = uᵀWv and the layer uses W/σ. Gradients flow through σ with u and v
 * held constant (∂σ/∂W = u·vᵀ), as in PyTorch. In eval mode the stored u, v are used without a step.
 */
export class SpectralNorm {
  readonly u: Tensor;
  readonly v: Tensor;
  readonly eps: number;

  constructor(u: Tensor, v: Tensor, eps = 1e-12) {
    if (u.ndim !== 1 || v.ndim !== 1) {
      throw new Error(`SpectralNorm: u and v must be vectors, got shapes ${formatShape(u.shape)} and ${formatShape(v.shape)}`);
    }
    if (!(eps > 0)) throw new Error(`SpectralNorm: eps must be positive, got ${eps}`);
    this.u = u;
    this.v = v;
    this.eps = eps;
  }

  /** u [rows] and v [cols] drawn from N(0, 1) (u first) and normalized, as PyTorch initializes them. */
  static init(rows: number, cols: number, rng: Random, dtype: DType, eps = 1e-12): SpectralNorm {
    const u = Tensor.empty([rows], dtype);
    const v = Tensor.empty([cols], dtype);
    for (const t of [u, v]) {
      const g = new Float64Array(t.size);
      for (let i = 0; i < g.length; i++) g[i] = rng.normal();
      normalizeInto(g, eps, t.data);
    }
    return new SpectralNorm(u, v, eps);
  }

  /** Sets u and v (copied, float64 or float32) to a known singular pair, e.g. from an SVD. */
  startAt(u: ArrayLike<number>, v: ArrayLike<number>): void {
    if (u.length !== this.rows || v.length !== this.cols) {
      throw new Error(`SpectralNorm.startAt: vectors of length ${u.length} and ${v.length} for a [${this.rows},${this.cols}] matrix`);
    }
    for (let i = 0; i < u.length; i++) this.u.data[i] = u[i]!;
    for (let i = 0; i < v.length; i++) this.v.data[i] = v[i]!;
  }

  get rows(): number {
    return this.u.size;
  }

  get cols(): number {
    return this.v.size;
  }

  private check(rows: number, cols: number, where: string): void {
    if (rows !== this.rows || cols !== this.cols) {
      throw new Error(`${where}: matrix is [${rows},${cols}] but the power-iteration vectors are for [${this.rows},${this.cols}]`);
    }
  }

  /** One power-iteration step on W [rows, cols]: v ← normalize(Wᵀu), then u ← normalize(Wv). In place. */
  step(w: Tensor): void {
    const [rows, cols] = matrixShape(w, 'SpectralNorm.step');
    this.check(rows, cols, 'SpectralNorm.step');
    const tu = Float64Array.from(this.u.data);
    const tv = new Float64Array(cols);
    matTVec(w.data, rows, cols, tu, tv);
    normalizeInto(tv, this.eps, this.v.data);
    tv.set(this.v.data);
    matVec(w.data, rows, cols, tv, tu);
    normalizeInto(tu, this.eps, this.u.data);
  }

  /**
   * One step for the product W = A·B, A [rows, k], B [k, cols], without forming W:
   * Wᵀu = Bᵀ(Aᵀu) and Wv = A(Bv).
   */
  stepProduct(a: Tensor, b: Tensor): void {
    const [rows, k] = matrixShape(a, 'SpectralNorm.stepProduct');
    const [k2, cols] = matrixShape(b, 'SpectralNorm.stepProduct');
    if (k !== k2) throw new Error(`SpectralNorm.stepProduct: factors ${formatShape(a.shape)} and ${formatShape(b.shape)} do not align (${k} != ${k2})`);
    this.check(rows, cols, 'SpectralNorm.stepProduct');
    const tu = Float64Array.from(this.u.data);
    const tk = new Float64Array(k);
    const tv = new Float64Array(cols);
    matTVec(a.data, rows, k, tu, tk);
    matTVec(b.data, k, cols, tk, tv);
    normalizeInto(tv, this.eps, this.v.data);
    tv.set(this.v.data);
    matVec(b.data, k, cols, tv, tk);
    matVec(a.data, rows, k, tk, tu);
    normalizeInto(tu, this.eps, this.u.data);
  }

  /** σ = uᵀ·W·v as a differentiable scalar in W (u, v copied as constants). W: [rows, cols] → []. */
  sigma(w: Tensor): Tensor {
    const [rows, cols] = matrixShape(w, 'SpectralNorm.sigma');
    this.check(rows, cols, 'SpectralNorm.sigma');
    // Copies, so a later in-place step cannot change what backward() sees (PyTorch clones u, v too).
    return sum(mul(this.u.clone(), matmul(w, this.v.clone())));
  }

  /** σ = uᵀ·A·B·v, differentiable in A [rows, k] and B [k, cols]. */
  sigmaProduct(a: Tensor, b: Tensor): Tensor {
    this.check(a.shape[0]!, b.shape[b.ndim - 1]!, 'SpectralNorm.sigmaProduct');
    return sum(mul(this.u.clone(), matmul(a, matmul(b, this.v.clone()))));
  }

  /** W/σ. When `training`, first one power-iteration step (updating u, v). W: [rows, cols]. */
  normalize(w: Tensor, training: boolean): Tensor {
    if (training) this.step(w);
    return div(w, this.sigma(w));
  }
}

/**
 * Starts a factorized layer's power iterations (of U, of V, of W = U·V; null when unused) at exact singular vectors when U·V is the balanced split
 * of the truncated SVD `top` (u [m, r], s [r], vt [r, n]; see balancedFactors): W's top pair is (u₁, v₁),
 * that of U = u·diag(√s) is (u₁, e₀), and that of V = diag(√s)·vt is (e₀, v₁).
 */
export function startAtTopSingularPairs(top: { u: Float64Array; s: Float64Array; vt: Float64Array }, sn: { snU: SpectralNorm | null; snV: SpectralNorm | null; snW: SpectralNorm | null }): void {
  const r = top.s.length;
  const m = top.u.length / r, n = top.vt.length / r;
  const u1 = new Float64Array(m);
  for (let i = 0; i < m; i++) u1[i] = top.u[i * r]!;
  const v1 = top.vt.subarray(0, n);
  const e0 = new Float64Array(r);
  e0[0] = 1;
  sn.snU?.startAt(u1, e0);
  sn.snV?.startAt(e0, v1);
  sn.snW?.startAt(u1, v1);
}
