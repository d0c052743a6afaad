// Linear and LowRankLinear against reference values from PyTorch 1.13 (test/fixtures/golden.json).
import { test } from 'uvu';
import { mul, sum } from '../src/index.js';
import { Linear } from '../src/nn/linear.js';
import { LowRankLinear } from '../src/nn/lowRankLinear.js';
import { assertClose, golden, t64 } from './helpers/golden.js';

test('Linear forward and backward match PyTorch', () => {
  const g = golden.linear;
  const layer = new Linear(g.in, g.out, { seed: 1, dtype: 'float64' });
  layer.loadStateDict({ weight: g.weight, bias: g.bias });
  const x = t64(g.x, true);
  const out = layer.forward(x);
  assertClose(out.data, g.output.data, 'Linear output');
  sum(mul(out, t64(g.probe))).backward();
  assertClose(x.grad!.data, g.gradX.data, 'Linear ∂/∂x');
  assertClose(layer.weight.grad!.data, g.gradWeight.data, 'Linear ∂/∂weight');
  assertClose(layer.bias!.grad!.data, g.gradBias.data, 'Linear ∂/∂bias');
});

test('LowRankLinear forward and backward match PyTorch ((x·Vᵀ)·Uᵀ + b)', () => {
  const g = golden.lowRankLinear;
  const layer = new LowRankLinear(g.in, g.out, g.rank, { seed: 1, dtype: 'float64' });
  layer.loadStateDict({ u: g.u, v: g.v, bias: g.bias });
  const x = t64(g.x, true);
  const out = layer.forward(x);
  assertClose(out.data, g.output.data, 'LowRankLinear output');
  sum(mul(out, t64(g.probe))).backward();
  assertClose(x.grad!.data, g.gradX.data, 'LowRankLinear ∂/∂x');
  assertClose(layer.u.grad!.data, g.gradU.data, 'LowRankLinear ∂/∂u');
  assertClose(layer.v.grad!.data, g.gradV.data, 'LowRankLinear ∂/∂v');
  assertClose(layer.bias!.grad!.data, g.gradBias.data, 'LowRankLinear ∂/∂bias');
});

test.run();
