// Module bookkeeping: PyTorch keys and order, train/eval, state dicts, strict loading errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor, randn, noGrad } from '../src/index.js';
import { Dropout, Identity, LeakyReLU, Linear, LowRankLinear, Module, ReLU, Sequential, Tanh } from '../src/nn/index.js';
import { decodeSafetensors, encodeSafetensors } from '../src/nn/safetensors.js';
import type { NamedArray } from '../src/nn/safetensors.js';

const net = (seed: number): Sequential =>
  new Sequential(
    new Linear(3, 5, { seed }),
    new LeakyReLU(0.2),
    new LowRankLinear(5, 4, 2, { seed: seed + 1 }),
    new Sequential(new Tanh(), new Linear(4, 2, { seed: seed + 2, bias: false })),
  );

class Block extends Module {
  readonly body: Sequential;
  readonly scale: Tensor;
  constructor() {
    super();
    this.scale = this.registerParameter('scale', new Tensor(new Float32Array([2]), [1]));
    this.body = this.registerModule('layers', new Sequential(new Linear(2, 2, { seed: 1 }), new ReLU()));
  }
  forward(x: Tensor): Tensor {
    return this.body.forward(x);
  }
}

test('namedParameters: PyTorch keys for nested Sequential, registration order', () => {
  const keys = net(1).namedParameters().map(([k]) => k);
  assert.equal(keys, ['0.weight', '0.bias', '2.u', '2.v', '2.bias', '3.1.weight']);
  assert.equal(new Block().namedParameters().map(([k]) => k), ['scale', 'layers.0.weight', 'layers.0.bias']);
  assert.equal(new Block().namedParameters('model').map(([k]) => k)[1], 'model.layers.0.weight');
  for (const p of net(1).parameters()) assert.ok(p.requiresGrad);
});

test('namedModules and stateDict keys follow torch (spectral-norm keys included)', () => {
  const m = new Sequential(new Linear(3, 4, { seed: 0, spectralNorm: true }), new LowRankLinear(4, 4, 2, { seed: 1, spectralNorm: 'factors' }));
  assert.equal(m.namedModules().map(([k, x]) => `${k}:${x.typeName}`), [':Sequential', '0:Linear', '1:LowRankLinear']);
  assert.equal(Object.keys(m.stateDict()), [
    '0.bias', '0.weight_orig', '0.weight_u', '0.weight_v',
    '1.bias', '1.u_orig', '1.v_orig', '1.u_u', '1.u_v', '1.v_u', '1.v_v',
  ]);
  assert.equal(m.namedBuffers().map(([k]) => k), ['0.weight_u', '0.weight_v', '1.u_u', '1.u_v', '1.v_u', '1.v_v']);
  assert.equal(m.namedParameters().map(([k]) => k), ['0.bias', '0.weight_orig', '1.bias', '1.u_orig', '1.v_orig']);
});

test('train/eval propagate to every descendant', () => {
  const m = new Sequential(new Dropout(0.5, { seed: 1 }), new Sequential(new Identity(), new Linear(2, 2, { seed: 0 })));
  assert.ok(m.modules().every((x) => x.training));
  assert.is(m.eval(), m);
  assert.ok(m.modules().every((x) => !x.training));
  m.train();
  assert.ok(m.modules().every((x) => x.training));
  m.train(false);
  assert.is(m.modules().length, 5);
  assert.ok(m.modules().every((x) => !x.training));
});

test('stateDict → loadStateDict round trip gives identical outputs; values are copied in place', () => {
  const a = net(1);
  const b = net(100);
  const x = randn([6, 3], 9);
  const before = noGrad(() => b.forward(x)).data.slice();
  const w = (b.layers[0] as Linear).weight;
  const result = b.loadStateDict(a.stateDict());
  assert.equal(result, { missingKeys: [], unexpectedKeys: [] });
  assert.is((b.layers[0] as Linear).weight, w, 'same tensor object, new values');
  const ya = noGrad(() => a.forward(x)).data;
  const yb = noGrad(() => b.forward(x)).data;
  assert.equal(Array.from(yb), Array.from(ya));
  assert.not.equal(Array.from(before), Array.from(ya));
});

test('loadStateDict converts dtypes and accepts plain {shape, data} values', () => {
  const a = new Linear(2, 3, { seed: 4, dtype: 'float64' });
  const b = new Linear(2, 3, { seed: 5 });
  b.loadStateDict(a.stateDict());
  assert.equal(Array.from(b.weight.data), Array.from(Float32Array.from(a.weight.data)));
  b.loadStateDict({ weight: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }, bias: { shape: [3], data: new Float64Array(3) } });
  assert.equal(Array.from(b.weight.data), [1, 2, 3, 4, 5, 6]);
});

test('a state dict survives a safetensors round trip (spectral-norm buffers included)', () => {
  const make = (seed: number): Sequential =>
    new Sequential(new Linear(3, 4, { seed, spectralNorm: true }), new ReLU(), new LowRankLinear(4, 2, 1, { seed, spectralNorm: 'factors' }));
  const a = make(1);
  const x = randn([2, 3], 0);
  a.forward(x); // one power-iteration step, so the buffers differ from a fresh layer's
  const entries = Object.entries(a.stateDict()).map(([k, t]): [string, NamedArray] => [k, { dtype: t.dtype, shape: [...t.shape], data: t.data }]);
  const bytes = encodeSafetensors(Object.fromEntries(entries));
  const b = make(2);
  b.loadStateDict(decodeSafetensors(bytes).tensors);
  a.eval();
  b.eval();
  assert.equal(Array.from(b.forward(x).data), Array.from(a.forward(x).data));
});

test('strict loading: missing, unexpected and mis-shaped keys are named; nothing is copied on error', () => {
  const m = new Sequential(new Linear(3, 4, { seed: 0 }));
  const good = new Sequential(new Linear(3, 4, { seed: 1 })).stateDict();
  const snapshot = Array.from(m.layers[0]!.parameters()[0]!.data);

  const missing = { '0.weight': good['0.weight']! };
  assert.throws(() => m.loadStateDict(missing), /loadStateDict\(Sequential\): missing key "0\.bias" \(expected shape \[4\]\)/);

  const extra = { ...good, '1.weight': new Tensor(new Float32Array(6), [2, 3]) };
  assert.throws(() => m.loadStateDict(extra), /unexpected key "1\.weight" \(shape \[2,3\]\)/);

  const wrong = { ...good, '0.weight': new Tensor(new Float32Array(12), [3, 4]) };
  assert.throws(() => m.loadStateDict(wrong), /key "0\.weight": checkpoint has shape \[3,4\], the module has \[4,3\]/);
  assert.equal(Array.from(m.layers[0]!.parameters()[0]!.data), snapshot);

  // Non-strict: missing/unexpected are reported, shapes are still checked.
  const r = m.loadStateDict({ ...missing, extra: new Tensor(new Float32Array(1), [1]) }, { strict: false });
  assert.equal(r, { missingKeys: ['0.bias'], unexpectedKeys: ['extra'] });
  assert.equal(Array.from(m.layers[0]!.parameters()[0]!.data), Array.from(good['0.weight']!.data));
  assert.throws(() => m.loadStateDict(wrong, { strict: false }), /checkpoint has shape \[3,4\]/);
});

test('numParameters, zeroGrad, shared parameters counted once', () => {
  const m = net(1);
  assert.is(m.numParameters(), 3 * 5 + 5 + 2 * (5 + 4) + 4 + 4 * 2);
  const shared = new Linear(4, 4, { seed: 0 });
  const s = new Sequential(shared, new ReLU(), shared);
  assert.is(s.numParameters(), 20);
  assert.equal(s.namedParameters().map(([k]) => k), ['0.weight', '0.bias']);
  assert.equal(Object.keys(s.stateDict()), ['0.weight', '0.bias', '2.weight', '2.bias']);
  const y = s.forward(randn([2, 4], 3));
  y.backward(new Tensor(new Float32Array(8).fill(1), [2, 4]));
  assert.ok(shared.weight.grad !== null);
  s.zeroGrad();
  assert.is(shared.weight.grad, null);
});

test('registration errors: duplicate and dotted names', () => {
  class Bad extends Module {
    constructor(name: string) {
      super();
      this.registerParameter('w', new Tensor(new Float32Array(1), [1]));
      this.registerBuffer(name, new Tensor(new Float32Array(1), [1]));
    }
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(() => new Bad('w'), /Bad\.registerBuffer: the name "w" is already registered/);
  assert.throws(() => new Bad('a.b'), /without "\."/);
});

test('toString mirrors PyTorch repr', () => {
  const s = new Sequential(new Linear(2, 3, { seed: 0 }), new LeakyReLU(0.2));
  assert.is(s.toString(), 'Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=true)\n  (1): LeakyReLU(negative_slope=0.2)\n)');
});

test.run();
