/**
 * Symmetric eigen-decomposition by the cyclic Jacobi method in float64 (Golub & Van Loan §8.5):
 * plane rotations zero one off-diagonal pair at a time; the rotations' product gives the eigenvectors.
 * O(n³) per sweep, a handful of sweeps: meant for feature covariances (n up to a few hundred).
 */

export interface SymmetricEigen {
  /** Eigenvalues, ascending: [n]. */
  values: Float64Array;
  /** Eigenvectors as columns, row-major [n, n]: column j belongs to values[j]; orthonormal. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/** Eigenvalues and eigenvectors of the symmetric matrix a: [n, n] row-major, so that a = V diag(λ) Vᵀ. */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  return jacobiEigen(readSymmetric('symmetricEigen', 'a', a, n), n);
}

/**
 * Validates a: [n, n] (finite, symmetric up to 1e-6 of its largest entry, as rounding in a float32
 * covariance can leave) and returns a float64 copy made exactly symmetric as (a + aᵀ)/2.
 */
export function readSymmetric(fn: string, name: string, a: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: size must be a positive integer, got ${n}`);
  if (a === null || typeof a !== 'object' || a.length !== n * n) {
    throw new Error(`${fn}: ${name} must hold ${n}x${n} = ${n * n} entries, got ${a === null || typeof a !== 'object' ? String(a) : a.length}`);
  }
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    const v = a[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${fn}: ${name}[${Math.floor(i / n)},${i % n}] is ${v}`);
    if (Math.abs(v) > scale) scale = Math.abs(v);
  }
  const out = new Float64Array(n * n);
  const tol = 1e-6 * scale;
  for (let i = 0; i < n; i++) {
    out[i * n + i] = a[i * n + i]!;
    for (let j = i + 1; j < n; j++) {
      const u = a[i * n + j]!;
      const l = a[j * n + i]!;
      if (Math.abs(u - l) > tol) throw new Error(`${fn}: ${name} is not symmetric: [${i},${j}] = ${u} but [${j},${i}] = ${l}`);
      out[i * n + j] = out[j * n + i] = (u + l) / 2;
    }
  }
  return out;
}

/** Jacobi on A: [n, n] symmetric float64, overwritten. */
export function jacobiEigen(A: Float64Array, n: number): SymmetricEigen {
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let sweep = 0;
  for (; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q]! * A[p * n + q]!;
    if (off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (apq === 0) continue;
        const app = A[p * n + p]!;
        const aqq = A[q * n + q]!;
        // Once a_pq no longer changes the diagonal in float64 it is rounding noise: drop it
        // (Numerical Recipes' test; without it the last sweeps can churn on denormals).
        const g = 100 * Math.abs(apq);
        if (sweep > 3 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          A[p * n + q] = A[q * n + p] = 0;
          continue;
        }
        // t = tan of the rotation angle: the smaller root of t² + 2θt − 1 = 0, θ = (a_qq − a_pp)/(2a_pq).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(A, V, n, p, q, c, s);
        A[p * n + p] = app - t * apq;
        A[q * n + q] = aqq + t * apq;
        A[p * n + q] = A[q * n + p] = 0;
      }
    }
  }
  if (sweep === MAX_SWEEPS) throw new Error(`symmetricEigen: Jacobi did not converge in ${MAX_SWEEPS} sweeps`);
  return sortAscending(A, V, n);
}

/** A ← JᵀAJ on rows/columns p, q other than the (p,q) block; V ← VJ. J = [[c, s], [−s, c]] in the (p,q) plane. */
function rotate(A: Float64Array, V: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    if (k !== p && k !== q) {
      const akp = A[k * n + p]!;
      const akq = A[k * n + q]!;
      const np = c * akp - s * akq;
      const nq = s * akp + c * akq;
      A[k * n + p] = A[p * n + k] = np;
      A[k * n + q] = A[q * n + k] = nq;
    }
    const vkp = V[k * n + p]!;
    const vkq = V[k * n + q]!;
    V[k * n + p] = c * vkp - s * vkq;
    V[k * n + q] = s * vkp + c * vkq;
  }
}

function sortAscending(A: Float64Array, V: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[i * n + i]! - A[j * n + j]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const src = order[c]!;
    values[c] = A[src * n + src]!;
    for (let r = 0; r < n; r++) vectors[r * n + c] = V[r * n + src]!;
  }
  return { values, vectors };
}
