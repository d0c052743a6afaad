// Losses and optimizers against reference values from PyTorch 1.13
// (test/fixtures/golden.json, written by test/fixtures/make_golden.py; no Python needed here).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, mul, sum } from '../src/index.js';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, mseLoss } from '../src/nn/loss/index.js';
import { Adam, AdamW, SGD } from '../src/nn/optim/index.js';
import type { AdamOptions, SgdOptions } from '../src/nn/optim/index.js';
import { assertClose, golden, t64 } from './helpers/golden.js';
import type { LossCase, OptimizerConfig, Rec } from './helpers/golden.js';

/** Loss value and gradients of Σ probe ⊙ loss ('none') or of the scalar loss, as make_golden.py's loss_run. */
function runLoss(f: (x: Tensor, y: Tensor) => Tensor, input: Rec, target: Rec, probe: Rec, c: LossCase, name: string): void {
  const x = t64(input, true);
  const y = t64(target, c.gradTarget !== undefined);
  const out = f(x, y);
  if (c.reduction === 'none') {
    assertClose(out.data, c.value as number[], `${name} value`);
    sum(mul(out, t64(probe))).backward();
  } else {
    assert.equal(out.shape, [], `${name}: scalar output`);
    assertClose(out.data, [c.value as number], `${name} value`);
    out.backward();
  }
  assertClose(x.grad!.data, c.gradInput, `${name} ∂/∂input`);
  if (c.gradTarget) assertClose(y.grad!.data, c.gradTarget, `${name} ∂/∂target`);
}

test('binaryCrossEntropyWithLogits matches PyTorch (logits ±1000 and 0, posWeight, weight, each reduction)', () => {
  const g = golden.bceWithLogits;
  for (const c of g.cases) {
    const name = `bceWithLogits(${c.reduction}${c.posWeight ? ', posWeight' : ''}${c.weight ? ', weight' : ''})`;
    runLoss((x, y) => binaryCrossEntropyWithLogits(x, y, {
      reduction: c.reduction,
      ...(c.posWeight ? { posWeight: t64(g.posWeight) } : {}),
      ...(c.weight ? { weight: t64(g.weight) } : {}),
    }), g.logits, g.targets, g.probe, c, name);
  }
});

test('binaryCrossEntropy matches PyTorch (probs 0 and 1 exactly, log clamp −100, weight, each reduction)', () => {
  const g = golden.bce;
  for (const c of g.cases) {
    const name = `bce(${c.reduction}${c.weight ? ', weight' : ''})`;
    runLoss((x, y) => binaryCrossEntropy(x, y, { reduction: c.reduction, ...(c.weight ? { weight: t64(g.weight) } : {}) }),
      g.probs, g.targets, g.probe, c, name);
  }
});

test('mseLoss matches PyTorch for each reduction', () => {
  const g = golden.mse;
  for (const c of g.cases) runLoss((x, y) => mseLoss(x, y, { reduction: c.reduction }), g.input, g.target, g.probe, c, `mse(${c.reduction})`);
});

function makeOptimizer(c: OptimizerConfig, params: Tensor[]): { step(): void } {
  if (c.kind === 'SGD') return new SGD(params, c.options as unknown as SgdOptions);
  const o = c.options as AdamOptions;
  return c.kind === 'Adam' ? new Adam(params, o) : new AdamW(params, o);
}

for (const dtype of ['float64', 'float32'] as const) {
  test(`optimizers follow PyTorch's ${dtype} trajectories (5 steps, one skipped gradient)`, () => {
    const g = golden.optimizers;
    const run = g.runs[dtype];
    const shapes: number[][] = g.shapes;
    // float32: PyTorch's kernels may fuse a multiply-add where we round twice; a few ulp of drift is allowed.
    const [rtol, atol] = dtype === 'float64' ? [1e-12, 1e-14] : [1e-6, 1e-7];
    let exact = 0, total = 0;
    for (const c of g.configs) {
      const name = `${c.kind}(${JSON.stringify(c.options)}) ${dtype}`;
      const params = shapes.map((s, i) => {
        const data = dtype === 'float64' ? Float64Array.from(run.start[i]!) : Float32Array.from(run.start[i]!);
        return new Tensor(data, s).requireGrad();
      });
      const opt = makeOptimizer(c, params);
      run.grads.forEach((step, k) => {
        params.forEach((p, i) => {
          const gi = step[i];
          p.grad = gi === null || gi === undefined ? null : new Tensor(dtype === 'float64' ? Float64Array.from(gi) : Float32Array.from(gi), p.shape);
        });
        opt.step();
        params.forEach((p, i) => {
          const want = c.after[dtype][k]![i]!;
          assertClose(p.data, want, `${name} step ${k + 1} param ${i}`, rtol, atol);
          for (let j = 0; j < want.length; j++, total++) if (p.data[j] === want[j]) exact++;
        });
      });
    }
    if (dtype === 'float32') assert.ok(exact / total > 0.9, `float32: only ${exact}/${total} values bit-identical to PyTorch`);
  });
}

test.run();
