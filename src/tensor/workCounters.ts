/**
 * Opt-in counters for benchmarks (bench/ganStep.ts): storage allocated by tensors, and time spent in
 * gemm. Off by default; when off each hook costs one property test. Not thread-safe, not for production use.
 */
export const workCounters = {
  enabled: false,
  /** Bytes of tensor storage allocated (typed arrays made by allocate / Tensor.empty). */
  allocBytes: 0,
  /** Number of tensor storages allocated. */
  allocs: 0,
  /** Milliseconds spent inside gemm, by performance.now(). */
  gemmMs: 0,
  gemmCalls: 0,
};

/** Zeroes the counters and turns them on (or off). */
export function resetWorkCounters(enabled = true): void {
  workCounters.enabled = enabled;
  workCounters.allocBytes = 0;
  workCounters.allocs = 0;
  workCounters.gemmMs = 0;
  workCounters.gemmCalls = 0;
}
