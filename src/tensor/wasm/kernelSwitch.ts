import { simdSupported } from './simdSupport.js';
import { getArena } from './arena.js';

/** Which gemm kernels float32 products use: 'auto' = WebAssembly SIMD where the engine has it. */
export type KernelChoice = 'js' | 'wasm' | 'auto';
const CHOICES: readonly KernelChoice[] = ['js', 'wasm', 'auto'];

let simd: boolean | null = null;
/**
 * SIMD validates, and the kernels compile and instantiate: a page whose Content-Security-Policy
 * lacks 'wasm-unsafe-eval' validates modules but refuses to compile them, and keeps the JS kernels.
 */
function hasSimd(): boolean {
  if (simd !== null) return simd;
  simd = simdSupported();
  if (simd) {
    try {
      getArena();
    } catch {
      simd = false;
    }
  }
  return simd;
}

/** Read by gemm on every call: whether float32 products big enough go to WebAssembly. */
export let wasmKernelsOn = false;
let choice: KernelChoice = 'auto';

/**
 * Chooses the float32 gemm kernels for the whole process: 'js' forces the plain-JS kernels,
 * 'wasm' requires WebAssembly SIMD (throws where it is missing), 'auto' uses it where present.
 * float64 products always run in JS. The default comes from the environment variable
 * LRGAN_KERNELS (js | wasm | auto) where there is one (Node), else 'auto'.
 */
export function setKernels(kernels: KernelChoice): void {
  if (!CHOICES.includes(kernels)) {
    throw new Error(`setKernels: kernels must be one of ${CHOICES.join(', ')}, got ${String(kernels)}`);
  }
  if (kernels === 'wasm' && !hasSimd()) {
    throw new Error('setKernels: kernels "wasm" needs WebAssembly with 128-bit SIMD, which this engine lacks or may not compile; use "auto" or "js"');
  }
  choice = kernels;
  wasmKernelsOn = kernels !== 'js' && hasSimd();
}

/** The kernels float32 products of a worthwhile size run on now, and what was asked for. */
export function activeKernels(): { kernels: 'js' | 'wasm'; requested: KernelChoice } {
  return { kernels: wasmKernelsOn ? 'wasm' : 'js', requested: choice };
}

/** LRGAN_KERNELS, read without importing Node built-ins (the core also runs in browsers). */
function fromEnvironment(): KernelChoice {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const raw = env?.['LRGAN_KERNELS'];
  if (raw === undefined || raw === '') return 'auto';
  const v = raw.trim().toLowerCase();
  if (!(CHOICES as readonly string[]).includes(v)) {
    throw new Error(`LRGAN_KERNELS must be one of ${CHOICES.join(', ')}, got "${raw}"`);
  }
  return v as KernelChoice;
}

setKernels(fromEnvironment());
