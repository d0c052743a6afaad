import { gemmPacked } from './gemmPacked.js';
import { gemmSmall } from './gemmSmall.js';
import type { FloatArray } from './tensor.js';
import { workCounters } from './workCounters.js';
import { gemmWasm } from './wasm/gemmWasm.js';
import { wasmKernelsOn } from './wasm/kernelSwitch.js';

/**
 * General matrix multiply, row-major: C[m,n] = op(A)·op(B) (+ C if accumulate).
 * op(A) is [m,k]: A is stored [m,k], or [k,m] when transA. op(B) is [k,n]: B is stored [k,n], or [n,k] when transB.
 * Offsets let callers address one matrix of a batch inside a larger buffer.
 * a, b and c share one storage type. C must not overlap A or B.
 * float32 products worth the copy run on the WebAssembly SIMD kernels (src/tensor/wasm, float32 sums)
 * unless setKernels('js') or LRGAN_KERNELS=js chose the JS kernels, or the engine lacks SIMD; the JS
 * kernels (float64 sums, and all float64 products) run all three forms (A·B, Aᵀ·B, A·Bᵀ) through one
 * packed kernel, so the forms cost the same on either path.
 */
export function gemm(transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: FloatArray, aOffset: number, b: FloatArray, bOffset: number,
  c: FloatArray, cOffset: number, accumulate: boolean): void {
  if (!workCounters.enabled) {
    gemmChecked(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
    return;
  }
  const t0 = performance.now();
  gemmChecked(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  workCounters.gemmMs += performance.now() - t0;
  workCounters.gemmCalls++;
}

function gemmChecked(transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: FloatArray, aOffset: number, b: FloatArray, bOffset: number,
  c: FloatArray, cOffset: number, accumulate: boolean): void {
  checkCount('m', m);
  checkCount('n', n);
  checkCount('k', k);
  checkOperand('a', a, aOffset, transA ? k : m, transA ? m : k);
  checkOperand('b', b, bOffset, transB ? n : k, transB ? k : n);
  checkOperand('c', c, cOffset, m, n);
  if (a.constructor !== c.constructor || b.constructor !== c.constructor) {
    throw new Error(`gemm: a, b and c must share one storage type, got ${a.constructor.name}, ${b.constructor.name}, ${c.constructor.name}`);
  }
  if (m === 0 || n === 0) return;
  checkNoOverlap('a', a, aOffset, m * k, c, cOffset, m * n);
  checkNoOverlap('b', b, bOffset, k * n, c, cOffset, m * n);
  if (k === 0) {
    if (!accumulate) c.fill(0, cOffset, cOffset + m * n);
    return;
  }
  if (wasmKernelsOn && worthWasm(m, n, k) && a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    gemmWasm(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  } else if (isSmall(m, n, k)) gemmSmall(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
  else gemmPacked(transA, transB, m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
}

/**
 * Packing costs O(mk + kn) copies and a fixed per-call setup; it loses to direct strided
 * loops for matrix·vector-like shapes (a 2×3 tile would be mostly padding) and tiny products.
 * Measured crossovers: 64×1×256 takes 17 µs strided vs 35 µs packed, 64×2×256 35 vs 43 µs,
 * 64×3×256 53 vs 41 µs; 4×4×4 0.17 vs 0.26 µs, 6×6×6 0.51 vs 0.36 µs.
 */
function isSmall(m: number, n: number, k: number): boolean {
  return m <= 2 || n <= 2 || m * n * k <= 512;
}

/**
 * The WebAssembly path copies every operand into its arena and back, and pads C to 4×8 tiles:
 * it loses to the JS kernels on matrix·vector shapes (m or n = 1) and products of under ~128
 * multiply-adds (bench/matmul.ts, "small" rows; README "Benchmarks").
 */
function worthWasm(m: number, n: number, k: number): boolean {
  return m > 1 && n > 1 && m * n * k >= 128;
}

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new Error(`gemm: ${name} must be a non-negative integer, got ${v}`);
}

/** x must hold a stored [rows, cols] matrix from offset on. */
function checkOperand(name: string, x: FloatArray, offset: number, rows: number, cols: number): void {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(`gemm: ${name}Offset must be a non-negative integer, got ${offset}`);
  }
  const size = rows * cols;
  if (size > 0 && offset + size > x.length) {
    throw new Error(`gemm: ${name} stored [${rows},${cols}] needs ${size} elements from offset ${offset}, but has length ${x.length}`);
  }
}

/** Throws if the element ranges [xOff, xOff+xSize) and [cOff, cOff+cSize) share memory. */
function checkNoOverlap(name: string, x: FloatArray, xOff: number, xSize: number,
  c: FloatArray, cOff: number, cSize: number): void {
  if (xSize === 0 || x.buffer !== c.buffer) return;
  const x0 = x.byteOffset + xOff * x.BYTES_PER_ELEMENT, x1 = x0 + xSize * x.BYTES_PER_ELEMENT;
  const c0 = c.byteOffset + cOff * c.BYTES_PER_ELEMENT, c1 = c0 + cSize * c.BYTES_PER_ELEMENT;
  if (x0 < c1 && c0 < x1) throw new Error(`gemm: output c overlaps input ${name}; use a separate output buffer`);
}
