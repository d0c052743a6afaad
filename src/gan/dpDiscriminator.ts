/**
 * Differential privacy for the discriminator, the only network that reads real rows (DP-SGD, Abadi et
 * al. 2016): each D update draws a Poisson sample of the training rows (each row in with probability
 * q = batch/n, as the accountant assumes), clips each real row's gradient of D's loss to norm ≤ C, adds
 * N(0, σ²C²) noise to their sum and divides by the expected batch q·n (Opacus's convention); the fake
 * rows' gradient is added as it is, since they depend on real data only through D. The RDP accountant
 * (src/privacy) composes the updates. G is trained from D alone, so what it learns is post-processing
 * of D's private updates; samples inherit D's (ε, δ).
 */
import { reshape, softplus, neg } from '../autograd/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Random } from '../tensor/random.js';
import { epsilonFromRdp } from '../privacy/rdpToEpsilon.js';
import { RdpAccountant, type AccountantEntry, totalRdp } from '../privacy/rdpAccountant.js';

export interface PrivacySettings {
  /** Clipping norm C > 0 of each real row's gradient of D's loss (all of D's parameters together). */
  clipNorm: number;
  /** σ ≥ 0: the noise std is σ·C; 0 clips without noise (ε = ∞). */
  noiseMultiplier: number;
  /** δ at which ε is reported, in (0, 1). */
  delta: number;
  /** Training stops before a D update would take ε past this; null: it does not stop. */
  targetEpsilon: number | null;
}

/** Throws naming the field when `p` could not protect a run. */
export function checkPrivacySettings(p: PrivacySettings): void {
  if (typeof p !== 'object' || p === null) throw new Error(`config: privacy must be an object or absent, got ${String(p)}`);
  if (!(p.clipNorm > 0) || p.clipNorm === Infinity) throw new Error(`config: privacy.clipNorm must be a finite number > 0, got ${p.clipNorm}`);
  if (!(p.noiseMultiplier >= 0) || p.noiseMultiplier === Infinity) throw new Error(`config: privacy.noiseMultiplier must be a finite number ≥ 0, got ${p.noiseMultiplier}`);
  if (!(p.delta > 0 && p.delta < 1)) throw new Error(`config: privacy.delta must be in (0, 1), got ${p.delta}`);
  if (p.targetEpsilon !== null && !(p.targetEpsilon > 0)) throw new Error(`config: privacy.targetEpsilon must be > 0 or null, got ${p.targetEpsilon}`);
}

/** The accountant of one run's D updates at a fixed σ and q, with ε at δ cheap to ask after each update. */
export class DiscriminatorPrivacy {
  readonly accountant = new RdpAccountant();
  /** RDP of one update at each of the accountant's orders. */
  private readonly perUpdate: Float64Array;

  constructor(readonly settings: PrivacySettings, readonly sampleRate: number) {
    if (!(sampleRate > 0 && sampleRate <= 1)) throw new Error(`DiscriminatorPrivacy: the sampling rate batch/n must be in (0, 1], got ${sampleRate}`);
    this.perUpdate = totalRdp([{ noiseMultiplier: settings.noiseMultiplier, sampleRate, steps: 1 }], this.accountant.orders);
  }

  /** D updates recorded so far. */
  get updates(): number {
    return this.accountant.history.reduce((a, e) => a + e.steps, 0);
  }

  /** ε at settings.delta after the recorded updates and `more` further ones. */
  epsilon(more = 0): number {
    const k = this.updates + more;
    if (k === 0) return 0;
    const { noiseMultiplier } = this.settings;
    const history = this.accountant.history;
    if (history.some((e) => e.steps > 0 && e.noiseMultiplier === 0) || (more > 0 && noiseMultiplier === 0)) return Infinity;
    // Updates at this run's own (σ, q) cost perUpdate each; others (a restored history) are summed as recorded.
    const own = history.every((e) => e.noiseMultiplier === noiseMultiplier && e.sampleRate === this.sampleRate);
    const recorded = own ? null : totalRdp(history, this.accountant.orders);
    const rdp = Array.from(this.perUpdate, (r, i) => (own ? r * k : recorded![i]! + r * more));
    return epsilonFromRdp(this.accountant.orders, rdp, this.settings.delta, this.accountant.conversion).epsilon;
  }

  /** Whether `more` updates keep ε within the target. */
  allows(more: number): boolean {
    const target = this.settings.targetEpsilon;
    return target === null || this.epsilon(more) <= target;
  }

  record(): void {
    this.accountant.step(this.settings.noiseMultiplier, this.sampleRate);
  }

  /** The accountant's entries, for a checkpoint. */
  history(): AccountantEntry[] {
    return this.accountant.history.map((e) => ({ ...e }));
  }

  restore(entries: readonly AccountantEntry[]): void {
    this.accountant.history.length = 0;
    for (const e of entries) this.accountant.step(e.noiseMultiplier, e.sampleRate, e.steps);
  }
}

/** Rows of a Poisson sample: each of 0..n−1 independently with probability q, ascending. */
export function poissonRows(n: number, q: number, rng: Random): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (rng.uniform() < q) rows.push(i);
  return Int32Array.from(rows);
}

/** Per-example BCE with logits against target 1, −log σ(x) = softplus(−x): logits [batch, 1] → [batch]. */
export function realRowLosses(logits: Tensor): Tensor {
  return reshape(softplus(neg(logits)), [logits.shape[0]!]);
}

/** The noise alone, N(0, std²)/divisor per coordinate of each parameter's shape: the DP gradient of an empty sample. */
export function noiseGradients(params: readonly Tensor[], std: number, divisor: number, rng: Random): Tensor[] {
  return params.map((p) => {
    const g = p.detach().clone();
    for (let j = 0; j < g.data.length; j++) g.data[j] = (std * rng.normal()) / divisor;
    return g;
  });
}
