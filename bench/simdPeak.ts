/**
 * The ceiling of this machine for the WebAssembly kernels: f32x4 multiplies and adds with no loads,
 * `chains` independent accumulators each doing acc ← acc·m + a, so issue width and not latency bounds it.
 * WebAssembly SIMD has no fused multiply-add and 128-bit vectors only, so a gemm on it can at best reach
 * this figure, whatever the BLAS of a native peer does with wider vectors and FMA.
 */
import { Code } from '../src/tensor/wasm/code.js';
import { assembleModule } from '../src/tensor/wasm/module.js';
import { ValType } from '../src/tensor/wasm/opcodes.js';
import { simdSupported } from '../src/tensor/wasm/simdSupport.js';
import { measure } from './matmul.js';

export interface SimdPeakRow {
  kernel: string;
  chains: number;
  gflops: number;
  /** Floating-point operations per nanosecond per lane-op, i.e. vector instructions per ns (mul or add). */
  vectorOpsPerNs: number;
}

/** `peak(iters)`: chains accumulators, acc_i ← acc_i·m + a per iteration; their sum stored at byte 0. */
function peakModule(chains: number): Uint8Array<ArrayBuffer> {
  const iters = 0, i = 1, m = 2, a = 3, acc = (c: number): number => 4 + c;
  const c = new Code();
  c.f32Const(0.999).f32x4Splat().localSet(m).f32Const(1e-3).f32x4Splat().localSet(a);
  for (let k = 0; k < chains; k++) c.f32Const(k).f32x4Splat().localSet(acc(k));
  c.i32Const(0).localSet(i);
  c.loop((l) => {
    for (let k = 0; k < chains; k++) l.localGet(acc(k)).localGet(m).f32x4Mul().localGet(a).f32x4Add().localSet(acc(k));
    l.localGet(i).i32Const(1).i32Add().localTee(i).localGet(iters).i32LtU().brIf(0);
  });
  c.i32Const(0).localGet(acc(0));
  for (let k = 1; k < chains; k++) c.localGet(acc(k)).f32x4Add();
  c.v128Store(0).end();
  return assembleModule({ module: 'env', field: 'memory', pages: 1 },
    [{ name: 'peak', params: [ValType.i32], results: [], locals: [ValType.i32, ...new Array<ValType>(chains + 2).fill(ValType.v128)], code: c }]);
}

export function benchSimdPeak(opts: { quick?: boolean } = {}): SimdPeakRow[] {
  if (!simdSupported()) return [];
  const rows: SimdPeakRow[] = [];
  const iters = 100_000;
  for (const chains of [8, 12]) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const peak = new WebAssembly.Instance(new WebAssembly.Module(peakModule(chains)), { env: { memory } }).exports['peak'] as (n: number) => void;
    const [ms] = measure([() => peak(iters)], opts.quick ? 3 : 7, 100);
    const ops = 2 * chains * iters;
    rows.push({ kernel: 'f32x4 mul + add, registers only', chains, gflops: (4 * ops) / (ms! * 1e6), vectorOpsPerNs: ops / (ms! * 1e6) });
  }
  return rows;
}
