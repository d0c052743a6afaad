import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_RDP_ORDERS, RdpAccountant, epsilonAfter, epsilonFromRdp, logAdd, logErfc, logSub,
  noiseMultiplierFor, sampledGaussianRdp, totalRdp,
} from '../src/privacy/index.js';
import { throwsWith } from './helpers/throwsWith.js';

/** Asserts that fn throws an Error whose message contains `part`. */
const throwsContaining = (fn: () => unknown, part: string): void => throwsWith(fn, new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

/** |a − b| ≤ rtol·|b|. */
function close(a: number, b: number, rtol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= rtol * Math.abs(b), `${what}: ${a} vs ${b}`);
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);

test('log-space helpers and log erfc (reference: mpmath at 30 digits)', () => {
  close(logAdd(Math.log(2), Math.log(3)), Math.log(5), 1e-15, 'logAdd');
  assert.is(logAdd(-Infinity, 1.5), 1.5);
  close(logSub(Math.log(5), Math.log(3)), Math.log(2), 1e-15, 'logSub');
  assert.is(logSub(2, 2), -Infinity);
  close(logSub(1000, 0), 1000, 1e-15, 'logSub far apart');
  throwsContaining(() => logSub(1, 2), 'logSub: the first term');
  const ref: [number, number][] = [[0.5, -0.7350111298370844], [1, -1.8496055099332482], [2, -5.364941264616638],
    [3, -10.720363041981113], [5, -27.200889545537436], [10, -102.87988902484489], [30, -903.9741171106439],
    [-1, 0.6112323176780705], [-3, 0.6931361352504468], [-7, 0.6931471805599453]];
  for (const [x, want] of ref) close(logErfc(x), want, 1e-13, `logErfc(${x})`);
});

test('RDP of the sampled Gaussian matches TF Privacy\'s rdp_accountant_test values', () => {
  // compute_rdp(0.1, 2, 10, 5) = 0.07737; compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100]).
  close(10 * sampledGaussianRdp(0.1, 2, 5), 0.07737, 1e-4, 'q 0.1, σ 2, α 5');
  const want = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
  [1.5, 2.5, 5, 50, 100].forEach((a, k) => close(50 * sampledGaussianRdp(0.01, 2.5, a), want[k]!, 2e-3, `α ${a}`));
  assert.is(sampledGaussianRdp(0, 10, 20), 0);
  assert.is(sampledGaussianRdp(1, 10, 20), 0.1); // α/(2σ²)
  assert.is(sampledGaussianRdp(0.5, 0, 2), Infinity);
  assert.is(sampledGaussianRdp(0.5, 1, Infinity), Infinity);
});

test('fractional and integer orders match numerical integration of A_α (test/fixtures/rdp_mpmath.py)', () => {
  const ref: [number, number, number, number][] = [[0.01, 2.5, 1.5, 1.30014179438e-5], [0.1, 2, 2.5, 0.00359407719941],
    [0.05, 1, 3.7, 0.00998433016447], [0.3, 0.8, 5.5, 2.82791781845], [0.2, 1.5, 4, 0.0548614859832],
    [0.01, 0.5, 2.25, 0.00835411775185]];
  for (const [q, s, a, want] of ref) close(sampledGaussianRdp(q, s, a), want, 1e-9, `q ${q}, σ ${s}, α ${a}`);
});

test('ε at δ: both conversions against published values', () => {
  // TF Privacy (Mironov 2017 conversion): q 0.01, σ 4, 10,000 steps, orders 2..32, δ 1e-5 → ε 1.258575 at α 20.
  const orders = range(2, 32);
  let rdp = totalRdp([{ noiseMultiplier: 4, sampleRate: 0.01, steps: 10000 }], orders);
  let spent = epsilonFromRdp(orders, [...rdp], 1e-5, 'mironov2017');
  close(spent.epsilon, 1.258575, 1e-6, 'ε');
  assert.is(spent.order, 20);
  // TF Privacy composition test: (q 1e-4, σ 0.4, 40,000 steps) + (q 0.1, σ 2, 100 steps) → ε 8.509656 at α 2.5.
  const o2 = [1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 64, 256];
  rdp = totalRdp([{ noiseMultiplier: 0.4, sampleRate: 1e-4, steps: 40000 }, { noiseMultiplier: 2, sampleRate: 0.1, steps: 100 }], o2);
  spent = epsilonFromRdp(o2, [...rdp], 1e-5, 'mironov2017');
  close(spent.epsilon, 8.509656, 1e-6, 'composed ε');
  assert.is(spent.order, 2.5);
  // Opacus's docstring example (Balle et al. 2020 conversion): [(1e-5, 1.0, 10), (1e-4, 3.0, 4)], orders 2..32 → (0.336, 23).
  rdp = totalRdp([{ noiseMultiplier: 1, sampleRate: 1e-5, steps: 10 }, { noiseMultiplier: 3, sampleRate: 1e-4, steps: 4 }], orders);
  spent = epsilonFromRdp(orders, [...rdp], 1e-5);
  close(spent.epsilon, 0.336, 2e-3, 'Opacus ε');
  assert.is(spent.order, 23);
  throwsContaining(() => epsilonFromRdp([2], [0.1], 0), 'delta must be in (0, 1), got 0');
  throwsContaining(() => epsilonFromRdp([1], [0.1], 1e-5), 'orders[0] = 1; every order must be > 1');
});

test('the accountant merges steps at one setting and composes by addition', () => {
  const acc = new RdpAccountant();
  for (let i = 0; i < 30; i++) acc.step(1.2, 0.05);
  acc.step(2, 0.1, 10);
  assert.equal(acc.history, [{ noiseMultiplier: 1.2, sampleRate: 0.05, steps: 30 }, { noiseMultiplier: 2, sampleRate: 0.1, steps: 10 }]);
  const a = epsilonAfter(1.2, 0.05, 30, 1e-5);
  assert.ok(acc.epsilon(1e-5) > a);
  const rdp = acc.rdp();
  DEFAULT_RDP_ORDERS.forEach((o, k) => close(rdp[k]!, 30 * sampledGaussianRdp(0.05, 1.2, o) + 10 * sampledGaussianRdp(0.1, 2, o), 1e-12, `α ${o}`));
  assert.is(DEFAULT_RDP_ORDERS.length, 99 + 52);
  throwsContaining(() => acc.step(-1, 0.1), 'RdpAccountant.step: noiseMultiplier must be finite and >= 0, got -1');
  throwsContaining(() => acc.step(1, 1.5), 'sampleRate must be in [0, 1], got 1.5');
});

test('the noise search lands just under the target ε', () => {
  const search = { targetEpsilon: 3, delta: 1e-5, sampleRate: 0.1, steps: 500 };
  const sigma = noiseMultiplierFor(search);
  const eps = epsilonAfter(sigma, 0.1, 500, 1e-5);
  assert.ok(eps <= 3 && eps > 3 - 0.01, `ε ${eps} at σ ${sigma}`);
  assert.ok(epsilonAfter(sigma * 0.99, 0.1, 500, 1e-5) > eps);
  throwsContaining(() => noiseMultiplierFor({ ...search, targetEpsilon: 0 }), 'targetEpsilon must be a finite number > 0, got 0');
});

test.run();
