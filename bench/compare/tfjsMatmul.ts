/**
 * Throughput of TensorFlow.js's matMul on the active backend, same sizes, forms and timing as bench/matmul.ts.
 * Every call reads its result back (dataSync), so the timed region covers the whole product.
 */
import { Random } from '../../src/index.js';
import { FORMS, SIZES, measure } from '../matmul.js';
import type { MatmulForm } from '../matmul.js';
import type { Tf } from './tfjsTypes.js';

export interface TfMatmulRow {
  n: number;
  form: MatmulForm;
  ms: number;
  gflops: number;
}

function uniform(tf: Tf, n: number, r: Random) {
  const x = new Float32Array(n * n);
  for (let i = 0; i < x.length; i++) x[i] = r.uniform() * 2 - 1;
  return tf.tensor(x, [n, n]);
}

/** Rows for n = 64…512 in the forms A·B, Aᵀ·B, A·Bᵀ (tf.matMul(a, b, transposeA, transposeB)). */
export async function tfjsMatmul(tf: Tf, opts: { quick?: boolean } = {}): Promise<TfMatmulRow[]> {
  const repeats = opts.quick ? 3 : 7;
  const rows: TfMatmulRow[] = [];
  for (const n of SIZES) {
    const r = new Random(n);
    const a = uniform(tf, n, r), b = uniform(tf, n, r);
    const runs = FORMS.map(([, transA, transB]) => () => {
      const c = tf.matMul(a, b, transA, transB);
      c.dataSync();
      c.dispose();
    });
    const ms = measure(runs, repeats, 120);
    a.dispose();
    b.dispose();
    FORMS.forEach(([form], i) => rows.push({ n, form, ms: ms[i]!, gflops: (2 * n ** 3) / (ms[i]! * 1e6) }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return rows;
}
