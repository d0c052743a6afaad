import { binary, unary, whereKernel } from '../../tensor/elementwise.js';
import { Tensor } from '../../tensor/tensor.js';
import { asTensor, record } from '../record.js';
import type { Operand } from '../record.js';
import { add, mul } from './arithmetic.js';

// Comparisons give 1 where true and 0 where false, in the promoted float dtype. They carry no gradient.

function compare(op: 'gt' | 'lt' | 'ge' | 'le' | 'eq' | 'ne', a: Operand, b: Operand): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw new Error(`${op}: at least one operand must be a Tensor, got two numbers`);
  return binary(op, asTensor(a, b), asTensor(b, a), op);
}

export const gt = (a: Operand, b: Operand): Tensor => compare('gt', a, b);
export const lt = (a: Operand, b: Operand): Tensor => compare('lt', a, b);
export const ge = (a: Operand, b: Operand): Tensor => compare('ge', a, b);
export const le = (a: Operand, b: Operand): Tensor => compare('le', a, b);
export const eq = (a: Operand, b: Operand): Tensor => compare('eq', a, b);
export const ne = (a: Operand, b: Operand): Tensor => compare('ne', a, b);

/** cond ≠ 0 ? a : b, all broadcast. The gradient goes to a where cond holds, to b elsewhere. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const ta = asTensor(a, b instanceof Tensor ? b : cond);
  const tb = asTensor(b, ta);
  const c = cond.detach();
  return record(whereKernel(c, ta, tb), 'where', [ta, tb], (g) => {
    const zero = Tensor.empty([], g.dtype);
    return [ta.requiresGrad ? where(c, g, zero) : null, tb.requiresGrad ? where(c, zero, g) : null];
  });
}

/**
 * max(a, b) elementwise. The gradient goes to the larger operand; on ties it is split
 * evenly between the two (as torch.maximum).
 */
export function maximum(a: Tensor, b: Operand): Tensor {
  const tb = asTensor(b, a);
  return record(binary('maximum', a, tb), 'maximum', [a, tb], (g) => {
    const half = mul(binary('eq', a, tb), 0.5);
    return [
      a.requiresGrad ? mul(g, add(binary('gt', a, tb), half)) : null,
      tb.requiresGrad ? mul(g, add(binary('lt', a, tb), half)) : null,
    ];
  });
}

/** min(a, b) elementwise; ties split the gradient evenly. */
export function minimum(a: Tensor, b: Operand): Tensor {
  const tb = asTensor(b, a);
  return record(binary('minimum', a, tb), 'minimum', [a, tb], (g) => {
    const half = mul(binary('eq', a, tb), 0.5);
    return [
      a.requiresGrad ? mul(g, add(binary('lt', a, tb), half)) : null,
      tb.requiresGrad ? mul(g, add(binary('gt', a, tb), half)) : null,
    ];
  });
}

/** x limited to [min, max] (either bound may be omitted). ∂/∂x = 1 inside the bounds, 0 outside. */
export function clamp(x: Tensor, min = -Infinity, max = Infinity): Tensor {
  if (Number.isNaN(min) || Number.isNaN(max)) throw new Error(`clamp: bounds must not be NaN, got min=${min}, max=${max}`);
  if (min > max) throw new Error(`clamp: min (${min}) must not exceed max (${max})`);
  return record(unary('clamp', x, min, max), 'clamp', [x], (g) => [mul(g, unary('clampMask', x, min, max))]);
}
