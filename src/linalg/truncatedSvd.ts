import { svd, type SvdResult } from './svd.js';

/**
 * The leading k singular triplets of a: [m, n] row-major: u [m, k], s [k], vt [k, n]. u·diag(s)·vt is
 * a's best rank-k approximation (Eckart–Young), with ‖a − u·diag(s)·vt‖²_F = Σ_{i>k} s_i².
 * k in 0..min(m, n); a is read in float64.
 */
export function truncatedSvd(a: ArrayLike<number>, m: number, n: number, k: number): SvdResult {
  const p = Math.min(m, n);
  if (!Number.isInteger(k) || k < 0 || k > p) throw new Error(`truncatedSvd: k must be an integer in 0..${p} (min(m, n) of ${m}×${n}), got ${k}`);
  const full = svd(Float64Array.from(a), m, n);
  const u = new Float64Array(m * k);
  for (let i = 0; i < m; i++) u.set(full.u.subarray(i * p, i * p + k), i * k);
  return { u, s: full.s.slice(0, k), vt: full.vt.slice(0, k * n) };
}

/**
 * The balanced split of a truncated SVD (u [m, k], s [k], vt [k, n]) into two factors:
 * U = u·diag(√s) [m, k] and V = diag(√s)·vt [k, n], so U·V = u·diag(s)·vt, UᵀU = VVᵀ = diag(s), and
 * ½(‖U‖²_F + ‖V‖²_F) = Σ s (the nuclear norm, the least any factorization reaches).
 */
export function balancedFactors({ u, s, vt }: SvdResult): { u: Float64Array; v: Float64Array } {
  const k = s.length;
  const m = k === 0 ? 0 : u.length / k;
  const n = k === 0 ? 0 : vt.length / k;
  const uf = new Float64Array(m * k);
  const vf = new Float64Array(k * n);
  for (let j = 0; j < k; j++) {
    const r = Math.sqrt(Math.max(s[j]!, 0));
    for (let i = 0; i < m; i++) uf[i * k + j] = u[i * k + j]! * r;
    for (let c = 0; c < n; c++) vf[j * n + c] = vt[j * n + c]! * r;
  }
  return { u: uf, v: vf };
}
