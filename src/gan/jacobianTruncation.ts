import { grad, sliceRows, withGradMode } from '../autograd/index.js';
import { inEvalMode, withFrozen } from '../nn/modes.js';
import type { Sequential } from '../nn/sequential.js';
import { Random } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { topRows } from './topK.js';

/**
 * Jacobian-based truncation (JBT; Tanielian et al. 2020, "Learning disconnected manifolds: a no GAN's
 * land"). A generator maps the connected latent space onto data whose modes are apart, so some latents
 * must land on the bridges between modes; there the map stretches, and the Jacobian norm ‖∂G/∂z‖_F is
 * at its largest. Drawing ⌈count/keep⌉ latents and keeping the count with the smallest norm removes
 * those off-manifold samples, at the price of the outer edge of each mode.
 */

/** Output columns up to which ‖J‖²_F is exact (one backward pass per column); above, it is estimated. */
export const EXACT_JACOBIAN_MAX_DIM = 16;

/** Random projections of the estimate E_v‖vᵀJ‖² = ‖J‖²_F, v ~ N(0, I), for wider outputs. */
export const JACOBIAN_PROJECTIONS = 16;

/** Rows per backward pass: bounds the memory of the recorded graph. */
const CHUNK = 1024;

/**
 * ‖∂G(z)/∂z‖²_F per row of z: [count, latent] → [count] (float64). Exact for outputs of at most
 * EXACT_JACOBIAN_MAX_DIM columns; for wider ones (images), Hutchinson's estimate over
 * JACOBIAN_PROJECTIONS Gaussian directions drawn from `seed`. net runs in eval mode; its parameters
 * get no gradients. latentColumns: the leading columns of z that count (a conditional generator's input
 * [z | onehot(y)] counts z only); default all.
 */
export function jacobianNormsSquared(net: Sequential, z: Tensor, seed = 0, latentColumns?: number): Float64Array {
  // The norms need a recorded graph even when the caller samples inside noGrad (as torch.enable_grad).
  return withGradMode(true, () => normsWithGraph(net, z, seed, latentColumns));
}

function normsWithGraph(net: Sequential, z: Tensor, seed: number, latentColumns: number | undefined): Float64Array {
  if (z.ndim !== 2) throw new Error(`jacobianNormsSquared: z must be [count, latent], got [${z.shape.join(', ')}]`);
  const [count, width] = z.shape as [number, number];
  const latent = latentColumns ?? width;
  if (!Number.isInteger(latent) || latent < 1 || latent > width) throw new Error(`jacobianNormsSquared: latentColumns must be in 1..${width}, got ${latent}`);
  const norms = new Float64Array(count);
  const rng = new Random(seed);
  inEvalMode(net, () => withFrozen(net.parameters(), () => {
    for (let start = 0; start < count; start += CHUNK) {
      const rows = Math.min(CHUNK, count - start);
      const zc = sliceRows(z.detach(), start, start + rows);
      zc.requiresGrad = true;
      const out = net.forward(zc);
      const dim = out.size / rows;
      const exact = dim <= EXACT_JACOBIAN_MAX_DIM;
      const passes = exact ? dim : JACOBIAN_PROJECTIONS;
      const v = Tensor.empty([rows, dim], z.dtype);
      for (let p = 0; p < passes; p++) {
        // Exact: v is column p of the identity, so vᵀJ is row p of J. Estimate: v ~ N(0, I).
        if (exact) for (let r = 0; r < rows; r++) for (let c = 0; c < dim; c++) v.data[r * dim + c] = c === p ? 1 : 0;
        else for (let i = 0; i < v.size; i++) v.data[i] = rng.normal();
        const [g] = grad(out, zc, { gradOutputs: [v] });
        const gd = g!.data;
        for (let r = 0; r < rows; r++) {
          let s = 0;
          const o = r * width;
          for (let k = 0; k < latent; k++) s += gd[o + k]! * gd[o + k]!;
          norms[start + r] += exact ? s : s / passes;
        }
      }
    }
  }));
  return norms;
}

/**
 * Indices into z (ascending) of the `count` rows with the smallest Jacobian norm, from a pool of
 * z.shape[0] ≥ count rows. NaN norms are kept last.
 */
export function smoothestRows(net: Sequential, z: Tensor, count: number, seed = 0, latentColumns?: number): Int32Array {
  const norms = jacobianNormsSquared(net, z, seed, latentColumns);
  for (let i = 0; i < norms.length; i++) norms[i] = -norms[i]!;
  return topRows(norms, count);
}

/** Latents drawn to keep `count` of them at keep fraction `keep` ∈ (0, 1]. */
export function truncationPool(count: number, keep: number): number {
  if (!(keep > 0 && keep <= 1)) throw new Error(`jacobian truncation: keep must be in (0, 1], got ${keep}`);
  return Math.ceil(count / keep);
}
