import { mul } from '../autograd/index.js';
import { Random } from '../tensor/random.js';
import type { RandomState } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export interface DropoutOptions {
  /** Seed of the mask stream. A Random is forked, so the layer owns an independent stream. */
  seed: Seed;
}

/**
 * Inverted dropout, as torch.nn.Dropout: in training mode each element is zeroed with probability p
 * and the survivors are scaled by 1/(1 − p), so E[y] = x; in eval mode, or when p = 0, y = x.
 * Unlike PyTorch, p = 1 is rejected (the scale would be infinite; PyTorch returns zeros).
 * x: any shape → the same shape.
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Random;

  constructor(p: number, options: DropoutOptions) {
    super();
    if (!(typeof p === 'number' && p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
    if (options?.seed === undefined) throw new Error('Dropout: options.seed is required (a number or a Random)');
    this.p = p;
    this.rng = typeof options.seed === 'number' ? new Random(options.seed) : options.seed.fork();
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    // One 24-bit uniform per element; kept where u ≥ p.
    const mask = Tensor.empty(x.shape, x.dtype);
    const m = mask.data;
    const p = this.p;
    const scale = 1 / (1 - p);
    const rng = this.rng;
    for (let i = 0; i < m.length; i++) m[i] = rng.uniform24() >= p ? scale : 0;
    return mul(x, mask);
  }

  /** State of the mask stream, for checkpoints: restoring it replays the same masks. */
  getState(): RandomState {
    return this.rng.getState();
  }

  setState(state: RandomState): void {
    this.rng.setState(state);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
