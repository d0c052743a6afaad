// The WebAssembly elementwise and Adam kernels give the bytes of the JS loops they replace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Tensor } from '../src/tensor/tensor.js';
import { unary, addRowVectorInPlace, leakyReluBackwardKernel } from '../src/tensor/elementwise.js';
import { setKernels, activeKernels } from '../src/tensor/index.js';
import { Random } from '../src/tensor/random.js';
import { STAGE } from '../src/tensor/wasm/arena.js';
import { adamUpdate } from '../src/nn/optim/adamUpdate.js';
import type { AdamHyperparameters } from '../src/nn/optim/adamUpdate.js';
import { FC } from './helpers/gradcheck.js';

/** Values with the cases a sign test can get wrong: ±0, ±∞, NaN, subnormals, and ordinary numbers. */
const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1.17e-38, -3.5, 2.25];

function values(n: number, seed: number, special: boolean): Float32Array {
  const r = new Random(seed), x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = special && r.uniform() < 0.2 ? SPECIAL[Math.floor(r.uniform() * SPECIAL.length)]! : (r.uniform() * 2 - 1) * 10;
  return x;
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.is(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.unreachable(`${what}[${i}]: ${a[i]} (js) vs ${b[i]} (wasm)`);
}

/** f run under the JS kernels and under the WebAssembly kernels, restoring the kernel choice after. */
function bothKernels<R>(f: () => R): { js: R; wasm: R } {
  const before = activeKernels().requested;
  try {
    setKernels('js');
    const js = f();
    setKernels('wasm');
    return { js, wasm: f() };
  } finally {
    setKernels(before);
  }
}

// Sizes around the switch to WebAssembly (256) and past one staging block, so the streaming is tested.
const size = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(255, 256, 257, STAGE - 1, STAGE + 7));

test('leakyRelu forward and backward: WebAssembly bytes = JS bytes (tails, specials, streaming)', () => {
  fc.assert(fc.property(size, fc.integer(), fc.constantFrom(0.2, 0.01, 0, 1, 1.5, -0.3), (n, seed, slope) => {
    const x = new Tensor(values(n, seed, true), [n]), g = new Tensor(values(n, seed + 1, true), [n]);
    const fwd = bothKernels(() => unary('leakyRelu', x, slope).data);
    sameBytes(fwd.js, fwd.wasm, `leakyRelu n=${n} slope=${slope}`);
    const bwd = bothKernels(() => leakyReluBackwardKernel(g, x, slope).data);
    sameBytes(bwd.js, bwd.wasm, `leakyRelu backward n=${n} slope=${slope}`);
  }), { ...FC, numRuns: 25 });
});

test('bias add: WebAssembly bytes = JS bytes for any row length, in place', () => {
  const dims = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 1, max: 70 })),
    fc.constantFrom([3, 4] as [number, number], [64, 256] as [number, number], [1030, 256] as [number, number], [2, STAGE] as [number, number]),
  );
  fc.assert(fc.property(dims, fc.integer(), ([rows, cols], seed) => {
    const y = values(rows * cols, seed, true), b = values(cols, seed + 1, true);
    const out = bothKernels(() => {
      const yy = y.slice();
      addRowVectorInPlace(yy, b, rows, cols);
      return yy;
    });
    sameBytes(out.js, out.wasm, `bias add [${rows},${cols}]`);
  }), { ...FC, numRuns: 25 });
});

test("Adam without weight decay: WebAssembly bytes = JS bytes over several steps (θ, m, v)", () => {
  const h: AdamHyperparameters = { lr: 2e-3, betas: [0.5, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false };
  fc.assert(fc.property(fc.oneof(fc.integer({ min: 200, max: 2000 }), fc.constantFrom(STAGE / 2 + 13)), fc.integer(), (n, seed) => {
    const out = bothKernels(() => {
      const theta = values(n, seed, false), m = new Float32Array(n), v = new Float32Array(n);
      for (let t = 1; t <= 4; t++) adamUpdate(theta, values(n, seed + t, t === 3), m, v, null, t, h, false);
      return { theta, m, v };
    });
    sameBytes(out.js.theta, out.wasm.theta, `Adam θ n=${n}`);
    sameBytes(out.js.m, out.wasm.m, `Adam m n=${n}`);
    sameBytes(out.js.v, out.wasm.v, `Adam v n=${n}`);
  }), { ...FC, numRuns: 12 });
});

test('Adam with L2 weight decay and AdamW: WebAssembly bytes = the general JS loop', () => {
  fc.assert(fc.property(fc.integer({ min: 256, max: 1500 }), fc.integer(), fc.boolean(), (n, seed, decoupled) => {
    const h: AdamHyperparameters = { lr: 3e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: decoupled ? 0.01 : 1e-4, amsgrad: false };
    const out = bothKernels(() => {
      const theta = values(n, seed, false), m = new Float32Array(n), v = new Float32Array(n);
      for (let t = 1; t <= 3; t++) {
        const g = values(n, seed + t, false), before = g.slice();
        adamUpdate(theta, g, m, v, null, t, h, decoupled);
        sameBytes(g, before, `the gradient is left as it was, n=${n}`);
      }
      return { theta, m, v };
    });
    sameBytes(out.js.theta, out.wasm.theta, `θ n=${n} decoupled=${decoupled}`);
    sameBytes(out.js.m, out.wasm.m, `m n=${n} decoupled=${decoupled}`);
  }), { ...FC, numRuns: 10 });
});
test.run();
