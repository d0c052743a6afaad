/**
 * `lrgan train`'s differential-privacy flags: --dp-epsilon E (σ found so that the planned D updates
 * spend ε = E at δ, and training stops before passing it) or --dp-noise σ (a fixed noise multiplier),
 * with --dp-delta and --dp-clip. They turn off what DP-SGD cannot cover (R1, LeCam) unless the user set it,
 * and make the batch a tenth of the training rows unless --batch says otherwise.
 */
import type { GanConfig } from '../gan/config.js';
import type { PrivacySettings } from '../gan/dpDiscriminator.js';
import { noiseMultiplierFor } from '../privacy/noiseMultiplier.js';
import { type FlagSpec, type ParsedFlags, UsageError } from './args.js';

export const DEFAULT_DP_DELTA = 1e-5;
export const DEFAULT_DP_CLIP = 1;
/** A private run's batch as a share of the training rows when --batch is not given. */
export const DEFAULT_DP_SAMPLE_RATE = 0.1;

export const PRIVACY_FLAGS: readonly FlagSpec[] = [
  { name: 'dp-epsilon', kind: 'positive', meta: 'EPS', group: 'Privacy', help: "differential privacy (DP-SGD on D): the noise is set so that the run's D updates spend this ε at --dp-delta, and training stops before it is passed" },
  { name: 'dp-noise', kind: 'nonNegative', meta: 'SIGMA', group: 'Privacy', help: 'differential privacy with this noise multiplier σ (noise std σ·clip); ε is reported as it grows (0: clipping only, ε = ∞)' },
  { name: 'dp-delta', kind: 'probability', meta: 'DELTA', default: DEFAULT_DP_DELTA, group: 'Privacy', help: 'δ of the (ε, δ) guarantee; keep it well below 1/n' },
  { name: 'dp-clip', kind: 'positive', meta: 'C', default: DEFAULT_DP_CLIP, group: 'Privacy', help: "clipping norm of each real row's gradient of D's loss" },
];

/**
 * The privacy settings the flags ask for (undefined without --dp-epsilon or --dp-noise), for a run of
 * `steps` steps on `rows` training rows with config c's batch size and D updates per step.
 */
export function privacyFromFlags(f: ParsedFlags, c: GanConfig, rows: number, steps: number): PrivacySettings | undefined {
  const eps = f.number('dp-epsilon');
  const noise = f.number('dp-noise');
  if (eps === undefined && noise === undefined) {
    for (const k of ['dp-delta', 'dp-clip']) if (f.given.has(k)) throw new UsageError(`--${k} applies to a private run: add --dp-epsilon EPS or --dp-noise SIGMA`, 'train');
    return undefined;
  }
  if (eps !== undefined && noise !== undefined) throw new UsageError('--dp-epsilon and --dp-noise: give one of them (the target ε sets σ, or σ sets ε)', 'train');
  const delta = f.number('dp-delta')!;
  if (!(delta > 0 && delta < 1)) throw new UsageError(`--dp-delta: expected a number in (0, 1), got ${delta}`, 'train');
  const clipNorm = f.number('dp-clip')!;
  // Unless set, a private run's batch is a tenth of the rows: a small sampling rate q needs less noise per update.
  if (!f.given.has('batch') && Number.isFinite(rows)) c.training.batchSize = Math.max(1, Math.round(rows * DEFAULT_DP_SAMPLE_RATE));
  const batch = c.training.batchSize;
  if (batch > rows) throw new UsageError(`--batch ${batch}: a private run samples each batch at rate batch/n, so the batch must not exceed the ${rows} training rows`, 'train');
  if (noise !== undefined) return { clipNorm, noiseMultiplier: noise, delta, targetEpsilon: null };
  const updates = steps * c.training.dSteps;
  try {
    const sigma = noiseMultiplierFor({ targetEpsilon: eps!, delta, sampleRate: batch / rows, steps: updates });
    return { clipNorm, noiseMultiplier: sigma, delta, targetEpsilon: eps! };
  } catch (e) {
    throw new UsageError(`--dp-epsilon ${eps}: ${(e as Error).message}`, 'train');
  }
}

/** c with DP-SGD on: R1 and LeCam off unless the user asked for them (then checkConfig names the clash). */
export function applyPrivacy(c: GanConfig, p: PrivacySettings, f: ParsedFlags): void {
  c.privacy = p;
  if (!f.given.has('r1')) c.penalties.r1Gamma = 0;
  if (!f.given.has('lecam')) c.penalties.lecam = 0;
}
