import type { AugmentSpec } from './augment.js';
import { LR_SCHEDULES, type LrSchedule } from './lrSchedule.js';
import type { ConvArchitecture } from './convModel.js';
import type { DiscriminatorSpec, GeneratorSpec } from './model.js';

/** Everything that defines a training run. Same config and seed: same numbers. */
export interface GanConfig {
  seed: number;
  latentDim: number;
  generator: GeneratorSpec;
  discriminator: DiscriminatorSpec;
  /**
   * Convolutional networks for image data (see convModel.ts); when set they replace the MLPs that
   * `generator` and `discriminator` describe. Absent: MLPs.
   */
  conv?: ConvArchitecture;
  batchSize: number;
  /** Discriminator updates per generator update (k). */
  dSteps: number;
  lrG: number;
  lrD: number;
  /**
   * Learning-rate schedule of both networks (see lrFactor): 'constant', or a decay to 0 over the last
   * part of the run, 'linear' (as torch's LinearLR) or 'cosine' (as CosineAnnealingLR).
   */
  lrSchedule: LrSchedule;
  /** Fraction of totalSteps done at the full lr before a decaying schedule starts, in [0, 1). */
  lrDecayStart: number;
  /** The run's length in generator updates, which a decaying schedule spans; null: unknown, lr stays constant. */
  totalSteps: number | null;
  /** Adam betas; GANs use (0.5, 0.999) (Radford et al. 2016). */
  betas: [number, number];
  augment: AugmentSpec;
  /** Fixed augmentation probability, or the start value under ADA. */
  augmentP: number;
  /** ADA's controller (null: p stays fixed). */
  adaptive: { target: number; interval: number; rampSteps: number; maxP: number } | null;
  /** R1 gradient penalty weight γ: γ/2 · E‖∇ₓD(x_real)‖² (Mescheder et al. 2018); 0 disables it. */
  r1Gamma: number;
  /** LeCam regularization weight λ (Tseng et al. 2021); 0 disables it. */
  lecam: number;
  /** Decay of the exponential moving average of the generator's weights; 0 disables it. */
  emaDecay: number;
  /** Penalties added to each network's loss over its own parameters. */
  l1: number;
  l2: number;
  /** Weight of ½(‖U‖² + ‖V‖²) summed over low-rank layers: a bound on the nuclear norm of each W. */
  factorPenalty: number;
  /** Weight λ of DeLiGAN's λ·mean((1 − σ)²) over a mixture latent's std, which keeps components from shrinking to points (no effect without one). */
  latentStdPenalty: number;
  /** Top-k generator updates (see topKCount): the smallest fraction ν of each batch kept, in (0, 1]; 1 is off. */
  topKKeep: number;
  /** Top-k: factor γ by which the kept fraction decays every 100 generator updates, in (0, 1]. */
  topKDecay: number;
  /**
   * Sampling only: the fraction of latents kept by Jacobian-based truncation (see jacobianTruncation),
   * which drops the samples where ‖∂G/∂z‖_F is largest, in (0, 1]; 1 is off.
   */
  jacobianKeep: number;
}

/** Defaults: see README "What works" for the measurements behind them. */
export function defaultConfig(dataDim: number, overrides: Partial<GanConfig> = {}): GanConfig {
  // Low-dimensional data (the 2-D mixtures): a short EMA and no noise augmentation (noise blurs modes of
  // σ = 0.01; ring8, N = 100, 2,000 steps). ring8, N = 100, rank 4, 3 seeds (lrgan study, and a script that
  // measured every 4,000 steps): R1 γ = 0.1 keeps all 8 modes even (reverse KL 0.005 against 0.21 without
  // it), and lrG = 2e-3 with lrD = 1e-3 over 16,000 steps gives 84% high-quality samples (72.7% at lr 1e-3,
  // 8,000 steps); lrG = 4e-3 or lrD = 5e-4 diverged on some seeds. A cosine decay of the lr over the second
  // half added 2–3 points of high quality but pulled the NN ratio down (0.73 against 1.16 at 12,000 steps:
  // the generator settles on the training points), so the lr stays constant. Batch 128, dSteps 2, latent 2,
  // a full-rank D and EMA 0.999 did not help. On grid25 these settings collapse rank 4 on 2 of 3 seeds
  // (lr 1e-3 without R1: 41% high quality; lr 1e-3 with R1: 18%, no collapse); grid25 is not solved by any.
  // grid25 wants lrG 1e-3 and 32,000 steps (full rank, 3 seeds: 78.3% high quality, 25/25 modes; 79.7% with
  // a learned mixture latent of 64 components, latentStdPenalty 0.1), while ring8 at rank 4 drops to 72% at
  // lrG 1e-3 and to 77% with a mixture: the 2-D defaults stay ring8's, and the README gives grid25's recipe.
  // Jacobian-based truncation keeping 85% of latents lifts ring8 r4 from 84.3% to 96.4% high quality (NN
  // ratio 0.94 → 0.83) and grid25's recipe from 79.7% to 92.3% (same 3 seeds); on digits (N = 100, seed 1)
  // keeping 90% raised FCD from 4.7 to 5.6, so other data samples without it.
  // Higher-dimensional data (digits, N = 100, 3 seeds, 4,000 steps): hidden 128, lr 1e-3, R1 γ = 10 and
  // dropout 0.2 in D gave FCD 3.87 ± 0.82 (PCA + Gaussian mixture: 7.07 ± 1.78), coverage 0.78, all classes,
  // NN ratio 0.93; without R1 the same network reached FCD 22–42 (lrgan study, runs/digits-tuning).
  const small = dataDim <= 4;
  const hidden = [128, 128];
  return {
    seed: 1,
    latentDim: small ? 8 : 32,
    generator: { hidden, rank: 'full', output: small ? 'linear' : 'tanh', spectralNorm: false },
    discriminator: { hidden, rank: 'full', spectralNorm: false, dropout: small ? 0 : 0.2 },
    batchSize: 64,
    dSteps: 1,
    lrG: small ? 2e-3 : 1e-3,
    lrD: 1e-3,
    lrSchedule: 'constant',
    lrDecayStart: 0.5,
    totalSteps: null,
    betas: [0.5, 0.999],
    augment: { kind: 'none' },
    augmentP: 0,
    adaptive: null,
    r1Gamma: small ? 0.1 : 10,
    lecam: 0,
    emaDecay: small ? 0.99 : 0.999,
    l1: 0,
    l2: 0,
    factorPenalty: 0,
    latentStdPenalty: 0.1,
    topKKeep: 1,
    topKDecay: 0.99,
    jacobianKeep: small ? 0.85 : 1,
    ...overrides,
  };
}

/** Throws on a config no run could use, naming the field. */
export function checkConfig(c: GanConfig): void {
  const positiveInt = (v: number, name: string): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`config: ${name} must be a positive integer, got ${v}`);
  };
  const nonNegative = (v: number, name: string): void => {
    if (!Number.isFinite(v) || v < 0) throw new Error(`config: ${name} must be a finite number ≥ 0, got ${v}`);
  };
  positiveInt(c.latentDim, 'latentDim');
  positiveInt(c.batchSize, 'batchSize');
  positiveInt(c.dSteps, 'dSteps');
  if (!Number.isSafeInteger(c.seed)) throw new Error(`config: seed must be an integer, got ${c.seed}`);
  for (const [v, name] of [[c.lrG, 'lrG'], [c.lrD, 'lrD']] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`config: ${name} must be a positive number, got ${v}`);
  }
  if (!(LR_SCHEDULES as readonly string[]).includes(c.lrSchedule)) {
    throw new Error(`config: lrSchedule must be one of ${LR_SCHEDULES.join(', ')}, got ${String(c.lrSchedule)}`);
  }
  if (!(c.lrDecayStart >= 0 && c.lrDecayStart < 1)) throw new Error(`config: lrDecayStart must be in [0, 1), got ${c.lrDecayStart}`);
  if (c.totalSteps !== null) positiveInt(c.totalSteps, 'totalSteps');
  c.betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) throw new Error(`config: betas[${i}] must be in [0, 1), got ${b}`);
  });
  if (!(c.augmentP >= 0 && c.augmentP <= 1)) throw new Error(`config: augmentP must be in [0, 1], got ${c.augmentP}`);
  if (!(c.emaDecay >= 0 && c.emaDecay < 1)) throw new Error(`config: emaDecay must be in [0, 1), got ${c.emaDecay}`);
  nonNegative(c.r1Gamma, 'r1Gamma');
  nonNegative(c.lecam, 'lecam');
  nonNegative(c.l1, 'l1');
  nonNegative(c.l2, 'l2');
  nonNegative(c.factorPenalty, 'factorPenalty');
  nonNegative(c.latentStdPenalty, 'latentStdPenalty');
  const k = c.generator.latentComponents ?? 0;
  if (!Number.isInteger(k) || k < 0) throw new Error(`config: generator.latentComponents must be an integer ≥ 0, got ${k}`);
  if (!(c.topKKeep > 0 && c.topKKeep <= 1)) throw new Error(`config: topKKeep must be in (0, 1], got ${c.topKKeep}`);
  if (!(c.topKDecay > 0 && c.topKDecay <= 1)) throw new Error(`config: topKDecay must be in (0, 1], got ${c.topKDecay}`);
  if (!(c.jacobianKeep > 0 && c.jacobianKeep <= 1)) throw new Error(`config: jacobianKeep must be in (0, 1], got ${c.jacobianKeep}`);
}
