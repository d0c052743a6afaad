import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { grad, sum, takeRows } from '../../src/autograd/index.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { augment } from '../../src/gan/augment.js';
import { buildDiscriminator, buildGenerator } from '../../src/gan/model.js';
import type { GanTrainer } from '../../src/gan/trainer.js';

/**
 * A trainer's state just before one step: copies of both networks and of its random streams, from
 * which the step's batches and losses are rebuilt without the trainer's code.
 */
export interface StepSnapshot {
  generator: Sequential;
  discriminator: Sequential;
  data: Random;
  latent: Random;
  augment: Random;
}

/** What one step (dSteps = 1) should report, recomputed in float64 from the networks' logits. */
export interface ReplayedStep {
  /** [batch] D's logits on the (augmented) real and fake batches of the discriminator update. */
  realLogits: number[];
  fakeLogits: number[];
  /** BCE(D(x), 1) + BCE(D(G(z)), 0), means over the batch. */
  bce: number;
  /** E‖∇ₓ D(x)‖² over the (augmented) real batch, unweighted. */
  gradNormSq: number;
  /** [batch] the updated D's logits on the generator update's (augmented) fakes. */
  generatorLogits: number[];
  /** [batch] the same on those fakes without augmentation. */
  generatorLogitsPlain: number[];
}

const copyOf = (net: Sequential, fresh: Sequential): Sequential => {
  fresh.loadStateDict(net.stateDict());
  return fresh;
};

const copyStream = (r: Random): Random => {
  const c = new Random(1);
  c.setState(r.getState());
  return c;
};

/** Copies of trainer's networks and streams; take it right before trainer.step(). */
export function snapshotStep(trainer: GanTrainer): StepSnapshot {
  const c = trainer.config;
  return {
    generator: copyOf(trainer.generator, buildGenerator(c.latentDim, trainer.dim, c.generator, 0)),
    discriminator: copyOf(trainer.discriminator, buildDiscriminator(trainer.dim, c.discriminator, 0)),
    data: copyStream(trainer.streams.data),
    latent: copyStream(trainer.streams.latent),
    augment: copyStream(trainer.streams.augment),
  };
}

/** softplus(x) = log(1 + eˣ), without overflow. */
export const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

export const meanOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * Rebuilds the step taken after snapshot s: the D update draws latents for its fakes, a real batch
 * (batchSize uniform rows), augments reals then fakes; the G update draws fresh latents and augments
 * its fakes. `trainer` is read after its step, for the updated D that the G update sees. Needs a fixed
 * augmentation probability (no ADA) and dSteps = 1.
 */
export function replayStep(s: StepSnapshot, trainer: GanTrainer): ReplayedStep {
  const c = trainer.config;
  const batch = c.batchSize;
  const latent = (): Tensor => {
    const z = Tensor.empty([batch, c.latentDim], trainer.data.dtype);
    for (let i = 0; i < z.size; i++) z.data[i] = s.latent.normal();
    return z;
  };
  const p = c.augmentP;
  const fakeD = s.generator.forward(latent()).detach();
  const rows = new Int32Array(batch);
  for (let i = 0; i < batch; i++) rows[i] = s.data.int(trainer.data.shape[0]!);
  const realIn = augment(takeRows(trainer.data, rows), p, c.augment, s.augment).detach();
  realIn.requiresGrad = true;
  const fakeIn = augment(fakeD, p, c.augment, s.augment);
  const realOut = s.discriminator.forward(realIn);
  const [g] = grad(sum(realOut), realIn);
  const realLogits = Array.from(realOut.data);
  const fakeLogits = Array.from(s.discriminator.forward(fakeIn).data);
  let gradNormSq = 0;
  for (let i = 0; i < g!.size; i++) gradNormSq += g!.data[i]! ** 2;
  gradNormSq /= batch;
  const bce = meanOf(realLogits.map((x) => softplus(-x))) + meanOf(fakeLogits.map((x) => softplus(x)));
  const fakeG = s.generator.forward(latent()).detach();
  const generatorLogits = Array.from(trainer.discriminator.forward(augment(fakeG, p, c.augment, s.augment)).data);
  const generatorLogitsPlain = Array.from(trainer.discriminator.forward(fakeG).data);
  return { realLogits, fakeLogits, bce, gradNormSq, generatorLogits, generatorLogitsPlain };
}

/** |a − b| ≤ tol·max(1, |b|), with both values in the message. */
export function close(a: number, b: number, tol: number, what: string): void {
  if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)))) throw new Error(`${what}: got ${a}, expected ${b} (tolerance ${tol})`);
}
