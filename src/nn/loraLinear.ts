import { add, matmul, mul } from '../autograd/index.js';
import { Random } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { checkFeatures } from './checks.js';
import { FrozenLinear, type PretrainedLinear } from './frozenLinear.js';
import { uniform_ } from './init.js';
import { Module } from './module.js';

export interface LoraOptions {
  /** Rank r of ΔW = B·A, 1..min(in, out). */
  rank: number;
  /** Seed of A's initialization. */
  seed: Seed;
  /** LoRA's α: ΔW is scaled by α/r (default α = r, scale 1). */
  alpha?: number;
}

/**
 * Checks LoRA options for a layer `label` whose rank bound is `bound` (`why` says where it comes from);
 * returns the rank r, the scale α/r and A's generator.
 */
export function loraSettings(label: string, options: LoraOptions, bound: number, why: string): { rank: number; scale: number; rng: Random } {
  const r = options?.rank;
  if (!Number.isInteger(r) || r < 1 || r > bound) throw new Error(`${label}: rank must be an integer in 1..${bound} (${why}), got ${r}`);
  const kind = label.slice(0, label.indexOf('('));
  if (options.seed === undefined) throw new Error(`${kind}: options.seed is required (a number or a Random)`);
  const alpha = options.alpha ?? r;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new Error(`${kind}: alpha must be a positive number, got ${alpha}`);
  return { rank: r, scale: alpha / r, rng: typeof options.seed === 'number' ? new Random(options.seed) : options.seed };
}

/**
 * LoRA (Hu et al. 2021) on a pretrained layer: y = base(x) + (α/r)·(x·Aᵀ)·Bᵀ, with the source layer
 * frozen (child `base`, a FrozenLinear) and only ΔW = B·A trainable.
 * x: [..., in] → [..., out]; lora_a: A [r, in] from U(−1/√in, 1/√in), lora_b: B [out, r] = 0, so at
 * step 0 the layer computes exactly what the source does. Trainable: r·(in + out) scalars.
 * Keys: `base.weight` (or `base.u`, `base.v`), `base.bias` (buffers), `lora_a`, `lora_b`.
 */
export class LoraLinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly rank: number;
  readonly scale: number;
  readonly base: FrozenLinear;
  readonly loraA: Tensor;
  readonly loraB: Tensor;

  constructor(source: PretrainedLinear, options: LoraOptions) {
    super();
    const base = new FrozenLinear(source);
    const label = `LoraLinear(${base.inFeatures}→${base.outFeatures})`;
    const { rank, scale, rng } = loraSettings(label, options, Math.min(base.inFeatures, base.outFeatures), 'min(in, out)');
    this.inFeatures = base.inFeatures;
    this.outFeatures = base.outFeatures;
    this.rank = rank;
    this.scale = scale;
    this.base = this.registerModule('base', base);
    const dtype = source.bias?.dtype ?? base.denseWeight().dtype;
    const bound1 = 1 / Math.sqrt(this.inFeatures);
    this.loraA = this.registerParameter('lora_a', uniform_(Tensor.empty([rank, this.inFeatures], dtype), rng, -bound1, bound1));
    this.loraB = this.registerParameter('lora_b', Tensor.empty([this.outFeatures, rank], dtype));
  }

  get label(): string {
    return `LoraLinear(${this.inFeatures}→${this.outFeatures}, rank ${this.rank})`;
  }

  /** x: [..., in] → [..., out]. */
  forward(x: Tensor): Tensor {
    checkFeatures(this.label, x, this.inFeatures);
    const delta = matmul(matmul(x, this.loraA, { transB: true }), this.loraB, { transB: true });
    return add(this.base.forward(x), this.scale === 1 ? delta : mul(delta, this.scale));
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, rank=${this.rank}, scale=${this.scale}`;
  }
}
