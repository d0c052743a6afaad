/**
 * Loads TensorFlow.js (an optional peer for `bench/run.ts --compare`) and switches its backend.
 * The packages stay out of package.json; install them with TFJS_INSTALL.
 */
import type { Tf } from './tfjsTypes.js';

// tfjs-core alone registers no gradients (its bundles leave them out); the @tensorflow/tfjs bundle registers
// them all, and brings tfjs-core and the cpu backend. Importing tfjs-backend-wasm registers the wasm backend.
const PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];
const VERSION = '4.22.0';

export const TFJS_INSTALL = `npm install --no-save ${PACKAGES.map((p) => `${p}@${VERSION}`).join(' ')}`;

export type TfBackendName = 'cpu' | 'wasm';
export const TF_BACKENDS: readonly TfBackendName[] = ['cpu', 'wasm'];

/** import() with a specifier tsc does not resolve, so the bench type-checks without the package. */
async function importOptional(name: string): Promise<unknown> {
  const specifier: string = name;
  const mod: unknown = await import(specifier);
  // The packages are CommonJS: Node's ESM loader puts module.exports on `default`.
  const ns = mod as { default?: unknown };
  return ns.default ?? mod;
}

/** TensorFlow.js with its gradients and the cpu and wasm backends registered, or why not. */
export async function loadTfjs(): Promise<{ tf: Tf } | { error: string }> {
  try {
    const tf = (await importOptional(PACKAGES[0]!)) as Tf;
    // Importing a backend package registers the backend with tfjs-core.
    for (const p of PACKAGES.slice(1)) await importOptional(p);
    return { tf };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return { error: message };
  }
}

/**
 * Makes `name` the active backend; returns a label for tables such as "tfjs 4.22.0 wasm SIMD".
 * In Node the wasm backend runs single-threaded (no SharedArrayBuffer workers).
 */
export async function useBackend(tf: Tf, name: TfBackendName): Promise<string> {
  if (!(await tf.setBackend(name))) throw new Error(`bench/compare: TensorFlow.js backend "${name}" failed to initialise`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`bench/compare: asked for backend "${name}", TensorFlow.js runs "${tf.getBackend()}"`);
  let label = `tfjs ${tf.version_core} ${name}`;
  if (name === 'wasm') {
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
    label += `${simd ? ' SIMD' : ' no SIMD'}${threads ? ' threads' : ''}`;
  }
  return label;
}
