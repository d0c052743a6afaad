import { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './gradMode.js';

/** A tensor or a plain number (a constant scalar). */
export type Operand = Tensor | number;

/** The backward rule of one op: ∂L/∂output ↦ ∂L/∂input per input (null where not needed). */
export type BackwardRule = (gradOutput: Tensor) => readonly (Tensor | null)[];

/**
 * Links `out` into the graph when recording is on and some input requires grad.
 * The rule is called later by backward(); it may return gradients of a broadcast shape,
 * which the engine sums back to each input's shape.
 */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardRule): Tensor {
  if (!isGradEnabled()) return out;
  let needed = false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requiresGrad) needed = true;
  if (!needed) return out;
  out.requiresGrad = true;
  out.gradFn = { name, inputs, backward };
  return out;
}

/** A number as a 0-d constant of the given tensor's dtype; a tensor as itself. */
export function asTensor(x: Operand, like: Operand): Tensor {
  if (x instanceof Tensor) return x;
  const dtype = like instanceof Tensor ? like.dtype : 'float32';
  const t = Tensor.empty([], dtype);
  t.data[0] = x;
  return t;
}

/** Throws unless x is a finite number: for scalar arguments such as slopes and bounds. */
export function checkFinite(x: number, op: string, name: string): void {
  if (!Number.isFinite(x)) throw new Error(`${op}: ${name} must be a finite number, got ${x}`);
}
