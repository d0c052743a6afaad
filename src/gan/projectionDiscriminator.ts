/**
 * Projection discriminator (Miyato & Koyama 2018): D(x, y) = ψ(φ(x)) + ⟨e_y, φ(x)⟩, with φ every layer
 * of an unconditional D but its last, ψ that last Linear to one logit and e_y a learned embedding of the
 * class in φ's feature space. It reads the same joined input [x | onehot(y)] as the concatenating D,
 * so the trainer treats both alike; unlike concatenation it also works when x is an image that a
 * convolution must see whole.
 */
import { add, mul, narrow, sum } from '../autograd/index.js';
import { Embedding } from '../nn/embedding.js';
import { Sequential } from '../nn/sequential.js';
import type { Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

export class ProjectionDiscriminator extends Sequential {
  /** e: [classes, features]. */
  readonly embed: Embedding;

  /**
   * inner: an unconditional D whose last layer maps `features` values to one logit; its layers keep their
   * keys (`0.weight`, …) and the embedding adds `embed.weight`.
   */
  constructor(inner: Sequential, readonly dataDim: number, readonly classes: number, readonly features: number, rng: Random) {
    super(...inner.layers);
    if (this.length < 2) throw new Error('ProjectionDiscriminator: the inner discriminator needs a feature layer and an output layer');
    this.embed = this.registerModule('embed', new Embedding(classes, features, { seed: rng }));
  }

  /** input [batch, dataDim + classes] = [x | onehot(y)] → logits [batch, 1]. */
  override forward(input: Tensor): Tensor {
    const want = this.dataDim + this.classes;
    if (input.ndim !== 2 || input.shape[1] !== want) {
      throw new Error(`ProjectionDiscriminator: expected [batch, ${want}] rows of [x | onehot(y)], got [${input.shape.join(', ')}]`);
    }
    let h = narrow(input, 1, 0, this.dataDim);
    const last = this.layers.length - 1;
    for (let i = 0; i < last; i++) h = this.layers[i]!.forward(h);
    const e = this.embed.forward(narrow(input, 1, this.dataDim, this.classes));
    return add(this.layers[last]!.forward(h), sum(mul(h, e), 1, true));
  }
}
