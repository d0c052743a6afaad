// The fused and specialized loops of the training step give the same bytes as the general paths they replace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as T from '../src/index.js';
import { Tensor } from '../src/tensor/tensor.js';
import { reduce } from '../src/tensor/reduce.js';
import { adamUpdate } from '../src/nn/optim/adamUpdate.js';
import type { AdamHyperparameters } from '../src/nn/optim/adamUpdate.js';
import { FC } from './helpers/gradcheck.js';

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.is(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.unreachable(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

const dims = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }));

test("tanh's fused backward gives the bytes of mul(g, sub(1, mul(y, y)))", () => {
  fc.assert(fc.property(dims, fc.integer(), fc.constantFrom('float32' as const, 'float64' as const), ([r, c], seed, dtype) => {
    const x = T.mul(T.randn([r, c], seed, { dtype }), 3).requireGrad();
    const g = T.randn([r, c], seed + 1, { dtype });
    const y = T.tanh(x);
    y.backward(g);
    const want = T.noGrad(() => T.mul(g, T.sub(1, T.mul(y, y))));
    sameBytes(x.grad!.data, want.data, `tanh backward ${dtype} [${r},${c}]`);
  }), FC);
});

test('a sum over the rows of a matrix (bias gradient) gives the bytes of the general reduction', () => {
  fc.assert(fc.property(dims, fc.integer(), fc.constantFrom('float32' as const, 'float64' as const), fc.boolean(), ([r, c], seed, dtype, keep) => {
    const x = T.mul(T.randn([r, c], seed, { dtype }), 100);
    const fast = reduce('sum', x, [0], keep);
    // The same rows as a 3-D tensor take the general strided loop.
    const general = reduce('sum', new Tensor(x.data, [1, r, c]), [1], keep);
    assert.equal(fast.shape, keep ? [1, c] : [c]);
    sameBytes(fast.data, general.data, `sum rows ${dtype} [${r},${c}]`);
  }), FC);
});

test('a sum over leading and trailing dims (batch sums, conv bias gradients) gives the bytes of the general loop', () => {
  const shapes = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 6 }));
  fc.assert(fc.property(shapes, fc.integer(), fc.constantFrom('float32' as const, 'float64' as const), fc.boolean(), ([a, k, i], seed, dtype, trailing) => {
    const x = T.mul(T.randn([a, k, i], seed, { dtype }), 100);
    const fast = reduce('sum', x, trailing ? [0, 2] : [0], false);
    // The general loop: each output starts from its stored value, adds one run of the inner dim in a double, stores.
    const want = dtype === 'float32' ? new Float32Array(trailing ? k : k * i) : new Float64Array(trailing ? k : k * i);
    for (let p = 0; p < a; p++) {
      for (let q = 0; q < k; q++) {
        if (trailing) {
          let acc = want[q]!;
          for (let r = 0; r < i; r++) acc += x.data[(p * k + q) * i + r]!;
          want[q] = acc;
        } else for (let r = 0; r < i; r++) want[q * i + r] += x.data[(p * k + q) * i + r]!;
      }
    }
    sameBytes(fast.data, want, `sum ${dtype} [${a},${k},${i}] over ${trailing ? '0,2' : '0'}`);
  }), FC);
});

/** Adam's float32 update as the general loop writes it (every product and sum rounded to float32). */
function referenceAdam32(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, step: number, h: AdamHyperparameters): void {
  const r = Math.fround;
  const [beta1, beta2] = h.betas;
  const s = r(-(h.lr / (1 - beta1 ** step))), c = r(Math.sqrt(1 - beta2 ** step));
  for (let i = 0; i < theta.length; i++) {
    const g = grad[i]!;
    m[i] = r(r(m[i]! * r(beta1)) + r(1 - beta1) * g);
    v[i] = r(r(v[i]! * r(beta2)) + r(r(1 - beta2) * g) * g);
    theta[i] = theta[i]! + r(r(s * m[i]!) / r(r(r(Math.sqrt(v[i]!)) / c) + r(h.eps)));
  }
}

test("Adam's float32 loop without weight decay or AMSGrad matches the reference bytes over several steps", () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.boolean(), (n, seed, decoupled) => {
    const h: AdamHyperparameters = { lr: 2e-3, betas: [0.5, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false };
    const theta = T.randn([n], seed).data as Float32Array;
    const t2 = theta.slice(), m = new Float32Array(n), v = new Float32Array(n), m2 = m.slice(), v2 = v.slice();
    for (let step = 1; step <= 4; step++) {
      const g = T.randn([n], seed + step).data as Float32Array;
      adamUpdate(theta, g, m, v, null, step, h, decoupled);
      referenceAdam32(t2, g, m2, v2, step, h);
    }
    sameBytes(theta, t2, 'theta');
    sameBytes(m, m2, 'exp_avg');
    sameBytes(v, v2, 'exp_avg_sq');
  }), FC);
});

test.run();
