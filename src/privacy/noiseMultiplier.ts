/**
 * The noise multiplier that spends a target ε over a planned run: ε falls as σ grows, so bisect on σ,
 * as Opacus's get_noise_multiplier does. Browser-safe.
 */
import type { EpsilonConversion } from './rdpToEpsilon.js';
import { epsilonFromRdp } from './rdpToEpsilon.js';
import { DEFAULT_RDP_ORDERS, totalRdp } from './rdpAccountant.js';

export interface NoiseSearch {
  /** Target ε (> 0) at the end of the run. */
  targetEpsilon: number;
  delta: number;
  /** Sampling rate q of each step (expected batch / training rows), in (0, 1]. */
  sampleRate: number;
  steps: number;
  /** Stop once ε is within this much below the target (default 0.01). */
  epsilonTolerance?: number;
  orders?: readonly number[];
  conversion?: EpsilonConversion;
}

/** ε of `steps` steps at σ = noise, rate q. */
export function epsilonAfter(noise: number, sampleRate: number, steps: number, delta: number, orders: readonly number[] = DEFAULT_RDP_ORDERS, conversion: EpsilonConversion = 'balle2020'): number {
  const rdp = totalRdp([{ noiseMultiplier: noise, sampleRate, steps }], orders);
  return epsilonFromRdp(orders, [...rdp], delta, conversion).epsilon;
}

/**
 * The smallest σ found (to the tolerance) whose run spends at most targetEpsilon: doubles σ from 10
 * until ε ≤ target, then bisects until target − ε ≤ tolerance. Throws when even σ = 10⁶ overspends.
 */
export function noiseMultiplierFor(search: NoiseSearch): number {
  const fn = 'noiseMultiplierFor';
  const { targetEpsilon, delta, sampleRate, steps } = search;
  const tol = search.epsilonTolerance ?? 0.01;
  if (!(targetEpsilon > 0) || targetEpsilon === Infinity) throw new Error(`${fn}: targetEpsilon must be a finite number > 0, got ${targetEpsilon}`);
  if (!(sampleRate > 0 && sampleRate <= 1)) throw new Error(`${fn}: sampleRate must be in (0, 1], got ${sampleRate}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`${fn}: steps must be a positive integer, got ${steps}`);
  if (!(tol > 0)) throw new Error(`${fn}: epsilonTolerance must be > 0, got ${tol}`);
  const eps = (s: number): number => epsilonAfter(s, sampleRate, steps, delta, search.orders, search.conversion);
  let low = 0;
  let high = 10;
  let epsHigh = eps(high);
  while (epsHigh > targetEpsilon) {
    high *= 2;
    if (high > 1e6) throw new Error(`${fn}: epsilon ${targetEpsilon} at delta ${delta} is out of reach over ${steps} steps at rate ${sampleRate}, even with noise multiplier 1e6`);
    epsHigh = eps(high);
  }
  for (let iter = 0; targetEpsilon - epsHigh > tol && iter < 200; iter++) {
    const mid = (low + high) / 2;
    const e = eps(mid);
    if (e <= targetEpsilon) {
      high = mid;
      epsHigh = e;
    } else low = mid;
  }
  return high;
}
