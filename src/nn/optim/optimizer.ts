import { Tensor, allocate, formatShape } from '../../tensor/tensor.js';
import type { DType, FloatArray } from '../../tensor/tensor.js';
import { noGrad } from '../../autograd/gradMode.js';

/** The parameters an optimizer updates: tensors, or [name, tensor] pairs as Module.namedParameters() gives. */
export type ParamList = readonly Tensor[] | readonly (readonly [string, Tensor])[];

/** Hyperparameters as plain JSON values (numbers, booleans, number pairs). */
export type Hyperparameters = Record<string, number | boolean | number[]>;

/** Per-parameter state: PyTorch keeps one step count per parameter, and named arrays in the parameter's dtype. */
export interface ParamState {
  /** Updates applied to this parameter so far (steps where its grad was null do not count). */
  step: number;
  /** State arrays (exp_avg, exp_avg_sq, max_exp_avg_sq, momentum_buffer), each of the parameter's size. */
  buffers: Record<string, FloatArray>;
}

/** One parameter's entry in a state dict. */
export interface ParamStateEntry extends ParamState {
  name: string | null;
  shape: number[];
  dtype: DType;
}

/** A plain, serializable snapshot of an optimizer (copies: later steps do not change it). */
export interface OptimizerStateDict {
  /** 'Adam', 'AdamW' or 'SGD'. */
  kind: string;
  hyperparameters: Hyperparameters;
  params: ParamStateEntry[];
}

/**
 * Base of the optimizers, as torch.optim.Optimizer with one parameter group. step() runs in noGrad and
 * updates each param.data in place with plain loops; parameters whose grad is null are skipped and their
 * step count does not advance. Subclasses validate their hyperparameters H and implement the update.
 */
export abstract class Optimizer<H extends Hyperparameters & { lr: number }> {
  /** 'Adam', 'AdamW', 'SGD': checked when loading a state dict. */
  readonly kind: string;
  readonly params: readonly Tensor[];
  /** Parameter names when constructed from [name, tensor] pairs, else null. */
  readonly names: readonly string[] | null;
  protected hyper: H;
  protected state: ParamState[];

  constructor(kind: string, params: ParamList, options: Record<string, unknown>) {
    this.kind = kind;
    if (!Array.isArray(params)) throw new Error(`${kind}: params must be an array of tensors or of [name, tensor] pairs`);
    if (params.length === 0) throw new Error(`${kind}: got an empty parameter list`);
    const named = !(params[0] instanceof Tensor);
    const tensors: Tensor[] = [];
    const seen = new Set<Tensor>();
    const names: string[] = [];
    params.forEach((entry: Tensor | readonly [string, Tensor], i: number) => {
      const t = named ? (Array.isArray(entry) ? entry[1] : undefined) : entry;
      if (!(t instanceof Tensor)) {
        throw new Error(`${kind}: params[${i}] must be ${named ? 'a [name, Tensor] pair' : 'a Tensor'} (do not mix the two forms)`);
      }
      if (named) names.push(String((entry as readonly [string, Tensor])[0]));
      if (!t.isLeaf) throw new Error(`${kind}: params[${i}] is not a leaf tensor (made by ${t.gradFn!.name}); only leaves can be optimized`);
      if (seen.has(t)) throw new Error(`${kind}: params[${i}] appears more than once in the parameter list`);
      seen.add(t);
      tensors.push(t);
    });
    this.params = tensors;
    this.names = named ? names : null;
    this.state = tensors.map(() => ({ step: 0, buffers: {} }));
    this.hyper = this.resolve(options);
  }

  /** Checks raw options (defaults filled in) and returns the resolved hyperparameters; errors name the option. */
  protected abstract resolve(options: Record<string, unknown>): H;

  /** The state arrays a parameter has after `step` updates under hyperparameters h. */
  protected abstract bufferNames(h: H, step: number): string[];

  /**
   * Updates one parameter in place from its gradient. `state.step` has already been incremented;
   * create buffers with this.buffer().
   */
  protected abstract update(param: FloatArray, grad: FloatArray, state: ParamState): void;

  /** The learning rate; may be changed between steps (for schedules). */
  get lr(): number {
    return this.hyper.lr;
  }

  set lr(value: number) {
    this.hyper = this.resolve({ ...this.hyper, lr: value });
  }

  /** A copy of the resolved hyperparameters. */
  hyperparameters(): H {
    return JSON.parse(JSON.stringify(this.hyper)) as H;
  }

  /** Clears every parameter's gradient (sets it to null, as PyTorch's set_to_none). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    noGrad(() => {
      this.params.forEach((p, i) => {
        const g = p.grad;
        if (g === null) return;
        if (g.dtype !== p.dtype || g.size !== p.size) {
          throw new Error(`${this.kind}.step: ${this.label(i)} is ${p.dtype} ${formatShape(p.shape)} but its grad is ${g.dtype} ${formatShape(g.shape)}`);
        }
        const st = this.state[i]!;
        st.step += 1;
        this.update(p.data, g.data, st);
      });
    });
  }

  /** The state array `name` of a parameter, created zero-filled in its dtype on first use. */
  protected buffer(state: ParamState, name: string, param: FloatArray): FloatArray {
    let b = state.buffers[name];
    if (b === undefined) {
      b = allocate(param instanceof Float64Array ? 'float64' : 'float32', param.length);
      state.buffers[name] = b;
    }
    return b;
  }

  /** "param 3" or "param 3 (\"0.weight\")" for messages. */
  protected label(i: number): string {
    return this.names ? `param ${i} ("${this.names[i]}")` : `param ${i}`;
  }

  /** A plain copy of the hyperparameters and each parameter's step count and state arrays. */
  stateDict(): OptimizerStateDict {
    return {
      kind: this.kind,
      hyperparameters: this.hyperparameters(),
      params: this.params.map((p, i) => {
        const st = this.state[i]!;
        const buffers: Record<string, FloatArray> = {};
        for (const [k, v] of Object.entries(st.buffers)) buffers[k] = v.slice();
        return { name: this.names ? this.names[i]! : null, shape: p.shape.slice(), dtype: p.dtype, step: st.step, buffers };
      }),
    };
  }

  /**
   * Restores hyperparameters and per-parameter state from stateDict() output (copied in). The kind,
   * the number of parameters, their names (when both sides have names), shapes, dtypes and the set of
   * state arrays must match; on any error nothing changes.
   */
  loadStateDict(dict: OptimizerStateDict): void {
    const fn = `${this.kind}.loadStateDict`;
    if (dict === null || typeof dict !== 'object' || !Array.isArray(dict.params)) throw new Error(`${fn}: expected an object with kind, hyperparameters and params`);
    if (dict.kind !== this.kind) throw new Error(`${fn}: the state is for a ${dict.kind} optimizer, not ${this.kind}`);
    if (dict.params.length !== this.params.length) {
      throw new Error(`${fn}: the state has ${dict.params.length} parameter(s) but this optimizer has ${this.params.length}`);
    }
    const hyper = this.resolve(dict.hyperparameters);
    const restored: ParamState[] = dict.params.map((entry, i) => {
      const p = this.params[i]!;
      const where = `${fn}: ${this.label(i)}`;
      if (this.names && entry.name !== null && entry.name !== this.names[i]) throw new Error(`${where} is named "${this.names[i]}" but the state's is "${entry.name}"`);
      if (formatShape(entry.shape) !== formatShape(p.shape)) throw new Error(`${where} has shape ${formatShape(p.shape)} but the state's is ${formatShape(entry.shape)}`);
      if (entry.dtype !== p.dtype) throw new Error(`${where} is ${p.dtype} but the state's is ${entry.dtype}`);
      if (!Number.isInteger(entry.step) || entry.step < 0) throw new Error(`${where}: step must be a non-negative integer, got ${entry.step}`);
      const want = p.dtype === 'float64' ? Float64Array : Float32Array;
      const buffers: Record<string, FloatArray> = {};
      for (const [k, v] of Object.entries(entry.buffers)) {
        if (!(v instanceof want)) throw new Error(`${where}: state array "${k}" must be a ${want.name} (the parameter's dtype)`);
        if (v.length !== p.size) throw new Error(`${where}: state array "${k}" has ${v.length} elements but the parameter has ${p.size}`);
        buffers[k] = v.slice();
      }
      const expected = this.bufferNames(hyper, entry.step).sort().join(', ');
      const got = Object.keys(buffers).sort().join(', ');
      if (expected !== got) throw new Error(`${where}: expected state arrays [${expected}] after ${entry.step} step(s), got [${got}]`);
      return { step: entry.step, buffers };
    });
    this.hyper = hyper;
    this.state = restored;
  }
}
