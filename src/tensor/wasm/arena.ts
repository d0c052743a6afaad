import { gemmBlockFunction, MR, NR } from './gemmKernel.js';
import { assembleModule } from './module.js';
import { packFunction, packLanesFunction, storeFunction } from './packKernel.js';

/**
 * Block sizes of the WebAssembly gemm, in elements: depth KC, rows of one packed A block MC,
 * columns of one packed B block NC, and rows of C kept in the arena at once CM (a chunk).
 * MC, CM are multiples of MR and NC of NR, so padded panels never run past their region.
 */
export const KC = 256;
export const MC = 64;
export const NC = 512;
export const CM = 256;
/** Floats in each staging region, where operands land by memcpy (TypedArray.set) before packing. */
export const STAGE = 1 << 18;

/**
 * Float offsets of the regions. The memory is reserved once, with minimum = maximum, and never
 * grown: growing would detach its ArrayBuffer, and one detach anywhere makes V8 check every
 * typed-array access afterwards (README, "Benchmarks"). Larger operands stream through in blocks.
 */
export const PACKED_B = 0;
export const PACKED_A = PACKED_B + KC * NC;
export const C_WORK = PACKED_A + MC * KC;
export const STAGE_A = C_WORK + CM * NC;
export const STAGE_B = STAGE_A + STAGE;
export const STAGE_C = STAGE_B + STAGE;
const FLOATS = STAGE_C + STAGE;
export const PAGES = Math.ceil((FLOATS * 4) / 65536);

/** Byte addresses and strides, counts ≥ 1; see the emitting functions for each loop nest. */
export interface Kernels {
  gemmBlock: (ap: number, bp: number, cp: number, mPanels: number, nPanels: number, kc: number, ldc: number, add: number) => void;
  gemmBlockStrided: (ap: number, aRow: number, aStep: number, bp: number, cp: number, mPanels: number, nPanels: number, kc: number, ldc: number, add: number) => void;
  packA: (src: number, lineStride: number, stepStride: number, lines: number, kc: number, dst: number) => void;
  packB: (src: number, lineStride: number, stepStride: number, lines: number, kc: number, dst: number) => void;
  packALanes: (src: number, stepStride: number, panels: number, kc: number, dst: number) => void;
  packBLanes: (src: number, stepStride: number, panels: number, kc: number, dst: number) => void;
  storeC: (src: number, srcStride: number, rows: number, cols: number, dst: number, dstStride: number, add: number) => void;
}

/** The instantiated kernels, their memory and a float32 view of all of it (made once: the buffer never changes). */
export interface Arena extends Kernels {
  memory: WebAssembly.Memory;
  f32: Float32Array;
}

const NAMES: readonly (keyof Kernels)[] = ['gemmBlock', 'gemmBlockStrided', 'packA', 'packB', 'packALanes', 'packBLanes', 'storeC'];

/** The bytes of the kernel module: one imported memory, the functions of Kernels. */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule({ module: 'env', field: 'memory', pages: PAGES },
    [gemmBlockFunction(false), gemmBlockFunction(true), packFunction('packA', MR), packFunction('packB', NR),
      packLanesFunction('packALanes', MR), packLanesFunction('packBLanes', NR), storeFunction()]);
}

let arena: Arena | null = null;

/**
 * The arena, assembled and instantiated on first use. Synchronous compile is fine in browsers
 * too: the module is far below the 4 KiB that Chrome allows `new WebAssembly.Module` on the main thread.
 */
export function getArena(): Arena {
  if (arena !== null) return arena;
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelModuleBytes()), { env: { memory } });
  const fns: Partial<Kernels> = {};
  for (const name of NAMES) {
    const f = instance.exports[name];
    if (typeof f !== 'function') throw new Error(`wasm arena: the module did not export ${name}`);
    (fns as Record<string, unknown>)[name] = f;
  }
  arena = { ...(fns as Kernels), memory, f32: new Float32Array(memory.buffer) };
  return arena;
}

export { MR, NR };
