/**
 * Householder QR with column pivoting (Businger & Golub 1965) in float64: B·P = Q·R, with |R₀₀| >= |R₁₁| >= ...
 * Used to precondition the Jacobi SVD. B: [q, p], q >= p, is stored by columns (`cols`: p rows of
 * length q) so that every Householder dot product and update runs over contiguous memory.
 */
import { exponentOf, timesPow2 } from './floatScaling.js';

export interface PivotedQr {
  /** The diagonal of R: [p]. */
  rdiag: Float64Array;
  /** Householder scalars: H_k = I − beta[k]·v_k·v_kᵀ, with v_k kept in cols row k at positions k..q−1 (v_k[k] = 1). */
  beta: Float64Array;
  /** B·P's column k is B's column perm[k]. */
  perm: Int32Array;
}

/**
 * Factors B in place. Afterwards cols row j holds, at positions i < j, R[i, j] (the strict upper triangle
 * of R by columns), and at positions j..q−1 the Householder vector v_j.
 */
export function pivotedQr(cols: Float64Array, q: number, p: number): PivotedQr {
  const rdiag = new Float64Array(p);
  const beta = new Float64Array(p);
  const perm = new Int32Array(p);
  const norms = new Float64Array(p); // squared norms of the trailing parts cols[j][k..], downdated per step
  const exact = new Float64Array(p); // the value of norms[j] when last computed exactly
  for (let j = 0; j < p; j++) {
    perm[j] = j;
    norms[j] = exact[j] = sumSquares(cols, j * q, q);
  }
  for (let k = 0; k < p; k++) {
    let piv = k;
    for (let j = k + 1; j < p; j++) if (norms[j]! > norms[piv]!) piv = j;
    if (piv !== k) {
      swapRows(cols, k * q, piv * q, q);
      [perm[k], perm[piv]] = [perm[piv]!, perm[k]!];
      [norms[k], norms[piv]] = [norms[piv]!, norms[k]!];
      [exact[k], exact[piv]] = [exact[piv]!, exact[k]!];
    }
    // Reflector H = I − τ·v·vᵀ mapping x = cols[k][k..] to alpha·e₀, alpha = −sign(x₀)·‖x‖ (no cancellation
    // in x₀ − alpha); v = x/(x₀ − alpha) has v₀ = 1 and τ = 1 − x₀/alpha (LAPACK dlarfg, without squaring v).
    const ck = k * q;
    let big = 0;
    for (let i = k; i < q; i++) big = Math.max(big, Math.abs(cols[ck + i]!));
    if (big === 0) continue; // rdiag[k] = 0, beta[k] = 0: H_k = I
    // v and τ do not depend on the scale of x: compute them from x·2^-e, exactly scaled to about 1, so that
    // a column of tiny (even subnormal) entries still gives an accurately orthogonal reflector.
    const e = exponentOf(big);
    let sum = 0;
    for (let i = k; i < q; i++) {
      const v = timesPow2(cols[ck + i]!, -e);
      cols[ck + i] = v;
      sum += v * v;
    }
    const xnorm = Math.sqrt(sum);
    const x0 = cols[ck + k]!;
    const alpha = x0 >= 0 ? -xnorm : xnorm;
    const pivot = x0 - alpha;
    cols[ck + k] = 1;
    for (let i = k + 1; i < q; i++) cols[ck + i] /= pivot;
    const b = 1 - x0 / alpha;
    rdiag[k] = timesPow2(alpha, e);
    beta[k] = b;
    for (let j = k + 1; j < p; j++) {
      const cj = j * q;
      let s = 0;
      for (let i = k; i < q; i++) s += cols[ck + i]! * cols[cj + i]!;
      s *= b;
      for (let i = k; i < q; i++) cols[cj + i] -= s * cols[ck + i]!;
      // Downdate the trailing norm; recompute it when cancellation has eaten most of its digits.
      const r = cols[cj + k]!;
      norms[j] -= r * r;
      if (norms[j]! <= 1e-4 * exact[j]!) norms[j] = exact[j] = sumSquares(cols, cj + k + 1, q - k - 1);
    }
  }
  return { rdiag, beta, perm };
}

/** M ← Q·M for M: [q, k] row-major, with Q = H₀·H₁·…·H_{p−1} from pivotedQr. */
export function applyQ(cols: Float64Array, q: number, p: number, beta: Float64Array, mat: Float64Array, k: number): void {
  const acc = new Float64Array(k);
  for (let h = p - 1; h >= 0; h--) {
    const b = beta[h]!;
    if (b === 0) continue;
    const ch = h * q;
    acc.fill(0);
    for (let i = h; i < q; i++) {
      const v = cols[ch + i]!;
      const row = i * k;
      for (let c = 0; c < k; c++) acc[c] += v * mat[row + c]!;
    }
    for (let c = 0; c < k; c++) acc[c] *= b;
    for (let i = h; i < q; i++) {
      const v = cols[ch + i]!;
      const row = i * k;
      for (let c = 0; c < k; c++) mat[row + c] -= v * acc[c]!;
    }
  }
}

function sumSquares(x: Float64Array, offset: number, len: number): number {
  let acc = 0;
  for (let i = 0; i < len; i++) acc += x[offset + i]! * x[offset + i]!;
  return acc;
}

function swapRows(x: Float64Array, i: number, j: number, len: number): void {
  for (let k = 0; k < len; k++) {
    const t = x[i + k]!;
    x[i + k] = x[j + k]!;
    x[j + k] = t;
  }
}
