/**
 * Elementwise throughput: millions of elements per second for representative ops on float32,
 * same-shape and broadcast (a bias row added to a matrix), as the forward and backward passes use them.
 */
import { add, leakyRelu, mul, noGrad, randn, sigmoid, sum, tanh } from '../src/index.js';
import type { Tensor } from '../src/index.js';

export interface ElementwiseRow {
  op: string;
  elements: number;
  ms: number;
  melemPerS: number;
}

function timeIt(fn: () => unknown, minMs: number): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const times: number[] = [];
  const start = performance.now();
  while (performance.now() - start < minMs || times.length < 5) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function benchElementwise(opts: { quick?: boolean } = {}): Promise<ElementwiseRow[]> {
  const rows = 256, cols = 1024;
  const a = randn([rows, cols], 1);
  const b = randn([rows, cols], 2);
  const bias = randn([cols], 3);
  const cases: [string, () => Tensor][] = [
    ['add (same shape)', () => add(a, b)],
    ['add (bias broadcast)', () => add(a, bias)],
    ['mul (same shape)', () => mul(a, b)],
    ['mul by scalar', () => mul(a, 0.5)],
    ['leakyRelu', () => leakyRelu(a, 0.2)],
    ['tanh', () => tanh(a)],
    ['sigmoid', () => sigmoid(a)],
    ['sum over rows', () => sum(a, 0)],
    ['sum over cols', () => sum(a, 1)],
  ];
  const minMs = opts.quick ? 60 : 250;
  return noGrad(() => cases.map(([op, fn]) => {
    const ms = timeIt(fn, minMs);
    return { op, elements: a.size, ms, melemPerS: a.size / ms / 1000 };
  }));
}
