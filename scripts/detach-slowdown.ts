/**
 * Shows how detaching one ArrayBuffer anywhere in the process slows every typed-array kernel afterwards:
 * times gemm at n = 256 (A·Bᵀ, float32), detaches a throwaway buffer, and times it again.
 *   npx tsx scripts/detach-slowdown.ts
 */
import { gemm } from '../src/tensor/gemm.js';
import { Random } from '../src/tensor/random.js';

const n = 256;
const rng = new Random(1);
const a = new Float32Array(n * n).map(() => rng.normal());
const b = new Float32Array(n * n).map(() => rng.normal());
const c = new Float32Array(n * n);

/** Median ms of one product over 15 timed runs after 5 untimed ones. */
function medianMs(): number {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    gemm(false, true, n, n, n, a, 0, b, 0, c, 0, false);
    if (i >= 5) times.push(performance.now() - t0);
  }
  return times.sort((x, y) => x - y)[times.length >> 1]!;
}

const before = medianMs();
const buffer = new ArrayBuffer(8);
structuredClone(buffer, { transfer: [buffer] });
const after = medianMs();
const gflops = (ms: number): string => (2 * n ** 3 / ms / 1e6).toFixed(2);
console.log(`gemm ${n}³ before any detach: ${before.toFixed(2)} ms (${gflops(before)} GFLOP/s)`);
console.log(`after detaching one ArrayBuffer (byteLength now ${buffer.byteLength}): ${after.toFixed(2)} ms (${gflops(after)} GFLOP/s), ${(after / before).toFixed(2)}× the time`);
