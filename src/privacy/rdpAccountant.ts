/**
 * The privacy accountant of DP-SGD: it records (noise multiplier, sampling rate, steps) as training
 * goes, adds up the RDP of every step at a list of orders (RDP composes by addition, Mironov 2017,
 * Prop. 1) and converts the total to ε at a given δ. Browser-safe.
 */
import type { EpsilonConversion, PrivacySpent } from './rdpToEpsilon.js';
import { epsilonFromRdp } from './rdpToEpsilon.js';
import { sampledGaussianRdp } from './sampledGaussianRdp.js';

/** Opacus's default orders: 1.1, 1.2, …, 10.9, then 12, 13, …, 63. */
export const DEFAULT_RDP_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, k) => 1 + (k + 1) / 10),
  ...Array.from({ length: 52 }, (_, k) => 12 + k),
];

/** Steps taken at one setting. */
export interface AccountantEntry {
  noiseMultiplier: number;
  sampleRate: number;
  steps: number;
}

export interface RdpAccountantOptions {
  /** RDP orders, each > 1; default DEFAULT_RDP_ORDERS. */
  orders?: readonly number[];
  /** Default 'balle2020' (Opacus's). */
  conversion?: EpsilonConversion;
}

/** Rényi-DP accountant for the sampled Gaussian mechanism, as Opacus's RDPAccountant. */
export class RdpAccountant {
  readonly orders: readonly number[];
  readonly conversion: EpsilonConversion;
  /** Steps by setting; consecutive steps at one setting share an entry. */
  readonly history: AccountantEntry[] = [];

  constructor(options: RdpAccountantOptions = {}) {
    this.orders = options.orders ?? DEFAULT_RDP_ORDERS;
    this.conversion = options.conversion ?? 'balle2020';
    if (this.orders.length === 0) throw new Error('RdpAccountant: orders must not be empty');
    this.orders.forEach((a, k) => {
      if (!(a > 1)) throw new Error(`RdpAccountant: orders[${k}] = ${a}; every order must be > 1`);
    });
  }

  /** Records `steps` (default 1) steps with this noise multiplier (σ, noise std / clip norm) and sampling rate q. */
  step(noiseMultiplier: number, sampleRate: number, steps = 1): void {
    const fn = 'RdpAccountant.step';
    if (!(noiseMultiplier >= 0) || noiseMultiplier === Infinity) throw new Error(`${fn}: noiseMultiplier must be finite and >= 0, got ${noiseMultiplier}`);
    if (!(sampleRate >= 0 && sampleRate <= 1)) throw new Error(`${fn}: sampleRate must be in [0, 1], got ${sampleRate}`);
    if (!Number.isInteger(steps) || steps < 0) throw new Error(`${fn}: steps must be a non-negative integer, got ${steps}`);
    const last = this.history[this.history.length - 1];
    if (last && last.noiseMultiplier === noiseMultiplier && last.sampleRate === sampleRate) last.steps += steps;
    else this.history.push({ noiseMultiplier, sampleRate, steps });
  }

  /** [orders.length] total RDP of the recorded steps at each order. */
  rdp(): Float64Array {
    return totalRdp(this.history, this.orders);
  }

  /** ε at δ (delta in (0, 1)) and the order that gave it. */
  privacySpent(delta: number): PrivacySpent {
    return epsilonFromRdp(this.orders, [...this.rdp()], delta, this.conversion);
  }

  epsilon(delta: number): number {
    return this.privacySpent(delta).epsilon;
  }
}

/** [orders.length] Σ over entries of steps·RDP_step(α). */
export function totalRdp(entries: readonly AccountantEntry[], orders: readonly number[]): Float64Array {
  const out = new Float64Array(orders.length);
  for (const e of entries) {
    if (e.steps === 0) continue;
    for (let k = 0; k < orders.length; k++) out[k] += e.steps * sampledGaussianRdp(e.sampleRate, e.noiseMultiplier, orders[k]!);
  }
  return out;
}
