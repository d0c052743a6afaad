/**
 * Cholesky factor of a symmetric positive-definite matrix (Golub & Van Loan, Algorithm 4.2.1), float64.
 * Browser-safe.
 */

/**
 * a: [d, d] row-major, symmetric positive definite (only the lower triangle is read).
 * Returns L: [d, d] row-major, lower triangular with a positive diagonal, a = L·Lᵀ.
 * Throws "cholesky: matrix is not positive definite (pivot 3 is -1e-9)" when a pivot is not > 0.
 */
export function cholesky(a: Float64Array, d: number): Float64Array {
  const fn = 'cholesky';
  if (!Number.isInteger(d) || d < 1) throw new Error(`${fn}: d must be a positive integer, got ${d}`);
  if (!(a instanceof Float64Array) || a.length !== d * d) {
    throw new Error(`${fn}: a must be a Float64Array of ${d}x${d} = ${d * d} entries, got ${a instanceof Float64Array ? a.length : String(a)}`);
  }
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const jo = j * d;
    let pivot = a[jo + j]!;
    for (let k = 0; k < j; k++) pivot -= l[jo + k]! * l[jo + k]!;
    if (!(pivot > 0)) throw new Error(`${fn}: matrix is not positive definite (pivot ${j} is ${pivot})`);
    const ljj = Math.sqrt(pivot);
    l[jo + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      const io = i * d;
      let s = a[io + j]!;
      for (let k = 0; k < j; k++) s -= l[io + k]! * l[jo + k]!;
      l[io + j] = s / ljj;
    }
  }
  return l;
}
