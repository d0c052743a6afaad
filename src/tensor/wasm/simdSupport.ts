import { Code } from './code.js';
import { assembleModule } from './module.js';
import { ValType } from './opcodes.js';

/**
 * True when this engine has WebAssembly with 128-bit SIMD: it validates a module whose one
 * function splats an f32 into a v128 local. False where WebAssembly is missing or disabled
 * (some locked-down browsers and JIT-less modes), so callers keep the JS kernels there.
 */
export function simdSupported(): boolean {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (wasm === undefined || typeof wasm.validate !== 'function') return false;
  const code = new Code().localGet(0).f32x4Splat().localSet(1).end();
  const bytes = assembleModule(null, [{ name: 'probe', params: [ValType.f32], results: [], locals: [ValType.v128], code }]);
  try {
    return wasm.validate(bytes);
  } catch {
    return false;
  }
}
