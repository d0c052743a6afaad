/**
 * Exact 1-Wasserstein distance between two 1-D empirical distributions of possibly different sizes:
 * W1 = ∫ |F(t) − G(t)| dt, F and G the empirical CDFs (step functions), integrated piece by piece
 * over the merged sorted sample points.
 */

/** u: [n] and v: [m], both sorted ascending and non-empty. */
export function wasserstein1dSorted(u: Float64Array, v: Float64Array): number {
  const n = u.length;
  const m = v.length;
  const invN = 1 / n;
  const invM = 1 / m;
  let i = 0;
  let j = 0;
  let prev = u[0]! < v[0]! ? u[0]! : v[0]!;
  let total = 0;
  // Between consecutive merged points F = i/n and G = j/m are constant.
  while (i < n || j < m) {
    const fromU = j >= m || (i < n && u[i]! <= v[j]!);
    const t = fromU ? u[i]! : v[j]!;
    total += Math.abs(i * invN - j * invM) * (t - prev);
    prev = t;
    if (fromU) i++;
    else j++;
  }
  return total;
}

/** Exact W1 between the empirical distributions of u and v (any order, non-empty, finite). */
export function wasserstein1d(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = Float64Array.from(u);
  const b = Float64Array.from(v);
  if (a.length === 0 || b.length === 0) throw new Error(`wasserstein1d: both sets need values, got ${a.length} and ${b.length}`);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new Error(`wasserstein1d: u[${i}] is ${a[i]}`);
  for (let i = 0; i < b.length; i++) if (!Number.isFinite(b[i]!)) throw new Error(`wasserstein1d: v[${i}] is ${b[i]}`);
  return wasserstein1dSorted(a.sort(), b.sort());
}
