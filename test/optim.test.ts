// Optimizers: closed-form first steps, skipped parameters, option and state-dict errors, and bit-exact
// resumption through optimizerStateToTensors/FromTensors. PyTorch trajectories: test/golden.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, matmul, mul, randn, sum, tanh } from '../src/index.js';
import type { DType } from '../src/index.js';
import { mseLoss } from '../src/nn/loss/index.js';
import { Adam, AdamW, SGD, optimizerStateFromTensors, optimizerStateToTensors } from '../src/nn/optim/index.js';
import type { AdamOptions, OptimizerStateDict, SgdOptions, TensorRecord } from '../src/nn/optim/index.js';

type AnyOptimizer = Adam | AdamW | SGD;

function leaf(values: number[], shape: number[], dtype: DType = 'float64'): Tensor {
  return new Tensor(dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values), shape).requireGrad();
}

function setGrad(p: Tensor, values: number[]): void {
  p.grad = new Tensor(p.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values), p.shape);
}

test('Adam first step moves each weight by lr·g/(|g| + eps); AdamW also decays it by lr·wd first', () => {
  const p = leaf([1, -2, 0.5], [3]);
  const adam = new Adam([p], { lr: 0.1 });
  setGrad(p, [0.3, -4, 0]);
  adam.step();
  const want = [1 - 0.1 * 0.3 / (0.3 + 1e-8), -2 + 0.1 * 4 / (4 + 1e-8), 0.5];
  want.forEach((w, i) => assert.ok(Math.abs(p.data[i]! - w) < 1e-15, `adam[${i}] ${p.data[i]} vs ${w}`));

  const q = leaf([1, -2, 0.5], [3]);
  const adamw = new AdamW([q], { lr: 0.1, weightDecay: 0.5 });
  setGrad(q, [0.3, -4, 0]);
  adamw.step();
  const wantW = [1 * 0.95 - 0.1 * 0.3 / (0.3 + 1e-8), -2 * 0.95 + 0.1 * 4 / (4 + 1e-8), 0.5 * 0.95];
  wantW.forEach((w, i) => assert.ok(Math.abs(q.data[i]! - w) < 1e-15, `adamw[${i}] ${q.data[i]} vs ${w}`));
  assert.is(new AdamW([leaf([0], [1])]).hyperparameters().weightDecay, 1e-2);
  assert.is(new Adam([leaf([0], [1])]).hyperparameters().weightDecay, 0);
});

test('SGD: plain, momentum (first buffer is the gradient, undampened), nesterov', () => {
  const p = leaf([1, 2], [2]);
  const sgd = new SGD([p], { lr: 0.5, momentum: 0.9, dampening: 0.5 });
  setGrad(p, [2, -2]);
  sgd.step(); // b = g = [2, −2]
  assert.equal(Array.from(p.data), [0, 3]);
  sgd.step(); // b = 0.9·b + 0.5·g = [2.8, −2.8]
  assert.equal(Array.from(p.data), [0 - 0.5 * (0.9 * 2 + 0.5 * 2), 3 + 0.5 * (0.9 * 2 + 0.5 * 2)]);

  const q = leaf([1], [1]);
  const nesterov = new SGD([q], { lr: 1, momentum: 0.5, nesterov: true });
  setGrad(q, [1]);
  nesterov.step(); // b = 1, d = g + μ·b = 1.5
  assert.equal(Array.from(q.data), [-0.5]);
});

test('parameters without a gradient are skipped and keep their own step count; zeroGrad sets grads to null', () => {
  const a = leaf([1, 1], [2]);
  const b = leaf([1], [1]);
  const opt = new Adam([['a', a], ['b', b]], { lr: 0.1 });
  setGrad(a, [1, 1]);
  opt.step();
  setGrad(b, [1]);
  opt.step();
  const before = Array.from(a.data);
  a.grad = null;
  opt.step();
  assert.equal(Array.from(a.data), before);
  const sd = opt.stateDict();
  assert.equal(sd.params.map((p) => [p.name, p.step]), [['a', 2], ['b', 2]]);
  opt.zeroGrad();
  assert.is(a.grad, null);
  assert.is(b.grad, null);
  // b's second update used bias correction for t = 2, as PyTorch's per-parameter step
  assert.is(Object.keys(sd.params[1]!.buffers).sort().join(), 'exp_avg,exp_avg_sq');
});

test('option errors name the option', () => {
  const p = [leaf([0], [1])];
  const cases: [() => unknown, RegExp][] = [
    [() => new Adam(p, { lr: NaN }), /Adam: lr must be a finite number, got NaN/],
    [() => new Adam(p, { lr: -1 }), /Adam: lr must be ≥ 0, got -1/],
    [() => new Adam(p, { betas: [0.9, 1] }), /Adam: betas\[1\] must be a finite number in \[0, 1\), got 1/],
    [() => new Adam(p, { betas: [Infinity, 0.9] }), /betas\[0\]/],
    [() => new AdamW(p, { eps: -1e-8 }), /AdamW: eps must be ≥ 0/],
    [() => new AdamW(p, { weightDecay: Infinity }), /AdamW: weightDecay must be a finite number, got Infinity/],
    [() => new Adam(p, { weight_decay: 0.1 } as AdamOptions), /Adam: unknown option "weight_decay"/],
    [() => new Adam(p, { amsgrad: 1 } as unknown as AdamOptions), /Adam: amsgrad must be a boolean/],
    [() => new SGD(p, {} as SgdOptions), /SGD: option lr is required/],
    [() => new SGD(p, { lr: 0.1, momentum: -0.5 }), /SGD: momentum must be ≥ 0/],
    [() => new SGD(p, { lr: 0.1, nesterov: true }), /SGD: nesterov needs momentum > 0 and dampening 0/],
    [() => new SGD(p, { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }), /nesterov needs momentum > 0 and dampening 0/],
    [() => new SGD(p, { lr: 0.1, dampening: NaN }), /SGD: dampening must be a finite number/],
    [() => new SGD([p[0]!, p[0]!], { lr: 0.1 }), /SGD: params\[1\] appears more than once/],
    [() => new SGD([mul(p[0]!, 2)], { lr: 0.1 }), /SGD: params\[0\] is not a leaf tensor/],
    [() => new Adam([]), /Adam: got an empty parameter list/],
  ];
  for (const [f, re] of cases) assert.throws(f, re);
  const opt = new Adam(p);
  opt.lr = 0.5;
  assert.is(opt.lr, 0.5);
  assert.throws(() => { opt.lr = Infinity; }, /Adam: lr must be a finite number/);
  assert.is(opt.lr, 0.5);
});

test('a float32 grad on a float64 parameter (or of another size) is an error', () => {
  const p = leaf([1, 2], [2]);
  const opt = new SGD([p], { lr: 1 });
  p.grad = new Tensor(new Float32Array(2), [2]);
  assert.throws(() => opt.step(), /SGD.step: param 0 is float64 \[2\] but its grad is float32 \[2\]/);
});

/** A small nonlinear regression whose gradients depend on the parameters; p2 gets no gradient on steps ≡ 2 mod 3. */
function makeProblem(dtype: DType) {
  const w1 = randn([4, 3], 1, { dtype }).requireGrad();
  const w2 = randn([2, 4], 2, { dtype }).requireGrad();
  const p2 = randn([2], 3, { dtype }).requireGrad();
  const x = randn([5, 3], 4, { dtype });
  const y = randn([5, 2], 5, { dtype });
  const params: [string, Tensor][] = [['w1', w1], ['w2', w2], ['p2', p2]];
  const lossAt = (k: number): Tensor => {
    const h = tanh(matmul(x, w1, { transB: true }));
    const out = matmul(h, w2, { transB: true });
    const loss = mseLoss(out, y);
    return k % 3 === 2 ? loss : sum(mul(loss, sum(mul(p2, p2))));
  };
  return { params, lossAt };
}

function train(opt: AnyOptimizer, lossAt: (k: number) => Tensor, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    opt.zeroGrad();
    lossAt(k).backward();
    opt.step();
  }
}

/** stateDict → tensors + metadata → (copies, as a file would hold) → stateDict. */
function roundTrip(sd: OptimizerStateDict): OptimizerStateDict {
  const { tensors, metadata } = optimizerStateToTensors(sd);
  const copied: Record<string, TensorRecord> = {};
  for (const [k, t] of Object.entries(tensors)) copied[k] = { dtype: t.dtype, shape: t.shape.slice(), data: t.data.slice() };
  return optimizerStateFromTensors(copied, JSON.parse(JSON.stringify(metadata)) as string);
}

const makers: [string, (ps: [string, Tensor][]) => AnyOptimizer][] = [
  ['Adam', (ps) => new Adam(ps, { lr: 0.01 })],
  ['Adam amsgrad + wd', (ps) => new Adam(ps, { lr: 0.01, weightDecay: 0.1, amsgrad: true })],
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.02, betas: [0.8, 0.95] })],
  ['SGD nesterov', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['SGD dampening', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.5, dampening: 0.2 })],
];

for (const dtype of ['float32', 'float64'] as const) {
  for (const [name, make] of makers) {
    test(`${name} (${dtype}): 5 steps + save/restore into a fresh optimizer + 5 steps is bit-identical to 10 steps`, () => {
      const a = makeProblem(dtype);
      const straight = make(a.params);
      train(straight, a.lossAt, 0, 10);

      const b = makeProblem(dtype);
      const first = make(b.params);
      train(first, b.lossAt, 0, 5);
      const saved = roundTrip(first.stateDict());
      const { tensors } = optimizerStateToTensors(first.stateDict());
      assert.ok('state.0.exp_avg' in tensors || 'state.0.momentum_buffer' in tensors);
      assert.is(tensors['state.2.step']!.data[0], 4); // p2 had no gradient on step 2 of 0..4
      const resumed = make(b.params);
      resumed.loadStateDict(saved);
      train(resumed, b.lossAt, 5, 10);

      a.params.forEach(([n, p], i) => {
        const q = b.params[i]![1];
        for (let j = 0; j < p.size; j++) {
          if (!Object.is(p.data[j], q.data[j])) assert.unreachable(`${n}[${j}]: uninterrupted ${p.data[j]} vs resumed ${q.data[j]}`);
        }
      });
      assert.equal(resumed.stateDict().params.map((p) => p.step), straight.stateDict().params.map((p) => p.step));
    });
  }
}

test('stateDict is a copy; loadStateDict checks kind, counts, names, shapes, dtypes and state arrays', () => {
  const { params, lossAt } = makeProblem('float32');
  const opt = new Adam(params, { lr: 0.01 });
  train(opt, lossAt, 0, 2);
  const sd = opt.stateDict();
  const snapshot = Array.from(sd.params[0]!.buffers.exp_avg!);
  train(opt, lossAt, 2, 3);
  assert.equal(Array.from(sd.params[0]!.buffers.exp_avg!), snapshot);

  const fresh = (): Adam => new Adam(makeProblem('float32').params);
  const clone = (): OptimizerStateDict => roundTrip(sd);
  assert.throws(() => new SGD(params, { lr: 1 }).loadStateDict(clone()), /SGD.loadStateDict: the state is for a Adam optimizer, not SGD/);
  assert.throws(() => new Adam(params.slice(0, 2)).loadStateDict(clone()), /the state has 3 parameter\(s\) but this optimizer has 2/);
  const renamed = clone();
  renamed.params[1]!.name = 'other';
  assert.throws(() => fresh().loadStateDict(renamed), /param 1 \("w2"\) is named "w2" but the state's is "other"/);
  const reshaped = clone();
  reshaped.params[0]!.shape = [3, 4];
  assert.throws(() => fresh().loadStateDict(reshaped), /param 0 \("w1"\) has shape \[4,3\] but the state's is \[3,4\]/);
  assert.throws(() => new Adam(makeProblem('float64').params).loadStateDict(clone()), /is float64 but the state's is float32/);
  const missing = clone();
  delete missing.params[0]!.buffers.exp_avg_sq;
  assert.throws(() => fresh().loadStateDict(missing), /expected state arrays \[exp_avg, exp_avg_sq\] after 2 step\(s\), got \[exp_avg\]/);
  const short = clone();
  short.params[0]!.buffers.exp_avg = new Float32Array(3);
  assert.throws(() => fresh().loadStateDict(short), /state array "exp_avg" has 3 elements but the parameter has 12/);
  const amsgrad = clone();
  amsgrad.hyperparameters.amsgrad = true;
  const target = fresh();
  assert.throws(() => target.loadStateDict(amsgrad), /max_exp_avg_sq/);
  assert.is(target.hyperparameters().lr, 1e-3, 'a failed load changes nothing');
  const bad = clone();
  bad.hyperparameters.lr = -1;
  assert.throws(() => fresh().loadStateDict(bad), /Adam: lr must be ≥ 0/);
  const ok = fresh();
  ok.loadStateDict(clone());
  assert.is(ok.lr, 0.01);
});

test('optimizerStateFromTensors: missing, unexpected and mis-shaped tensors and bad metadata are errors', () => {
  const { params, lossAt } = makeProblem('float64');
  const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
  train(opt, lossAt, 0, 1);
  const { tensors, metadata } = optimizerStateToTensors(opt.stateDict());
  assert.equal(Object.keys(tensors).sort(), [
    'state.0.momentum_buffer', 'state.0.step', 'state.1.momentum_buffer', 'state.1.step', 'state.2.momentum_buffer', 'state.2.step',
  ]);
  assert.equal(tensors['state.0.momentum_buffer']!.shape, [4, 3]);
  const without = { ...tensors };
  delete without['state.1.momentum_buffer'];
  assert.throws(() => optimizerStateFromTensors(without, metadata), /missing tensor "state.1.momentum_buffer"/);
  assert.throws(() => optimizerStateFromTensors({ ...tensors, 'state.7.step': tensors['state.0.step']! }, metadata), /tensor "state.7.step" is not described/);
  const wrong = { ...tensors, 'state.0.momentum_buffer': { dtype: 'float64' as const, shape: [12], data: new Float64Array(12) } };
  assert.throws(() => optimizerStateFromTensors(wrong, metadata), /tensor "state.0.momentum_buffer" has shape \[12\], expected \[4,3\]/);
  assert.throws(() => optimizerStateFromTensors(tensors, '{'), /metadata is not valid JSON/);
  assert.throws(() => optimizerStateFromTensors(tensors, '{"format":"x"}'), /not lrgan optimizer state/);
  // Other keys (e.g. model weights in the same file) are ignored.
  const back = optimizerStateFromTensors({ ...tensors, '0.weight': { shape: [1], data: [1] } }, metadata);
  assert.equal(back.params.map((p) => p.step), [1, 1, 1]);
});

test.run();
