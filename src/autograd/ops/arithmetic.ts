import { binary, unary } from '../../tensor/elementwise.js';
import { Tensor } from '../../tensor/tensor.js';
import { asTensor, checkFinite, record } from '../record.js';
import type { Operand } from '../record.js';

function needsTensor(op: string, a: Operand, b: Operand): void {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw new Error(`${op}: at least one operand must be a Tensor, got two numbers`);
}

/** a + b, broadcast. ∂/∂a = 1, ∂/∂b = 1. */
export function add(a: Operand, b: Operand): Tensor {
  needsTensor('add', a, b);
  if (typeof b === 'number' || typeof a === 'number') {
    const [t, s] = typeof b === 'number' ? [a as Tensor, b] : [b as Tensor, a as number];
    checkFinite(s, 'add', 'the scalar operand');
    return record(unary('addScalar', t, s), 'add', [t], (g) => [g]);
  }
  return record(binary('add', a, b), 'add', [a, b], (g) => [g, g]);
}

/** a − b, broadcast. ∂/∂a = 1, ∂/∂b = −1. */
export function sub(a: Operand, b: Operand): Tensor {
  needsTensor('sub', a, b);
  if (typeof b === 'number') {
    checkFinite(b, 'sub', 'the scalar operand');
    return record(unary('addScalar', a as Tensor, -b), 'sub', [a as Tensor], (g) => [g]);
  }
  if (typeof a === 'number') {
    checkFinite(a, 'sub', 'the scalar operand');
    return record(unary('rsubScalar', b, a), 'sub', [b], (g) => [neg(g)]);
  }
  return record(binary('sub', a, b), 'sub', [a, b], (g) => [g, b.requiresGrad ? neg(g) : null]);
}

/** a · b elementwise, broadcast. ∂/∂a = b, ∂/∂b = a. */
export function mul(a: Operand, b: Operand): Tensor {
  needsTensor('mul', a, b);
  if (typeof b === 'number' || typeof a === 'number') {
    const [t, s] = typeof b === 'number' ? [a as Tensor, b] : [b as Tensor, a as number];
    checkFinite(s, 'mul', 'the scalar operand');
    return record(unary('mulScalar', t, s), 'mul', [t], (g) => [mul(g, s)]);
  }
  return record(binary('mul', a, b), 'mul', [a, b], (g) => [
    a.requiresGrad ? mul(g, b) : null,
    b.requiresGrad ? mul(g, a) : null,
  ]);
}

/** a / b elementwise, broadcast. ∂/∂a = 1/b, ∂/∂b = −a/b². */
export function div(a: Operand, b: Operand): Tensor {
  needsTensor('div', a, b);
  if (typeof b === 'number') {
    checkFinite(b, 'div', 'the scalar divisor');
    return mul(a, 1 / b);
  }
  const ta = asTensor(a, b);
  const out = binary('div', ta, b);
  return record(out, 'div', [ta, b], (g) => [
    ta.requiresGrad ? div(g, b) : null,
    b.requiresGrad ? neg(div(mul(g, ta), mul(b, b))) : null,
  ]);
}

/** −x. */
export function neg(x: Tensor): Tensor {
  return record(unary('neg', x), 'neg', [x], (g) => [neg(g)]);
}

/** x² (a cheaper pow(x, 2)). ∂/∂x = 2x. */
export function square(x: Tensor): Tensor {
  return record(unary('square', x), 'square', [x], (g) => [mul(g, mul(x, 2))]);
}

/**
 * a^b elementwise. ∂/∂a = b·a^(b−1), ∂/∂b = a^b·log a.
 * With a number exponent only a gets a gradient; with a number base only b does.
 */
export function pow(a: Operand, b: Operand): Tensor {
  needsTensor('pow', a, b);
  if (typeof b === 'number') {
    checkFinite(b, 'pow', 'the exponent');
    const x = a as Tensor;
    if (b === 2) return square(x);
    return record(unary('powScalar', x, b), 'pow', [x], (g) => [mul(g, mul(pow(x, b - 1), b))]);
  }
  const ta = asTensor(a, b);
  const out = binary('pow', ta, b);
  return record(out, 'pow', [ta, b], (g) => [
    ta.requiresGrad ? mul(g, mul(b, pow(ta, sub(b, 1)))) : null,
    b.requiresGrad ? mul(g, mul(pow(ta, b), log(ta))) : null,
  ]);
}

/** Natural logarithm. ∂/∂x = 1/x. (Here rather than in math.ts because pow's rule needs it.) */
export function log(x: Tensor): Tensor {
  return record(unary('log', x), 'log', [x], (g) => [div(g, x)]);
}
