import fc from 'fast-check';
import { Tensor, shapeSize } from '../../src/tensor/tensor.js';
import { Random } from '../../src/tensor/random.js';
import { add, grad, noGrad, mul, sum } from '../../src/index.js';

export type Fn = (...inputs: Tensor[]) => Tensor;

/** A float64 tensor with requiresGrad from values. */
export function param(values: readonly number[], shape: readonly number[]): Tensor {
  const t = new Tensor(Float64Array.from(values), shape);
  t.requiresGrad = true;
  return t;
}

/** Fixed random weights so that L = Σ w ⊙ f(x) probes every output of f. */
function probe(shape: readonly number[], seed: number): Tensor {
  const r = new Random(seed);
  const d = new Float64Array(shapeSize(shape));
  for (let i = 0; i < d.length; i++) d[i] = r.uniform() * 2 - 1;
  return new Tensor(d, shape);
}

function scalarLoss(f: Fn, inputs: Tensor[], w: Tensor): Tensor {
  return sum(mul(f(...inputs), w));
}

export interface Tolerance { atol?: number; rtol?: number; eps?: number }

/** Largest violation of |a − n| ≤ atol + rtol·|n| over all entries, as a message, or null if none. */
function compare(analytic: Float64Array | Float32Array, numeric: Float64Array, atol: number, rtol: number, what: string): string | null {
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i]!, n = numeric[i]!;
    if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) return `${what}[${i}]: autograd ${a} vs finite difference ${n}`;
  }
  return null;
}

/** Central differences of a scalar function g at each entry of inputs[k]. */
function numericGrad(g: () => number, x: Tensor, eps: number): Float64Array {
  const out = new Float64Array(x.size);
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    d[i] = v + eps;
    const up = g();
    d[i] = v - eps;
    const down = g();
    d[i] = v;
    out[i] = (up - down) / (2 * eps);
  }
  return out;
}

/** Throws if autograd's ∂L/∂input disagrees with central differences for any input. */
export function checkGradients(f: Fn, inputs: Tensor[], tol: Tolerance = {}): void {
  const { atol = 1e-6, rtol = 1e-5, eps = 1e-6 } = tol;
  const out = f(...inputs);
  const w = probe(out.shape, 7);
  const analytic = grad(scalarLoss(f, inputs, w), inputs, { allowUnused: true });
  const value = (): number => noGrad(() => scalarLoss(f, inputs, w).item());
  inputs.forEach((x, k) => {
    const numeric = numericGrad(value, x, eps);
    const a = analytic[k]?.data ?? new Float64Array(x.size);
    const bad = compare(a, numeric, atol, rtol, `input ${k} ${JSON.stringify(x.shape)}`);
    if (bad) throw new Error(bad);
  });
}

/**
 * Second order: with v a fixed direction, h(x) = Σ v ⊙ ∂L/∂x (a Hessian-vector product) is built with
 * createGraph; its autograd gradient must match central differences of h.
 */
export function checkSecondOrder(f: Fn, inputs: Tensor[], tol: Tolerance = {}): void {
  const { atol = 1e-5, rtol = 1e-4, eps = 1e-5 } = tol;
  const out = noGrad(() => f(...inputs));
  const w = probe(out.shape, 7);
  const vs = inputs.map((x, k) => probe(x.shape, 100 + k));
  const h = (): Tensor | null => {
    const g = grad(scalarLoss(f, inputs, w), inputs, { createGraph: true, allowUnused: true });
    let total: Tensor | null = null;
    g.forEach((gk, k) => {
      if (gk === null || !gk.requiresGrad) return;
      const term = sum(mul(gk, vs[k]!));
      total = total === null ? term : add(total, term);
    });
    return total;
  };
  const hv = h();
  if (hv === null || !hv.requiresGrad) return; // f is linear in its inputs: the Hessian is zero

  const analytic = grad(hv, inputs, { allowUnused: true });
  const value = (): number => h()?.item() ?? 0;
  inputs.forEach((x, k) => {
    const numeric = numericGrad(value, x, eps);
    const a = analytic[k]?.data ?? new Float64Array(x.size);
    const bad = compare(a, numeric, atol, rtol, `second order, input ${k} ${JSON.stringify(x.shape)}`);
    if (bad) throw new Error(bad);
  });
}

// ---- fast-check arbitraries -------------------------------------------------------------

/** A shape of 0..maxDims dims, each 1..maxSize. */
export const shapeArb = (maxDims = 3, maxSize = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxSize }), { minLength: 0, maxLength: maxDims });

/** Two shapes that broadcast together: each drops some leading dims and turns some dims into 1. */
export const broadcastPairArb = (maxDims = 3, maxSize = 4): fc.Arbitrary<[number[], number[]]> =>
  shapeArb(maxDims, maxSize).chain((out) => {
    const derive = fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
      .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
    return fc.tuple(derive, derive);
  });

/** n float64 values in [lo, hi], kept at least `gap` away from each point in `kinks`. */
export const valuesArb = (n: number, lo = -2, hi = 2, kinks: number[] = [], gap = 0.05): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: n, maxLength: n })
    .map((xs) => xs.map((x) => {
      for (const k of kinks) if (Math.abs(x - k) < gap) return x < k ? k - gap : k + gap;
      return x;
    }));

/** A float64 tensor of the given shape with values from valuesArb. */
export const tensorArb = (shape: readonly number[], lo = -2, hi = 2, kinks: number[] = []): fc.Arbitrary<Tensor> =>
  valuesArb(shapeSize(shape), lo, hi, kinks).map((v) => param(v, shape));

export const FC = { seed: 20261123, numRuns: 40 } as const;

/**
 * Values on the grid k/100 + offset, pairwise distinct: for ops with ties (max, maximum), two tensors
 * drawn with different offsets never tie, and a tensor never ties with itself.
 */
export const distinctTensorArb = (shape: readonly number[], offset = 0): fc.Arbitrary<Tensor> => {
  const n = shapeSize(shape);
  return fc.uniqueArray(fc.integer({ min: -200, max: 200 }), { minLength: n, maxLength: n })
    .map((ks) => param(ks.map((k) => k / 100 + offset), shape));
};
