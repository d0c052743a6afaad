/**
 * From Rényi DP at several orders to (ε, δ)-DP: each order α gives a valid ε, and the smallest is reported.
 * Browser-safe.
 */

/**
 * 'balle2020': ε = RDP(α) + log((α − 1)/α) − (log δ + log α)/(α − 1) (Balle et al. 2020, "Hypothesis
 * testing interpretations and Rényi differential privacy", Thm. 21), what Opacus's `get_privacy_spent` uses;
 * 'mironov2017': ε = RDP(α) + log(1/δ)/(α − 1) (Mironov 2017, Prop. 3), what TF Privacy used until 2020.
 * Both are valid bounds; the first is always the smaller, since log((α − 1)/α) and −log(α)/(α − 1) are < 0 for α > 1.
 */
export type EpsilonConversion = 'balle2020' | 'mironov2017';

export interface PrivacySpent {
  epsilon: number;
  /** The order α that gave the smallest ε. */
  order: number;
}

/**
 * orders: [k] RDP orders (each > 1), rdp: [k] the RDP ε at each order (of the whole run), delta in (0, 1).
 * Returns the smallest ε over the orders and the order it came from (Infinity and NaN when every order is
 * Infinity). The default conversion is 'balle2020', as Opacus.
 */
export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number, conversion: EpsilonConversion = 'balle2020'): PrivacySpent {
  const fn = 'epsilonFromRdp';
  if (orders.length === 0) throw new Error(`${fn}: orders must not be empty`);
  if (orders.length !== rdp.length) throw new Error(`${fn}: ${orders.length} orders but ${rdp.length} RDP values`);
  if (!(delta > 0 && delta < 1)) throw new Error(`${fn}: delta must be in (0, 1), got ${delta}`);
  if (conversion !== 'balle2020' && conversion !== 'mironov2017') {
    throw new Error(`${fn}: conversion must be 'balle2020' or 'mironov2017', got ${JSON.stringify(conversion)}`);
  }
  const logDelta = Math.log(delta);
  let best: PrivacySpent = { epsilon: Infinity, order: NaN };
  for (let k = 0; k < orders.length; k++) {
    const a = orders[k]!;
    const r = rdp[k]!;
    if (!(a > 1)) throw new Error(`${fn}: orders[${k}] = ${a}; every order must be > 1`);
    if (!(r >= 0)) throw new Error(`${fn}: rdp[${k}] = ${r}; RDP values must be >= 0`);
    const eps = conversion === 'balle2020'
      ? r + Math.log((a - 1) / a) - (logDelta + Math.log(a)) / (a - 1)
      : r - logDelta / (a - 1);
    if (eps < best.epsilon) best = { epsilon: eps, order: a };
  }
  return best;
}
