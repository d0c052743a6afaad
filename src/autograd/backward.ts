import { binary } from '../tensor/elementwise.js';
import { Tensor, formatShape } from '../tensor/tensor.js';
import { withGradMode } from './gradMode.js';
import { add } from './ops/arithmetic.js';
import { sumToShape } from './ops/shape.js';

export interface BackwardOptions {
  /** Record the backward pass itself, so that the gradients can be differentiated again (R1 penalties). */
  createGraph?: boolean;
}

/**
 * Every tensor that `roots` depend on through recorded ops, ordered so that each tensor comes
 * after all tensors computed from it (reverse topological order), found by an iterative depth-first
 * search: a chain of 100,000 ops needs no call stack.
 */
function reverseTopologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: { t: Tensor; next: number }[] = [];
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    stack.push({ t: root, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const inputs = top.t.gradFn ? top.t.gradFn.inputs : [];
      if (top.next < inputs.length) {
        const child = inputs[top.next++]!;
        if (child.requiresGrad && !visited.has(child)) {
          visited.add(child);
          stack.push({ t: child, next: 0 });
        }
      } else {
        order.push(top.t);
        stack.pop();
      }
    }
  }
  return order.reverse();
}

/**
 * Propagates output gradients back through the graph. For every tensor reached, `sink` receives its
 * total gradient once all contributions are in; it returns whether to keep propagating past it.
 */
function propagate(outputs: readonly Tensor[], gradOutputs: readonly Tensor[], createGraph: boolean, visit: (t: Tensor, g: Tensor) => void): void {
  const grads = new Map<Tensor, Tensor>();
  // Sums made here are fresh buffers we own, so later contributions may be added in place.
  const owned = new Set<Tensor>();
  const accumulate = (t: Tensor, g: Tensor): void => {
    const prev = grads.get(t);
    if (prev === undefined) grads.set(t, g);
    else if (!createGraph && owned.has(prev) && prev.dtype === g.dtype && prev.size === g.size) {
      const p = prev.data, q = g.data;
      for (let i = 0; i < p.length; i++) p[i] += q[i]!;
    } else {
      const sum = createGraph ? add(prev, g) : binary('add', prev, g);
      owned.add(sum);
      grads.set(t, sum);
    }
  };
  outputs.forEach((o, i) => accumulate(o, gradOutputs[i]!));
  withGradMode(createGraph, () => {
    for (const t of reverseTopologicalOrder(outputs)) {
      const g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t); // free what is no longer needed as we go
      visit(t, g);
      const fn = t.gradFn;
      if (fn === null) continue;
      const inputGrads = fn.backward(g);
      for (let i = 0; i < fn.inputs.length; i++) {
        const input = fn.inputs[i]!;
        const gi = inputGrads[i];
        if (!input.requiresGrad || gi === null || gi === undefined) continue;
        accumulate(input, sumToShape(gi, input.shape));
      }
    }
  });
}

function seedGradients(outputs: readonly Tensor[], gradOutputs: readonly (Tensor | null)[] | undefined, op: string): Tensor[] {
  return outputs.map((o, i) => {
    if (!o.requiresGrad) throw new Error(`${op}: output ${i} does not require grad (no input it depends on has requiresGrad set)`);
    const g = gradOutputs?.[i] ?? null;
    if (g === null) {
      if (o.size !== 1) {
        throw new Error(`${op}: a gradient can be created implicitly only for a one-element output, got shape ${formatShape(o.shape)}; pass the output gradient`);
      }
      const one = Tensor.empty(o.shape, o.dtype);
      one.data[0] = 1;
      return one;
    }
    if (g.shape.length !== o.shape.length || g.shape.some((s, k) => s !== o.shape[k])) {
      throw new Error(`${op}: output gradient has shape ${formatShape(g.shape)} but the output has shape ${formatShape(o.shape)}`);
    }
    return g;
  });
}

/**
 * Computes ∂output/∂leaf for every leaf with requiresGrad and adds it into leaf.grad (PyTorch's
 * accumulation: call zeroGrad between steps). A non-scalar output needs `gradient`, ∂L/∂output.
 */
export function backward(output: Tensor, gradient?: Tensor, options: BackwardOptions = {}): void {
  const createGraph = options.createGraph ?? false;
  const seeds = seedGradients([output], gradient ? [gradient] : undefined, 'backward');
  propagate([output], seeds, createGraph, (t, g) => {
    if (t.gradFn !== null) return;
    const contribution = createGraph ? g : g.detach();
    t.grad = t.grad === null ? contribution : createGraph ? add(t.grad, contribution) : binary('add', t.grad, contribution);
  });
}

export interface GradOptions extends BackwardOptions {
  /** ∂L/∂output per output; may be omitted for one-element outputs. */
  gradOutputs?: readonly (Tensor | null)[];
  /** Return null for an input the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/**
 * The functional form, torch.autograd.grad: returns Σ ∂outputs/∂inputs without touching any .grad.
 * With createGraph the results are themselves in the graph and can be differentiated again.
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = outputs instanceof Tensor ? [outputs] : outputs;
  const ins = inputs instanceof Tensor ? [inputs] : inputs;
  ins.forEach((t, i) => {
    if (!t.requiresGrad) throw new Error(`grad: input ${i} does not require grad`);
  });
  const seeds = seedGradients(outs, options.gradOutputs, 'grad');
  const wanted = new Map<Tensor, number>();
  ins.forEach((t, i) => wanted.set(t, i));
  const result: (Tensor | null)[] = ins.map(() => null);
  propagate(outs, seeds, options.createGraph ?? false, (t, g) => {
    const i = wanted.get(t);
    if (i !== undefined) result[i] = options.createGraph ? g : g.detach();
  });
  if (!options.allowUnused) {
    result.forEach((r, i) => {
      if (r === null) throw new Error(`grad: input ${i} is not used by the outputs (pass allowUnused: true to get null)`);
    });
  }
  return result;
}
