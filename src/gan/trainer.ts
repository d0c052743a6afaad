import { Random } from '../tensor/random.js';
import { Tensor, formatShape } from '../tensor/tensor.js';
import { onesLike, zerosLike } from '../tensor/create.js';
import { add, concat, grad, mean, mul, noGrad, square, sub, sum, takeRows } from '../autograd/index.js';
import type { Module } from '../nn/module.js';
import { inEvalMode, withFrozen } from '../nn/modes.js';
import type { Sequential } from '../nn/sequential.js';
import { Dropout } from '../nn/dropout.js';
import { Adam } from '../nn/optim/adam.js';
import { binaryCrossEntropyWithLogits } from '../nn/loss/binaryCrossEntropyWithLogits.js';
import { l1Penalty, l2Penalty, nuclearNormBound } from '../nn/regularization.js';
import { augment } from './augment.js';
import { AdaptiveAugment } from './adaptiveAugment.js';
import { checkConfig } from './config.js';
import { lrFactor } from './lrSchedule.js';
import { topKCount, topRows } from './topK.js';
import { MixtureLatent } from './mixtureLatent.js';
import type { GanConfig } from './config.js';
import { buildConfigDiscriminator, buildConfigGenerator } from './networks.js';
import { smoothestRows, truncationPool } from './jacobianTruncation.js';
import { type ConditionalSettings, drawLabels, proportionalLabels, withLabels } from './conditional.js';
import { DiscriminatorPrivacy, noiseGradients, poissonRows, realRowLosses } from './dpDiscriminator.js';
import { dpGradients } from '../privacy/dpGradients.js';

/** What one training step reports. Logits are batch means. */
export interface StepStats {
  step: number;
  lossD: number;
  lossG: number;
  realLogit: number;
  fakeLogit: number;
  r1: number;
  augmentP: number;
}

/** Thrown when a loss stops being finite; the weights are those of the last good step. */
export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly which: 'discriminator' | 'generator', value: number) {
    const kept = which === 'discriminator'
      ? `the weights of step ${step - 1} are kept`
      : `the generator's weights of step ${step - 1} are kept (the discriminator had already taken its step ${step} update)`;
    super(`training stopped at step ${step}: the ${which} loss is ${value}; ${kept} (try a lower learning rate, R1 or spectral normalization)`);
  }
}

/** Networks a GanTrainer trains instead of building them from its config. */
export interface TrainerNetworks {
  generator: Sequential;
  discriminator: Sequential;
  /** Same architecture as generator; its values are overwritten with generator's. */
  generatorEma?: Sequential;
}

/** The random streams of a run, one per purpose, so that changing one option does not shift the others. */
export interface TrainerStreams {
  data: Random;
  latent: Random;
  augment: Random;
}

/** A value's kind for error messages: 'a Tensor', 'an Array', 'a plain object', 'undefined', 'a number'. */
function kindOf(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (v instanceof Tensor) return 'a Tensor';
  if (Array.isArray(v)) return 'an Array';
  if (typeof v !== 'object') return `a ${typeof v}`;
  const name = (v as object).constructor?.name;
  return name === undefined || name === 'Object' ? 'a plain object' : `an instance of ${name}`;
}

/**
 * The adversarial training loop: k discriminator updates per generator update, the non-saturating
 * generator loss −log σ(D(G(z))) with BCE-with-logits, Adam for both networks, optional few-shot
 * techniques (differentiable augmentation, ADA, R1, LeCam, EMA of the generator, top-k generator updates).
 */
export class GanTrainer {
  readonly config: GanConfig;
  readonly data: Tensor;
  readonly dim: number;
  readonly generator: Sequential;
  readonly discriminator: Sequential;
  /** Exponential moving average of the generator's weights (null when ema.decay is 0). */
  readonly generatorEma: Sequential | null;
  readonly optG: Adam;
  readonly optD: Adam;
  readonly streams: TrainerStreams;
  readonly ada: AdaptiveAugment | null;
  /** LeCam's moving averages of the real and fake logits. */
  lecamEma = { real: 0, fake: 0 };
  /** The generator's mixture latents (DeLiGAN), whose σ penalties.latentStd holds near 1. */
  private readonly mixtures: MixtureLatent[];
  stepCount = 0;
  history: StepStats[] = [];
  /** [n] class of each training row; null for an unconditional run (see config.conditional). */
  readonly labels: Int32Array | null;
  /** The privacy accountant of D's updates when config.privacy is set (DP-SGD), else null. */
  readonly privacy: DiscriminatorPrivacy | null;

  /**
   * data: [n, dim] training examples, already scaled to the model's range; config: see defaultConfig.
   * networks: prebuilt G, D (and the EMA copy of G when config.ema.decay > 0) to train instead of building
   * them from the config, e.g. adapted networks (src/gan/adapt.ts); the optimizers take their parameters().
   * labels: [n] the class 0..K−1 of each row, required when config.conditional is set and unused otherwise.
   */
  constructor(data: Tensor, config: GanConfig, networks?: TrainerNetworks, labels?: Int32Array) {
    if (!(data instanceof Tensor)) {
      throw new Error(`GanTrainer: data must be a Tensor [n, dim] of training examples, got ${kindOf(data)} (call new GanTrainer(data, config))`);
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new Error(`GanTrainer: config must be a GanConfig (e.g. defaultConfig(dim)), got ${kindOf(config)}`);
    }
    checkConfig(config);
    if (data.ndim !== 2 || data.shape[0] === 0 || data.shape[1] === 0) {
      throw new Error(`GanTrainer: data must be [n, dim] with n, dim ≥ 1, got ${formatShape(data.shape)}`);
    }
    for (let i = 0; i < data.size; i++) {
      if (!Number.isFinite(data.data[i]!)) {
        const dim = data.shape[1]!;
        throw new Error(`GanTrainer: data row ${Math.floor(i / dim)}, column ${i % dim} is ${data.data[i]}; training on non-finite data is refused`);
      }
    }
    this.config = config;
    this.data = data;
    this.dim = data.shape[1]!;
    this.labels = config.conditional ? checkedLabels(labels, data.shape[0]!, config.conditional) : null;
    const n = data.shape[0]!;
    if (config.privacy && config.training.batchSize > n) {
      throw new Error(`GanTrainer: with privacy the batch is a Poisson sample at rate batch/n, so training.batchSize (${config.training.batchSize}) must not exceed the ${n} training rows`);
    }
    this.privacy = config.privacy ? new DiscriminatorPrivacy(config.privacy, config.training.batchSize / n) : null;
    const root = new Random(config.seed);
    const gRng = root.fork();
    const dRng = root.fork();
    this.generator = networks?.generator ?? buildConfigGenerator(config, this.dim, gRng);
    this.discriminator = networks?.discriminator ?? buildConfigDiscriminator(config, this.dim, dRng);
    this.generatorEma = null;
    if (networks !== undefined && config.ema.decay > 0) {
      if (!networks.generatorEma) throw new Error('GanTrainer: networks.generatorEma is required when config.ema.decay > 0 (a copy of networks.generator)');
      this.generatorEma = networks.generatorEma;
      this.generatorEma.loadStateDict(this.generator.stateDict());
      this.generatorEma.eval();
      for (const p of this.generatorEma.parameters()) p.requiresGrad = false;
    } else if (config.ema.decay > 0) {
      this.generatorEma = buildConfigGenerator(config, this.dim, new Random(0));
      this.generatorEma.loadStateDict(this.generator.stateDict());
      this.generatorEma.eval();
      for (const p of this.generatorEma.parameters()) p.requiresGrad = false;
    }
    this.mixtures = this.generator.modules().filter((m): m is MixtureLatent => m instanceof MixtureLatent);
    this.streams = { data: root.fork(), latent: root.fork(), augment: root.fork() };
    const { lrG, lrD, betas } = config.optimizer;
    this.optG = new Adam(this.generator.parameters(), { lr: lrG, betas: [betas[0], betas[1]] });
    this.optD = new Adam(this.discriminator.parameters(), { lr: lrD, betas: [betas[0], betas[1]] });
    const a = config.augmentation;
    this.ada = a.adaptive ? new AdaptiveAugment(a.adaptive, a.p) : null;
  }

  get augmentP(): number {
    return this.ada ? this.ada.p : this.config.augmentation.p;
  }

  /** Whether the privacy budget (config.privacy.targetEpsilon) leaves room for another step's D updates. */
  canStep(): boolean {
    return this.privacy === null || this.privacy.allows(this.config.training.dSteps);
  }

  /** One generator update after `dSteps` discriminator updates; throws when the privacy budget is spent (see canStep). */
  step(): StepStats {
    const c = this.config;
    if (!this.canStep()) {
      const p = this.privacy!;
      throw new Error(`GanTrainer: step ${this.stepCount + 1} would take ε past the target ${p.settings.targetEpsilon} (ε = ${p.epsilon().toFixed(3)} at δ = ${p.settings.delta} after ${p.updates} D updates)`);
    }
    if (c.optimizer.lrSchedule !== 'constant') {
      const f = lrFactor(c.optimizer, this.stepCount);
      this.optG.lr = c.optimizer.lrG * f;
      this.optD.lr = c.optimizer.lrD * f;
    }
    let d = { loss: 0, real: 0, fake: 0, r1: 0 };
    for (let k = 0; k < c.training.dSteps; k++) d = this.discriminatorStep();
    const lossG = this.generatorStep();
    this.stepCount++;
    this.updateEma();
    const stats: StepStats = {
      step: this.stepCount, lossD: d.loss, lossG, realLogit: d.real, fakeLogit: d.fake, r1: d.r1, augmentP: this.augmentP,
    };
    this.history.push(stats);
    return stats;
  }

  /**
   * D's update: BCE(D(aug(x)), 1) + BCE(D(aug(G(z))), 0) + R1 + LeCam + D's weight penalties,
   * with G(z) drawn without a graph. step() runs dSteps of these, then generatorStep; a UI may step D alone.
   */
  discriminatorStep(): { loss: number; real: number; fake: number; r1: number } {
    if (this.privacy !== null) return this.privateDiscriminatorStep(this.privacy);
    const c = this.config;
    const D = this.discriminator;
    const z = this.latent(c.training.batchSize);
    const fakeY = this.fakeLabels(c.training.batchSize);
    const fake = noGrad(() => this.generator.forward(this.joined(z, fakeY)));
    const batch = this.realBatch();
    let real = this.augmented(batch.x);
    // R1 differentiates D with respect to its input: the augmented batch becomes a leaf.
    if (c.penalties.r1Gamma > 0) real = inputLeaf(real);
    const fakeIn = this.augmented(fake);
    const realLogits = D.forward(this.joined(real, batch.labels));
    const fakeLogits = D.forward(this.joined(fakeIn, fakeY));
    let loss = add(binaryCrossEntropyWithLogits(realLogits, onesLike(realLogits)), binaryCrossEntropyWithLogits(fakeLogits, zerosLike(fakeLogits)));
    let r1 = 0;
    if (c.penalties.r1Gamma > 0) {
      const penalty = r1Penalty(realLogits, real, c.penalties.r1Gamma);
      r1 = penalty.item();
      loss = add(loss, penalty);
    }
    const realMean = mean(realLogits).item();
    const fakeMean = mean(fakeLogits).item();
    if (c.penalties.lecam > 0) loss = add(loss, mul(this.lecamTerm(realLogits, fakeLogits, realMean, fakeMean), c.penalties.lecam));
    const value = this.update(this.optD, plus(loss, this.ownPenalties(D)), 'discriminator');
    this.ada?.observe(realLogits.data);
    return { loss: value, real: realMean, fake: fakeMean, r1 };
  }

  /**
   * D's update under DP-SGD (dpDiscriminator.ts): a Poisson sample of real rows whose per-row gradients
   * of −log σ(D(aug(x))) are clipped and noised by dpGradients, plus the ordinary gradient of the fake
   * rows' BCE(D(aug(G(z))), 0) and of D's weight penalties; the accountant records the update.
   */
  private privateDiscriminatorStep(privacy: DiscriminatorPrivacy): { loss: number; real: number; fake: number; r1: number } {
    const c = this.config;
    const D = this.discriminator;
    const batch = c.training.batchSize;
    const z = this.latent(batch);
    const fakeY = this.fakeLabels(batch);
    const fake = noGrad(() => this.generator.forward(this.joined(z, fakeY)));
    const rows = poissonRows(this.data.shape[0]!, privacy.sampleRate, this.streams.data);
    const noise = new Random(this.streams.data.nextUint32());
    const { clipNorm, noiseMultiplier } = privacy.settings;
    let realGrads: Tensor[];
    let realLoss = 0;
    let realMean = 0;
    if (rows.length === 0) {
      realGrads = noiseGradients(D.parameters(), noiseMultiplier * clipNorm, batch, noise);
    } else {
      const real = this.joined(this.augmented(takeRows(this.data, rows)), this.labels === null ? null : rows.map((i) => this.labels![i]!));
      const dp = dpGradients(D, real, realRowLosses, { clipNorm, noiseMultiplier, seed: noise.nextUint32(), batchSizeForMean: batch });
      realGrads = dp.grads;
      const logits = inEvalMode(D, () => noGrad(() => D.forward(real)));
      realLoss = binaryCrossEntropyWithLogits(logits, onesLike(logits)).item();
      realMean = mean(logits).item();
    }
    const fakeLogits = D.forward(this.joined(this.augmented(fake), fakeY));
    const fakeLoss = binaryCrossEntropyWithLogits(fakeLogits, zerosLike(fakeLogits));
    const loss = plus(fakeLoss, this.ownPenalties(D));
    const value = loss.item() + realLoss;
    if (!Number.isFinite(value)) throw new NonFiniteLossError(this.stepCount + 1, 'discriminator', value);
    this.optD.zeroGrad();
    loss.backward();
    D.parameters().forEach((p, k) => {
      p.grad = p.grad === null ? realGrads[k]! : add(p.grad, realGrads[k]!).detach();
    });
    this.optD.step();
    privacy.record();
    return { loss: value, real: realMean, fake: mean(fakeLogits).item(), r1: 0 };
  }

  /**
   * G's update with D frozen: BCE(D(aug(G(z))), 1) over the top-k fakes, + G's own penalties; returns its loss.
   * Does not advance stepCount (step() does).
   */
  generatorStep(): number {
    const c = this.config;
    return withFrozen(this.discriminator.parameters(), () => {
      const z = this.latent(c.training.batchSize);
      const y = this.fakeLabels(c.training.batchSize);
      const fake = this.generator.forward(this.joined(z, y));
      let logits = this.discriminator.forward(this.joined(this.augmented(fake), y));
      const k = topKCount(c.training, this.stepCount);
      if (k < c.training.batchSize) logits = takeRows(logits, topRows(logits.data, k));
      const loss = binaryCrossEntropyWithLogits(logits, onesLike(logits));
      return this.update(this.optG, plus(loss, this.ownPenalties(this.generator)), 'generator');
    });
  }

  /** zeroGrad → backward → step on one network's loss; a non-finite loss stops before the weights change. */
  private update(opt: Adam, loss: Tensor, which: 'discriminator' | 'generator'): number {
    const value = loss.item();
    if (!Number.isFinite(value)) throw new NonFiniteLossError(this.stepCount + 1, which, value);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return value;
  }

  /**
   * LeCam: E[(D(x) − ᾱ_fake)²] + E[(D(G(z)) − ᾱ_real)²], with ᾱ moving averages (decay 0.99) of the
   * mean logits, which this call then advances.
   */
  private lecamTerm(realLogits: Tensor, fakeLogits: Tensor, realMean: number, fakeMean: number): Tensor {
    const term = add(mean(square(sub(realLogits, this.lecamEma.fake))), mean(square(sub(fakeLogits, this.lecamEma.real))));
    this.lecamEma.real = 0.99 * this.lecamEma.real + 0.01 * realMean;
    this.lecamEma.fake = 0.99 * this.lecamEma.fake + 0.01 * fakeMean;
    return term;
  }

  /** The penalties on a network's own parameters (L1, L2, factor bound; G: the mixture's σ), or null. */
  private ownPenalties(net: Module): Tensor | null {
    const { l1, l2, factor, latentStd } = this.config.penalties;
    let total: Tensor | null = null;
    if (l1 > 0) total = plus(total, mul(l1Penalty(net.parameters()), l1));
    if (l2 > 0) total = plus(total, mul(l2Penalty(net.parameters()), l2));
    if (factor > 0) {
      const bound = nuclearNormBound(net);
      if (bound !== null) total = plus(total, mul(bound, factor));
    }
    if (net === this.generator && latentStd > 0) {
      for (const m of this.mixtures) total = plus(total, mul(mean(square(sub(1, m.std))), latentStd));
    }
    return total;
  }

  private augmented(x: Tensor): Tensor {
    return augment(x, this.augmentP, this.config.augmentation.method, this.streams.augment);
  }

  /** A batch of training rows drawn with replacement, with their classes in a conditional run. */
  private realBatch(): { x: Tensor; labels: Int32Array | null } {
    const n = this.data.shape[0]!;
    const idx = new Int32Array(this.config.training.batchSize);
    for (let i = 0; i < idx.length; i++) idx[i] = this.streams.data.int(n);
    return { x: takeRows(this.data, idx), labels: this.labels === null ? null : idx.map((i) => this.labels![i]!) };
  }

  /** Classes of a fake batch, in the training rows' mix (drawn from the latent stream); null when unconditional. */
  private fakeLabels(count: number): Int32Array | null {
    return this.labels === null ? null : drawLabels(this.labels, count, this.streams.latent);
  }

  /** x, or [x | onehot(labels)] in a conditional run. */
  private joined(x: Tensor, labels: Int32Array | null): Tensor {
    return labels === null ? x : withLabels(x, labels, this.config.conditional!.classes);
  }

  /** z ~ N(0, I): [count, latent.dim]. */
  latent(count: number, rng: Random = this.streams.latent): Tensor {
    const z = Tensor.empty([count, this.config.latent.dim], this.data.dtype);
    for (let i = 0; i < z.size; i++) z.data[i] = rng.normal();
    return z;
  }

  /** ema ← β·ema + (1 − β)·θ with β warmed up as min(decay, (1 + t)/(10 + t)). */
  private updateEma(): void {
    if (this.generatorEma === null) return;
    const t = this.stepCount;
    const beta = Math.min(this.config.ema.decay, (1 + t) / (10 + t));
    const live = this.generator.namedParameters();
    const ema = new Map(this.generatorEma.namedParameters());
    for (const [name, p] of live) {
      const e = ema.get(name)!.data;
      const d = p.data;
      for (let i = 0; i < d.length; i++) e[i] = beta * e[i]! + (1 - beta) * d[i]!;
    }
    const emaBuffers = new Map(this.generatorEma.namedBuffers());
    for (const [name, b] of this.generator.namedBuffers()) emaBuffers.get(name)?.data.set(b.data);
  }

  /**
   * Runs until `steps` total steps. onStep may return false to stop early (early stopping, a UI's
   * stop button). A NonFiniteLossError propagates with the last good weights in place.
   */
  train(steps: number, onStep?: (stats: StepStats) => boolean | void): StepStats[] {
    while (this.stepCount < steps && this.canStep()) {
      const stats = this.step();
      if (onStep && onStep(stats) === false) break;
    }
    return this.history;
  }

  /**
   * count samples in the model's range from a fixed seed, from the EMA generator when there is one,
   * truncated at config.sampling.jacobianKeep unless options.keep says otherwise. A conditional run
   * samples options.labels [count] (default: the training rows' class mix, sorted by class).
   */
  sample(count: number, seed: number, options: { ema?: boolean; keep?: number; labels?: Int32Array } = {}): Tensor {
    const net = options.ema === false || this.generatorEma === null ? this.generator : this.generatorEma;
    const opts: SampleOptions = { dtype: this.data.dtype, keep: options.keep ?? this.config.sampling.jacobianKeep };
    if (this.config.conditional) opts.conditional = this.config.conditional;
    if (options.labels) opts.labels = options.labels;
    return sampleGenerator(net, this.config.latent.dim, count, seed, opts);
  }

  /** Every Dropout inside the discriminator, in order (their random state is part of a checkpoint). */
  dropouts(): Dropout[] {
    return this.discriminator.modules().filter((m): m is Dropout => m instanceof Dropout);
  }
}

export interface SampleOptions {
  dtype?: Tensor['dtype'];
  /** Jacobian-based truncation's kept fraction (1: off). */
  keep?: number;
  /** A conditional generator's classes; its input is [z | onehot(y)]. */
  conditional?: ConditionalSettings;
  /** [count] the class of each sample (conditional only); default proportionalLabels of the class counts. */
  labels?: Int32Array;
}

/**
 * count samples from z ~ N(0, I) drawn with `seed`, in eval mode: [count, out]. keep < 1 draws
 * ⌈count/keep⌉ latents and keeps the count with the smallest Jacobian norm (jacobianTruncation); a
 * conditional generator truncates class by class, so each class keeps its count.
 */
export function sampleGenerator(net: Sequential, latentDim: number, count: number, seed: number, options: SampleOptions = {}): Tensor {
  const keep = options.keep ?? 1;
  const rng = new Random(seed);
  const dtype = options.dtype ?? 'float32';
  const cond = options.conditional;
  if (cond === undefined) {
    if (options.labels !== undefined) throw new Error('sampleGenerator: labels were given, but the generator is not conditional');
    const pool = truncationPool(count, keep);
    const z = normalRows(pool, latentDim, dtype, rng);
    const kept = pool === count ? z : takeRows(z, smoothestRows(net, z, count, seed));
    return inEvalMode(net, () => noGrad(() => net.forward(kept)));
  }
  const labels = options.labels ?? proportionalLabels(count, cond.classCounts);
  if (labels.length !== count) throw new Error(`sampleGenerator: ${labels.length} labels for ${count} samples`);
  labels.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 0 || y >= cond.classes) throw new Error(`sampleGenerator: label ${i} is ${y}; expected a class in 0..${cond.classes - 1}`);
  });
  if (truncationPool(count, keep) === count) {
    const input = withLabels(normalRows(count, latentDim, dtype, rng), labels, cond.classes);
    return inEvalMode(net, () => noGrad(() => net.forward(input)));
  }
  const parts: Tensor[] = [];
  const positions: number[] = [];
  for (let k = 0; k < cond.classes; k++) {
    const at: number[] = [];
    labels.forEach((y, i) => y === k && at.push(i));
    if (at.length === 0) continue;
    const pool = truncationPool(at.length, keep);
    const input = withLabels(normalRows(pool, latentDim, dtype, rng), new Int32Array(pool).fill(k), cond.classes);
    parts.push(takeRows(input, smoothestRows(net, input, at.length, seed + k, latentDim)));
    positions.push(...at);
  }
  // Row j of the joined parts is sample positions[j]: put it back in the order of labels.
  const order = new Int32Array(count);
  positions.forEach((p, j) => (order[p] = j));
  const kept = takeRows(concat(parts, 0), order);
  return inEvalMode(net, () => noGrad(() => net.forward(kept)));
}

function normalRows(rows: number, cols: number, dtype: Tensor['dtype'], rng: Random): Tensor {
  const z = Tensor.empty([rows, cols], dtype);
  for (let i = 0; i < z.size; i++) z.data[i] = rng.normal();
  return z;
}

/** labels of a conditional run, checked against the data and the config. */
function checkedLabels(labels: Int32Array | undefined, n: number, cond: ConditionalSettings): Int32Array {
  if (!(labels instanceof Int32Array)) {
    throw new Error(`GanTrainer: config.conditional is set (${cond.classes} classes), so labels must be an Int32Array [${n}] of the rows' classes, got ${kindOf(labels)}`);
  }
  if (labels.length !== n) throw new Error(`GanTrainer: labels has ${labels.length} entries for ${n} training rows`);
  labels.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 0 || y >= cond.classes) throw new Error(`GanTrainer: labels[${i}] is ${y}; expected a class in 0..${cond.classes - 1}`);
  });
  return labels;
}

/** a + b, where a null term adds nothing. */
function plus(a: Tensor, b: Tensor | null): Tensor;
function plus(a: Tensor | null, b: Tensor): Tensor;
function plus(a: Tensor | null, b: Tensor | null): Tensor | null {
  if (a === null) return b;
  if (b === null) return a;
  return add(a, b);
}

/** A copy of x that is a leaf requiring gradients, so that a penalty can differentiate with respect to it. */
function inputLeaf(x: Tensor): Tensor {
  const leaf = x.detach();
  leaf.requiresGrad = true;
  return leaf;
}

/** R1 = γ/2 · E‖∇ₓ D(x)‖² over real inputs x (a leaf); its gradient needs the second-order graph. */
export function r1Penalty(realLogits: Tensor, realIn: Tensor, gamma: number): Tensor {
  const [g] = grad(sum(realLogits), realIn, { createGraph: true });
  return mul(mean(sum(square(g!), 1)), gamma / 2);
}
