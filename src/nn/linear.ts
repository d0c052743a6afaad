import { linear } from '../autograd/index.js';
import { Random } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/tensor.js';
import { checkFeatures, checkSize } from './checks.js';
import { linearInit_ } from './init.js';
import { Module } from './module.js';
import { SpectralNorm } from './spectralNorm.js';

export interface LinearOptions {
  /** Seed of the initialization (a Random is drawn from: weight, then bias, then spectral-norm vectors). */
  seed: Seed;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Default 'float32'. */
  dtype?: DType;
  /** Divide the weight by its largest singular value, estimated by power iteration (default false). */
  spectralNorm?: boolean;
}

/**
 * y = x·Wᵀ + b, as torch.nn.Linear. x: [..., in] → y: [..., out]; weight W: [out, in], bias b: [out].
 * Initialized as PyTorch: W and b from U(−1/√in, 1/√in) (see linearInit_).
 *
 * With spectralNorm the layer uses W/σ(W) (see SpectralNorm) and its keys are PyTorch's after
 * torch.nn.utils.spectral_norm: `bias`, `weight_orig` (the trainable W), buffers `weight_u` [out] and
 * `weight_v` [in], so state dicts of spectral-normed PyTorch Linears load as they are.
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** The trainable matrix W [out, in] (key `weight`, or `weight_orig` with spectral norm). */
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly spectralNorm: SpectralNorm | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions) {
    super();
    checkSize('Linear', 'inFeatures', inFeatures);
    checkSize('Linear', 'outFeatures', outFeatures);
    if (options?.seed === undefined) throw new Error('Linear: options.seed is required (a number or a Random)');
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const dtype = options.dtype ?? 'float32';
    const rng = typeof options.seed === 'number' ? new Random(options.seed) : options.seed;
    const weight = Tensor.empty([outFeatures, inFeatures], dtype);
    const bias = (options.bias ?? true) ? Tensor.empty([outFeatures], dtype) : null;
    linearInit_(weight, bias, rng);
    const registered = this.registerWeightAndBias(weight, bias, options.spectralNorm ? { rows: outFeatures, cols: inFeatures, rng } : null);
    this.weight = registered.weight;
    this.bias = registered.bias;
    this.spectralNorm = registered.spectralNorm;
  }

  get label(): string {
    return `Linear(${this.inFeatures}→${this.outFeatures})`;
  }

  /** The matrix the layer applies, [out, in]: W, or W/σ with the stored power-iteration vectors (no step). Differentiable. */
  effectiveWeight(): Tensor {
    return this.spectralNorm ? this.spectralNorm.normalize(this.weight, false) : this.weight;
  }

  /** x: [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    checkFeatures(this.label, x, this.inFeatures);
    const w = this.spectralNorm ? this.spectralNorm.normalize(this.weight, this.training) : this.weight;
    return linear(x, w, this.bias);
  }

  override extraRepr(): string {
    const sn = this.spectralNorm ? ', spectral_norm=true' : '';
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null}${sn}`;
  }
}
