import { gemmBlockFunction, MR, NR } from './gemmKernel.js';
import { assembleModule } from './module.js';

/**
 * Block sizes of the WebAssembly gemm, in elements: depth KC, rows of one packed A block MC,
 * columns of one packed B block NC, and rows of C kept in memory at once CM (a chunk).
 * MC, CM are multiples of MR and NC of NR, so padded panels never run past their region.
 */
export const KC = 256;
export const MC = 64;
export const NC = 512;
export const CM = 256;

/**
 * Float offsets of the regions in the arena. The memory is reserved once, with minimum =
 * maximum, and never grown: growing would detach its ArrayBuffer, and one detach anywhere
 * makes V8 check every typed-array access afterwards (README, "Benchmarks").
 */
export const B_AT = 0;
export const A_AT = B_AT + KC * NC;
export const C_AT = A_AT + MC * KC;
const FLOATS = C_AT + CM * NC;
const PAGE_BYTES = 65536;
export const PAGES = Math.ceil((FLOATS * 4) / PAGE_BYTES);

/** The instantiated kernels, their memory and a float32 view of it. */
export interface Arena {
  memory: WebAssembly.Memory;
  /** The whole memory as float32, made once (the buffer never changes). */
  f32: Float32Array;
  /** See gemmBlockFunction; byte addresses. */
  gemmBlock: (ap: number, bp: number, cp: number, mPanels: number, nPanels: number, kc: number, ldc: number, add: number) => void;
}

let arena: Arena | null = null;

/**
 * The arena, assembled and instantiated on first use. Synchronous compile is fine in browsers
 * too: the module is far below the 4 KiB main-thread limit Chrome puts on `new WebAssembly.Module`.
 */
export function getArena(): Arena {
  if (arena !== null) return arena;
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
  const bytes = assembleModule({ module: 'env', field: 'memory', pages: PAGES }, [gemmBlockFunction()]);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const gemmBlock = instance.exports['gemmBlock'];
  if (typeof gemmBlock !== 'function') throw new Error('wasm arena: the module did not export gemmBlock');
  arena = { memory, f32: new Float32Array(memory.buffer), gemmBlock: gemmBlock as Arena['gemmBlock'] };
  return arena;
}

/** The bytes of the kernel module (for tests and curious readers). */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule({ module: 'env', field: 'memory', pages: PAGES }, [gemmBlockFunction()]);
}

export { MR, NR };
