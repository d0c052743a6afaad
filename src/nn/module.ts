import type { Random } from '../tensor/random.js';
import { Tensor, formatShape } from '../tensor/tensor.js';
import { SpectralNorm } from './spectralNorm.js';

/**
 * A value loadStateDict accepts: a Tensor, or anything with a shape and numbers (for example a
 * decoded safetensors entry). Values are converted to the destination tensor's dtype.
 */
export interface StateValue {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

export interface LoadStateDictOptions {
  /** When true (the default, as PyTorch), missing and unexpected keys are errors. */
  strict?: boolean;
}

/** Keys that were not matched, as PyTorch's load_state_dict returns them (always empty when strict). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

function checkName(owner: string, kind: string, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new Error(`${owner}.register${kind}: name must be a non-empty string without ".", got ${JSON.stringify(name)}`);
  }
}

/**
 * Base class of layers, as torch.nn.Module. A module owns parameters (trainable leaves), buffers
 * (non-trainable state saved with the model, e.g. spectral-norm vectors) and child modules, each
 * under a name. Keys of nested entries join the names with "." (`layers.0.weight`), as in PyTorch.
 *
 * Subclasses keep typed fields for their tensors and register the same objects, e.g.
 * `this.weight = this.registerParameter('weight', w)`. Loading a state dict copies values into
 * those tensors in place, so the fields stay valid.
 */
export abstract class Module {
  /** Training mode (true) or evaluation mode; changes the behavior of Dropout and spectral norm. */
  training = true;
  private readonly params = new Map<string, Tensor>();
  private readonly buffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /** y = module(x). Shapes are documented by each layer. */
  abstract forward(x: Tensor): Tensor;

  /** The class name used in messages and toString(). */
  get typeName(): string {
    return this.constructor.name;
  }

  /** One line of hyper-parameters shown by toString(), as PyTorch's extra_repr. */
  extraRepr(): string {
    return '';
  }

  private claim(kind: string, name: string): void {
    checkName(this.typeName, kind, name);
    if (this.params.has(name) || this.buffers.has(name) || this.children.has(name)) {
      throw new Error(`${this.typeName}.register${kind}: the name "${name}" is already registered`);
    }
  }

  /** Registers a trainable tensor (marks it requiresGrad). It must be a leaf. Returns it. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.claim('Parameter', name);
    t.requireGrad(true);
    this.params.set(name, t);
    return t;
  }

  /** Registers non-trainable state that is saved in stateDict (e.g. power-iteration vectors). Returns it. */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.claim('Buffer', name);
    this.buffers.set(name, t);
    return t;
  }

  /**
   * Registers a layer's weight and bias under PyTorch's names: `weight`, `bias`; or, with spectral norm of
   * the weight seen as a [rows, cols] matrix, `bias`, `weight_orig`, `weight_u`, `weight_v` (torch's
   * spectral_norm re-registers the weight after the bias). The power-iteration vectors are drawn from rng.
   */
  protected registerWeightAndBias(weight: Tensor, bias: Tensor | null,
    spectral: { rows: number; cols: number; rng: Random } | null): { weight: Tensor; bias: Tensor | null; spectralNorm: SpectralNorm | null } {
    if (spectral === null) {
      const w = this.registerParameter('weight', weight);
      return { weight: w, bias: bias && this.registerParameter('bias', bias), spectralNorm: null };
    }
    const b = bias && this.registerParameter('bias', bias);
    const w = this.registerParameter('weight_orig', weight);
    const sn = SpectralNorm.init(spectral.rows, spectral.cols, spectral.rng, weight.dtype);
    this.registerBuffer('weight_u', sn.u);
    this.registerBuffer('weight_v', sn.v);
    return { weight: w, bias: b, spectralNorm: sn };
  }

  /**
   * Registers a low-rank layer's factors u [rows, rank], v [rank, …] (cols = v's size / rank) and bias under PyTorch's names:
   * `u`, `v`, `bias` (+ `weight_u`, `weight_v` for spectral norm of the product u·v); or, with spectral norm
   * of each factor, `bias`, `u_orig`, `v_orig`, `u_u`, `u_v`, `v_u`, `v_v` (the order torch's spectral_norm
   * on 'u' then on 'v' leaves behind).
   */
  protected registerLowRankFactors(u: Tensor, v: Tensor, bias: Tensor | null, mode: 'none' | 'factors' | 'product', rng: Random): {
    u: Tensor; v: Tensor; bias: Tensor | null; snU: SpectralNorm | null; snV: SpectralNorm | null; snW: SpectralNorm | null;
  } {
    const [rows, rank] = u.shape as [number, number];
    const cols = v.size / rank;
    if (mode === 'factors') {
      const b = bias && this.registerParameter('bias', bias);
      const ru = this.registerParameter('u_orig', u);
      const rv = this.registerParameter('v_orig', v);
      const snU = SpectralNorm.init(rows, rank, rng, u.dtype);
      const snV = SpectralNorm.init(rank, cols, rng, u.dtype);
      this.registerBuffer('u_u', snU.u);
      this.registerBuffer('u_v', snU.v);
      this.registerBuffer('v_u', snV.u);
      this.registerBuffer('v_v', snV.v);
      return { u: ru, v: rv, bias: b, snU, snV, snW: null };
    }
    const ru = this.registerParameter('u', u);
    const rv = this.registerParameter('v', v);
    const b = bias && this.registerParameter('bias', bias);
    let snW: SpectralNorm | null = null;
    if (mode === 'product') {
      snW = SpectralNorm.init(rows, cols, rng, u.dtype);
      this.registerBuffer('weight_u', snW.u);
      this.registerBuffer('weight_v', snW.v);
    }
    return { u: ru, v: rv, bias: b, snU: null, snV: null, snW };
  }

  /** Registers a child module; its entries appear under `name.`. Returns it. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.claim('Module', name);
    if (!(m instanceof Module)) throw new Error(`${this.typeName}.registerModule: "${name}" is not a Module`);
    this.children.set(name, m);
    return m;
  }

  /** Direct children with their names, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.children];
  }

  /**
   * This module (key "" or `prefix`) and every descendant, depth first in registration order,
   * each once even if shared.
   */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (m: Module, key: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([key, m]);
      for (const [name, child] of m.children) visit(child, key === '' ? name : `${key}.${name}`);
    };
    visit(this, prefix);
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  private collect(which: 'params' | 'buffers', prefix: string, dedupe: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    // PyTorch's order: a module's own entries, then its children's, recursively.
    const visit = (m: Module, key: string): void => {
      for (const [name, t] of m[which]) {
        if (dedupe && seen.has(t)) continue;
        seen.add(t);
        out.push([key === '' ? name : `${key}.${name}`, t]);
      }
      for (const [name, child] of m.children) visit(child, key === '' ? name : `${key}.${name}`);
    };
    visit(this, prefix);
    return out;
  }

  /** Trainable tensors with their keys (`0.weight`, `layers.2.u`); shared ones listed once. */
  namedParameters(prefix = ''): [string, Tensor][] {
    return this.collect('params', prefix, true);
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Buffers with their keys (`weight_u`); shared ones listed once. */
  namedBuffers(prefix = ''): [string, Tensor][] {
    return this.collect('buffers', prefix, true);
  }

  /** Sets training mode on this module and all descendants. Returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /**
   * Parameters and buffers by key. Per module, parameters then buffers in registration order, then
   * the children's entries: torch's state_dict order. Values are detached views sharing storage with
   * the module (as PyTorch): clone them to keep a snapshot while training goes on.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    const visit = (m: Module, key: string): void => {
      const at = (name: string): string => (key === '' ? name : `${key}.${name}`);
      for (const [name, t] of m.params) out[at(name)] = t.detach();
      for (const [name, t] of m.buffers) out[at(name)] = t.detach();
      for (const [name, child] of m.children) visit(child, at(name));
    };
    visit(this, '');
    return out;
  }

  /**
   * Copies values from `state` into this module's parameters and buffers, converting dtypes.
   * Shape mismatches are always errors (as PyTorch); missing and unexpected keys are errors when
   * strict. All problems are reported together and nothing is copied if there is any error.
   */
  loadStateDict(state: Readonly<Record<string, StateValue>>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !Object.prototype.hasOwnProperty.call(state, k));
    const unexpectedKeys = Object.keys(state).filter((k) => !Object.prototype.hasOwnProperty.call(own, k));
    const errors: string[] = [];
    if (strict) {
      for (const k of missingKeys) errors.push(`missing key "${k}" (expected shape ${formatShape(own[k]!.shape)})`);
      for (const k of unexpectedKeys) errors.push(`unexpected key "${k}" (shape ${formatShape(state[k]!.shape)})`);
    }
    const copies: [Tensor, StateValue][] = [];
    for (const [k, dst] of Object.entries(own)) {
      const src = state[k];
      if (src === undefined) continue;
      const same = src.shape.length === dst.shape.length && src.shape.every((d, i) => d === dst.shape[i]);
      if (!same) {
        errors.push(`key "${k}": checkpoint has shape ${formatShape(src.shape)}, the module has ${formatShape(dst.shape)}`);
      } else if (src.data.length !== dst.size) {
        errors.push(`key "${k}": checkpoint has ${src.data.length} values for shape ${formatShape(src.shape)}`);
      } else {
        copies.push([dst, src]);
      }
    }
    if (errors.length > 0) throw new Error(`loadStateDict(${this.typeName}): ${errors.join('; ')}`);
    for (const [dst, src] of copies) dst.data.set(src.data); // set() converts between element types
    return { missingKeys, unexpectedKeys };
  }

  /** Number of trainable scalars (shared parameters counted once). */
  numParameters(): number {
    let n = 0;
    for (const p of this.parameters()) n += p.size;
    return n;
  }

  /** Clears every parameter's gradient (PyTorch's zero_grad with set_to_none=True). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** PyTorch-style description, e.g. "Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=true)\n)". */
  toString(): string {
    const head = `${this.typeName}(${this.extraRepr()}`;
    if (this.children.size === 0) return `${head})`;
    const lines = [...this.children].map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`);
    return `${head}\n${lines.join('\n')}\n)`;
  }
}
