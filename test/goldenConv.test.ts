// Convolution layers against PyTorch 1.13 (test/fixtures/golden_conv.json, from make_golden_conv.py): each state
// dict is loaded under PyTorch's key names, then outputs, updated spectral-norm vectors and gradients are compared.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { AvgPool2d, Conv2d, ConvTranspose2d, LeakyReLU, LowRankConv2d, Sequential, Upsample, grad, mul, square, sum } from '../src/index.js';
import type { Module } from '../src/index.js';
import { assertClose, t64 } from './helpers/golden.js';
import type { Rec } from './helpers/golden.js';

type LayerCase = {
  options: Record<string, number | boolean>;
  state: Record<string, Rec>; stateAfter: Record<string, Rec>;
  x: Rec; probe: Rec; output: Rec; gradX: Rec; grads: Record<string, Rec>;
};
type Fixture = {
  torch: string; conv2d: LayerCase[]; convTranspose2d: LayerCase[]; avgPool2d: LayerCase[]; upsample: LayerCase;
  lowRankConv2d: LayerCase; r1: { state: Record<string, Rec>; x: Rec; penalty: number; grads: Record<string, Rec> };
};
const golden = JSON.parse(readFileSync(new URL('./fixtures/golden_conv.json', import.meta.url), 'utf8')) as Fixture;

function n(c: LayerCase, key: string): number {
  return c.options[key] as number;
}

/** Loads the torch state (strictly: every key must exist here), runs forward and backward, compares everything. */
function check(name: string, layer: Module, c: LayerCase): void {
  if (Object.keys(c.state).length > 0) layer.loadStateDict(c.state);
  const x = t64(c.x, true);
  const out = layer.forward(x);
  assert.equal(out.shape, c.output.shape, `${name} output shape`);
  assertClose(out.data, c.output.data, `${name} output`, 1e-11, 1e-13);
  sum(mul(out, t64(c.probe))).backward();
  assertClose(x.grad!.data, c.gradX.data, `${name} ∂/∂x`, 1e-11, 1e-13);
  const params = new Map(layer.namedParameters());
  for (const [key, g] of Object.entries(c.grads)) assertClose(params.get(key)!.grad!.data, g.data, `${name} ∂/∂${key}`, 1e-10, 1e-13);
  const after = layer.stateDict();
  for (const [key, r] of Object.entries(c.stateAfter)) assertClose(after[key]!.data, r.data, `${name} ${key} after the step`, 1e-10, 1e-13);
}

golden.conv2d.forEach((c, i) => {
  test(`Conv2d case ${i} (k ${n(c, 'kernel')}, stride ${n(c, 'stride')}, padding ${n(c, 'padding')}${c.options.spectralNorm ? ', spectral norm' : ''}) matches PyTorch`, () => {
    const layer = new Conv2d(n(c, 'in'), n(c, 'out'), n(c, 'kernel'),
      { seed: 1, dtype: 'float64', stride: n(c, 'stride'), padding: n(c, 'padding'), spectralNorm: c.options.spectralNorm as boolean });
    check('Conv2d', layer, c);
  });
});

golden.convTranspose2d.forEach((c, i) => {
  test(`ConvTranspose2d case ${i} (k ${n(c, 'kernel')}, stride ${n(c, 'stride')}, output padding ${n(c, 'outputPadding')}${c.options.spectralNorm ? ', spectral norm' : ''}) matches PyTorch`, () => {
    const layer = new ConvTranspose2d(n(c, 'in'), n(c, 'out'), n(c, 'kernel'), {
      seed: 1, dtype: 'float64', stride: n(c, 'stride'), padding: n(c, 'padding'),
      outputPadding: n(c, 'outputPadding'), spectralNorm: c.options.spectralNorm as boolean,
    });
    check('ConvTranspose2d', layer, c);
  });
});

golden.avgPool2d.forEach((c, i) => {
  test(`AvgPool2d case ${i} (k ${n(c, 'kernel')}, stride ${n(c, 'stride')}, padding ${n(c, 'padding')}) matches PyTorch`, () => {
    check('AvgPool2d', new AvgPool2d(n(c, 'kernel'), n(c, 'stride'), n(c, 'padding')), golden.avgPool2d[i]!);
  });
});

test('Upsample (nearest, ×2) matches PyTorch', () => {
  check('Upsample', new Upsample(2), golden.upsample);
});

test('LowRankConv2d matches a k×k conv to rank channels then a 1×1 conv in PyTorch', () => {
  const c = golden.lowRankConv2d;
  const layer = new LowRankConv2d(n(c, 'in'), n(c, 'out'), n(c, 'kernel'), n(c, 'rank'),
    { seed: 1, dtype: 'float64', stride: n(c, 'stride'), padding: n(c, 'padding') });
  check('LowRankConv2d', layer, c);
});

test('R1 through a convolutional D: the second-order gradient matches PyTorch', () => {
  const g = golden.r1;
  const d = new Sequential(new Conv2d(1, 3, 3, { seed: 1, dtype: 'float64', stride: 2, padding: 1 }), new LeakyReLU(0.2),
    new Conv2d(3, 1, 3, { seed: 2, dtype: 'float64' }));
  d.loadStateDict(g.state);
  const x = t64(g.x, true);
  const [gx] = grad(sum(d.forward(x)), [x], { createGraph: true });
  const penalty = sum(square(gx!));
  assertClose([penalty.item()], [g.penalty], 'R1 penalty', 1e-11);
  penalty.backward();
  const params = new Map(d.namedParameters());
  for (const [key, r] of Object.entries(g.grads)) {
    // The first bias reaches ∂D/∂x only through LeakyReLU's piecewise-constant slope: PyTorch's zeros, our null.
    const got = params.get(key)!.grad?.data ?? new Float64Array(r.data.length);
    assertClose(got, r.data, `R1 ∂/∂${key}`, 1e-10, 1e-13);
  }
});

test.run();
