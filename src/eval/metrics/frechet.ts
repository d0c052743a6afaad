/**
 * Fréchet distance between Gaussians N(μ1, C1) and N(μ2, C2) (the FID formula, Heusel et al. 2017):
 *   ‖μ1 − μ2‖² + Tr(C1) + Tr(C2) − 2 Tr((C1 C2)^{1/2}).
 * Tr((C1 C2)^{1/2}) is taken as Σ √λ_i of the symmetric PSD matrix C1^{1/2} C2 C1^{1/2}, which has the same
 * eigenvalues as C1 C2 but keeps every step symmetric (no complex square roots as with sqrtm(C1 C2)).
 */
import { jacobiEigen, readSymmetric } from '../../linalg/eigen.js';

/**
 * mu1, mu2: [d]; cov1, cov2: [d, d] row-major, symmetric positive semi-definite. Eigenvalues that
 * rounding pushes slightly below 0 are treated as 0, and so is a final result in (−ε, 0).
 */
export function frechetDistance(
  mu1: ArrayLike<number>,
  cov1: ArrayLike<number>,
  mu2: ArrayLike<number>,
  cov2: ArrayLike<number>,
  d: number,
): number {
  const fn = 'frechetDistance';
  if (!Number.isInteger(d) || d < 1) throw new Error(`${fn}: d must be a positive integer, got ${d}`);
  checkVector(fn, 'mu1', mu1, d);
  checkVector(fn, 'mu2', mu2, d);
  const c1 = readSymmetric(fn, 'cov1', cov1, d);
  const c2 = readSymmetric(fn, 'cov2', cov2, d);
  let meanTerm = 0;
  for (let k = 0; k < d; k++) {
    const e = mu1[k]! - mu2[k]!;
    meanTerm += e * e;
  }
  let traces = 0;
  for (let k = 0; k < d; k++) traces += c1[k * d + k]! + c2[k * d + k]!;
  const s = psdSqrt(fn, 'cov1', c1.slice(), d);
  const m = symmetrize(multiply(multiply(s, c2, d), s, d), d);
  const { values } = jacobiEigen(m, d);
  let traceSqrt = 0;
  for (let k = 0; k < d; k++) if (values[k]! > 0) traceSqrt += Math.sqrt(values[k]!);
  return Math.max(0, meanTerm + traces - 2 * traceSqrt);
}

function checkVector(fn: string, name: string, v: ArrayLike<number>, d: number): void {
  if (v === null || typeof v !== 'object' || v.length !== d) {
    throw new Error(`${fn}: ${name} must have d = ${d} entries, got ${v === null || typeof v !== 'object' ? String(v) : v.length}`);
  }
  for (let k = 0; k < d; k++) {
    const x = v[k]!;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${fn}: ${name}[${k}] is ${x}`);
  }
}

/**
 * C^{1/2} = V diag(√max(λ, 0)) Vᵀ of the symmetric matrix c (overwritten). Throws when an eigenvalue is
 * negative beyond rounding (below −1e-9 · the largest |λ|): then c is no covariance.
 */
function psdSqrt(fn: string, name: string, c: Float64Array, d: number): Float64Array {
  const { values, vectors } = jacobiEigen(c, d);
  const largest = Math.max(Math.abs(values[0]!), Math.abs(values[d - 1]!));
  if (values[0]! < -1e-9 * largest) {
    throw new Error(`${fn}: ${name} has eigenvalue ${values[0]} < 0, so it is not a covariance (positive semi-definite) matrix`);
  }
  const root = new Float64Array(d);
  for (let k = 0; k < d; k++) root[k] = values[k]! > 0 ? Math.sqrt(values[k]!) : 0;
  const out = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let s = r; s < d; s++) {
      let acc = 0;
      for (let k = 0; k < d; k++) acc += vectors[r * d + k]! * root[k]! * vectors[s * d + k]!;
      out[r * d + s] = out[s * d + r] = acc;
    }
  }
  return out;
}

/** a · b for [d, d] row-major matrices. */
function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    const ro = r * d;
    for (let k = 0; k < d; k++) {
      const ark = a[ro + k]!;
      if (ark === 0) continue;
      const ko = k * d;
      for (let c = 0; c < d; c++) out[ro + c] += ark * b[ko + c]!;
    }
  }
  return out;
}

/** (m + mᵀ)/2 in place: removes the rounding asymmetry of a product that is symmetric in exact arithmetic. */
function symmetrize(m: Float64Array, d: number): Float64Array {
  for (let r = 0; r < d; r++) {
    for (let c = r + 1; c < d; c++) {
      const v = (m[r * d + c]! + m[c * d + r]!) / 2;
      m[r * d + c] = m[c * d + r] = v;
    }
  }
  return m;
}
