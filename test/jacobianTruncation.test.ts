import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Tensor } from '../src/tensor/tensor.js';
import { Random } from '../src/tensor/random.js';
import { noGrad } from '../src/autograd/index.js';
import { Linear } from '../src/nn/linear.js';
import { Tanh } from '../src/nn/activations.js';
import { Sequential } from '../src/nn/sequential.js';
import { checkConfig, defaultConfig } from '../src/gan/config.js';
import { EXACT_JACOBIAN_MAX_DIM, jacobianNormsSquared, smoothestRows, truncationPool } from '../src/gan/jacobianTruncation.js';
import { GanTrainer, sampleGenerator } from '../src/gan/trainer.js';
import { FC } from './helpers/gradcheck.js';
import { throwsWith } from './helpers/throwsWith.js';
import { ringData, tinyConfig } from './helpers/tinyGan.js';

const latents = (rows: number, cols: number, seed: number, dtype: Tensor['dtype'] = 'float64'): Tensor => {
  const rng = new Random(seed);
  const z = Tensor.empty([rows, cols], dtype);
  for (let i = 0; i < z.size; i++) z.data[i] = rng.normal();
  return z;
};

const mlp = (latent: number, hidden: number, out: number, seed: number): Sequential =>
  new Sequential(new Linear(latent, hidden, { seed, dtype: 'float64' }), new Tanh(), new Linear(hidden, out, { seed: seed + 1, dtype: 'float64' }));

/** ‖J‖²_F by central differences along each latent axis, float64. */
function finiteDifferenceNorms(net: Sequential, z: Tensor, eps = 1e-5): number[] {
  const [rows, latent] = z.shape as [number, number];
  const norms = new Array<number>(rows).fill(0);
  for (let k = 0; k < latent; k++) {
    const shifted = (h: number): Float64Array => {
      const zs = new Tensor(Float64Array.from(z.data), [rows, latent]);
      for (let r = 0; r < rows; r++) zs.data[r * latent + k] += h;
      return Float64Array.from(noGrad(() => net.forward(zs)).data);
    };
    const plus = shifted(eps), minus = shifted(-eps);
    const dim = plus.length / rows;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < dim; c++) norms[r] += ((plus[r * dim + c]! - minus[r * dim + c]!) / (2 * eps)) ** 2;
    }
  }
  return norms;
}

test('jacobianNormsSquared: exact ‖∂G/∂z‖²_F against central differences (float64, random sizes)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: EXACT_JACOBIAN_MAX_DIM }), fc.integer({ min: 1, max: 9 }), fc.nat(1000), (latent, hidden, out, rows, seed) => {
      const net = mlp(latent, hidden, out, seed);
      const z = latents(rows, latent, seed);
      const got = jacobianNormsSquared(net, z);
      const want = finiteDifferenceNorms(net, z);
      for (let r = 0; r < rows; r++) assert.ok(Math.abs(got[r]! - want[r]!) <= 1e-6 * (1 + want[r]!), `row ${r}: ${got[r]} vs ${want[r]}`);
    }),
    FC,
  );
});

test('jacobianNormsSquared: a linear map has ‖W‖²_F everywhere; wide outputs are estimated without bias', () => {
  for (const out of [3, 40]) {
    const layer = new Linear(5, out, { seed: 7, dtype: 'float64' });
    let frobenius = 0;
    for (const w of layer.weight.data) frobenius += w * w;
    const norms = jacobianNormsSquared(new Sequential(layer), latents(2000, 5, 1), 3);
    let mean = 0;
    for (const v of norms) mean += v / norms.length;
    if (out <= EXACT_JACOBIAN_MAX_DIM) {
      for (const v of norms) assert.ok(Math.abs(v - frobenius) < 1e-9 * frobenius);
    } else {
      // 16 projections per row: each row is a noisy estimate, their mean is close.
      assert.ok(Math.abs(mean - frobenius) < 0.03 * frobenius, `mean ${mean} vs ${frobenius}`);
      assert.ok(norms.some((v) => Math.abs(v - frobenius) > 0.05 * frobenius), 'rows are estimates, not all exact');
    }
  }
});

test('jacobianNormsSquared leaves the parameters, their gradients and the train/eval mode as they were', () => {
  const net = mlp(3, 4, 2, 1);
  net.train(true);
  jacobianNormsSquared(net, latents(5, 3, 2));
  assert.ok(net.training);
  for (const p of net.parameters()) {
    assert.ok(p.requiresGrad);
    assert.is(p.grad, null);
  }
  throwsWith(() => jacobianNormsSquared(net, new Tensor(new Float64Array(3), [3])), 'jacobianNormsSquared: z must be [count, latent], got [3]');
});

test('smoothestRows keeps the rows of smallest Jacobian norm, in index order', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 40 }), fc.nat(1000), (pool, seed) => {
      const net = mlp(2, 6, 2, seed);
      const z = latents(pool, 2, seed);
      const count = 1 + (seed % pool);
      const kept = smoothestRows(net, z, count);
      assert.is(kept.length, count);
      for (let i = 1; i < kept.length; i++) assert.ok(kept[i - 1]! < kept[i]!);
      const norms = jacobianNormsSquared(net, z);
      const keptSet = new Set(kept);
      const worstKept = Math.max(...Array.from(kept, (i) => norms[i]!));
      for (let i = 0; i < pool; i++) if (!keptSet.has(i)) assert.ok(norms[i]! >= worstKept);
    }),
    FC,
  );
});

test('truncationPool draws ⌈count/keep⌉ latents and names a bad fraction', () => {
  assert.is(truncationPool(2500, 1), 2500);
  assert.is(truncationPool(2500, 0.9), 2778);
  assert.is(truncationPool(10, 0.3), 34);
  throwsWith(() => truncationPool(10, 0), 'jacobian truncation: keep must be in (0, 1], got 0');
  throwsWith(() => truncationPool(10, 1.5), 'jacobian truncation: keep must be in (0, 1], got 1.5');
});

test('sampleGenerator: keep 1 maps the first count latents; keep < 1 returns count of the pool, the same bytes per seed', () => {
  const net = mlp(3, 8, 2, 4);
  const plain = sampleGenerator(net, 3, 50, 9, { dtype: 'float64' });
  const pool = sampleGenerator(net, 3, 100, 9, { dtype: 'float64' });
  assert.equal(Array.from(plain.data), Array.from(pool.data.subarray(0, 100)));
  const kept = sampleGenerator(net, 3, 50, 9, { dtype: 'float64', keep: 0.5 });
  assert.equal(kept.shape, [50, 2]);
  assert.equal(Array.from(kept.data), Array.from(sampleGenerator(net, 3, 50, 9, { dtype: 'float64', keep: 0.5 }).data));
  const poolRows = new Set<string>();
  for (let r = 0; r < 100; r++) poolRows.add(`${pool.data[2 * r]},${pool.data[2 * r + 1]}`);
  for (let r = 0; r < 50; r++) assert.ok(poolRows.has(`${kept.data[2 * r]},${kept.data[2 * r + 1]}`), `row ${r} comes from the pool`);
  assert.not.equal(Array.from(kept.data), Array.from(plain.data));
  // Inside noGrad (as a caller's inference code may be) the norms still get their graph.
  assert.equal(Array.from(noGrad(() => sampleGenerator(net, 3, 50, 9, { dtype: 'float64', keep: 0.5 })).data), Array.from(kept.data));
});

test('the trainer samples with config.jacobianKeep unless told otherwise; checkConfig names a bad fraction', () => {
  const trainer = new GanTrainer(ringData(32, 1), tinyConfig({ sampling: { jacobianKeep: 0.8 }, seed: 3 }));
  trainer.train(5);
  const dflt = trainer.sample(40, 2, { ema: true });
  const explicit = trainer.sample(40, 2, { ema: true, keep: 0.8 });
  const off = trainer.sample(40, 2, { ema: true, keep: 1 });
  assert.equal(Array.from(dflt.data), Array.from(explicit.data));
  assert.not.equal(Array.from(dflt.data), Array.from(off.data));
  throwsWith(() => checkConfig(defaultConfig(2, { sampling: { jacobianKeep: 0 } })), 'config: sampling.jacobianKeep must be in (0, 1], got 0');
  throwsWith(() => checkConfig(defaultConfig(2, { sampling: { jacobianKeep: 1.2 } })), 'config: sampling.jacobianKeep must be in (0, 1], got 1.2');
});

test.run();
