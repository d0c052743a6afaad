// Adapter layers on a frozen pretrained layer (LoRA, singular values, scale and shift) and the
// adaptation of a trained GAN: step 0 is the source, gradients match finite differences, and
// parameters() holds only the trainable part.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { noGrad, randn, square } from '../src/index.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { FrozenLinear, Linear, LoraLinear, LowRankLinear, ScaleShiftLinear, SigmaLinear } from '../src/nn/index.js';
import type { Module } from '../src/nn/module.js';
import { Random } from '../src/tensor/random.js';
import { adaptGan, adaptNetwork, formatAdaptMode, parseAdaptMode } from '../src/gan/adapt.js';
import { Sequential } from '../src/nn/sequential.js';
import type { AdaptMode } from '../src/gan/adapt.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { buildDiscriminator, buildGenerator } from '../src/gan/model.js';
import { FC, checkGradients, checkSecondOrder } from './helpers/gradcheck.js';
import { ringData, tinyConfig } from './helpers/tinyGan.js';
import { throwsWith } from './helpers/throwsWith.js';

type Source = Linear | LowRankLinear;

function source(kind: 'full' | 'low', inp: number, out: number, r: number, bias: boolean, seed: number): Source {
  return kind === 'full'
    ? new Linear(inp, out, { seed, bias, dtype: 'float64' })
    : new LowRankLinear(inp, out, Math.min(r, inp, out), { seed, bias, dtype: 'float64' });
}

const adapters: [string, (s: Source, seed: number) => Module][] = [
  ['LoraLinear', (s, seed) => new LoraLinear(s, { rank: Math.min(2, s.inFeatures, s.outFeatures), seed, alpha: 3 })],
  ['SigmaLinear', (s) => new SigmaLinear(s)],
  ['ScaleShiftLinear', (s) => new ScaleShiftLinear(s)],
  ['FrozenLinear', (s) => new FrozenLinear(s)],
];

function maxDiff(a: Tensor, b: Tensor): number {
  let m = 0;
  for (let i = 0; i < a.size; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}

test('step 0 equals the source, for a Linear and a LowRankLinear source (property)', () => {
  fc.assert(
    fc.property(fc.constantFrom('full' as const, 'low' as const), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.integer(), (kind, inp, out, r, bias, seed) => {
      const s = source(kind, inp, out, r, bias, seed);
      const x = randn([3, inp], seed ^ 9, { dtype: 'float64' });
      const want = noGrad(() => s.forward(x));
      for (const [name, make] of adapters) {
        const y = noGrad(() => make(s, seed).forward(x));
        assert.equal(y.shape, [3, out], name);
        assert.ok(maxDiff(y, want) < 1e-10, `${name}: ${maxDiff(y, want)}`);
      }
    }),
    FC,
  );
});

test('parameters() holds only the trainable part; frozen tensors are buffers under the documented keys', () => {
  const lin = new Linear(6, 5, { seed: 1 });
  const low = new LowRankLinear(6, 5, 2, { seed: 2 });
  const names = (m: Module): string[] => m.namedParameters().map(([k]) => k);
  const buffers = (m: Module): string[] => m.namedBuffers().map(([k]) => k);
  assert.equal(names(new LoraLinear(lin, { rank: 3, seed: 0 })), ['lora_a', 'lora_b']);
  assert.equal(buffers(new LoraLinear(lin, { rank: 3, seed: 0 })), ['base.weight', 'base.bias']);
  assert.equal(buffers(new LoraLinear(low, { rank: 1, seed: 0 })), ['base.u', 'base.v', 'base.bias']);
  assert.equal(names(new SigmaLinear(lin)), ['sigma']);
  assert.equal(buffers(new SigmaLinear(lin)), ['u', 'vt', 'bias']);
  assert.equal(new SigmaLinear(low).sigma.shape, [2]);
  assert.equal(new SigmaLinear(lin).sigma.shape, [5]);
  assert.equal(names(new ScaleShiftLinear(low)), ['scale', 'shift']);
  assert.equal(names(new FrozenLinear(lin)), []);
  assert.is(new LoraLinear(lin, { rank: 3, seed: 0 }).numParameters(), 3 * (6 + 5));
  // Copies: moving the source later does not move the frozen part.
  const frozen = new FrozenLinear(lin);
  lin.weight.data[0] = 100;
  assert.is.not(frozen.weight!.data[0], 100);
});

test('B starts at zero and the LoRA update is (α/r)·B·A', () => {
  const lin = new Linear(4, 3, { seed: 1, dtype: 'float64' });
  const l = new LoraLinear(lin, { rank: 2, seed: 5, alpha: 6 });
  assert.ok(Array.from(l.loraB.data).every((v) => v === 0));
  const rng = new Random(3);
  for (let i = 0; i < l.loraB.size; i++) l.loraB.data[i] = rng.normal();
  const x = randn([2, 4], 4, { dtype: 'float64' });
  const y = noGrad(() => l.forward(x));
  const base = noGrad(() => lin.forward(x));
  for (let b = 0; b < 2; b++) for (let o = 0; o < 3; o++) {
    let d = 0;
    for (let k = 0; k < 2; k++) for (let i = 0; i < 4; i++) d += l.loraB.data[o * 2 + k]! * l.loraA.data[k * 4 + i]! * x.data[b * 4 + i]!;
    assert.ok(Math.abs(y.data[b * 3 + o]! - base.data[b * 3 + o]! - 3 * d) < 1e-12);
  }
});

test('gradients wrt input and trainable tensors match finite differences, first and second order (float64, property)', () => {
  fc.assert(
    fc.property(fc.constantFrom('full' as const, 'low' as const), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer(), (kind, inp, out, r, seed) => {
      const s = source(kind, inp, out, r, true, seed);
      for (const [, make] of adapters) {
        const a = make(s, seed);
        // Move every trainable tensor off its step-0 value (B = 0 would hide A's gradient).
        const rng = new Random(seed);
        for (const p of a.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.5 * rng.normal();
        const x = randn([2, inp], seed ^ 3, { dtype: 'float64' }).requireGrad();
        checkGradients((xx) => a.forward(xx), [x, ...a.parameters()]);
        checkSecondOrder((xx) => square(a.forward(xx)), [x]);
      }
    }),
    { ...FC, numRuns: 15 },
  );
});

test('adapter errors name the layer, the argument and what came', () => {
  const lin = new Linear(4, 3, { seed: 1 });
  throwsWith(() => new LoraLinear(lin, { rank: 4, seed: 0 }), 'LoraLinear(4→3): rank must be an integer in 1..3 (min(in, out)), got 4');
  throwsWith(() => new LoraLinear(lin, { rank: 2, seed: 0, alpha: -1 }), 'LoraLinear: alpha must be a positive number, got -1');
  throwsWith(() => new FrozenLinear({} as Linear), 'FrozenLinear: source must be a Linear or LowRankLinear, got Object');
  throwsWith(() => new SigmaLinear(lin).forward(randn([2, 5], 1)), 'SigmaLinear(4→3, k 3): input has 5 features in its last dim, expected 4 (shape [2,5])');
});

test('a layer without an adapter is refused, not left trainable', () => {
  class Weighted extends Sequential {
    constructor() {
      super(new Linear(2, 2, { seed: 1 }));
    }
  }
  const net = new Sequential(new Linear(2, 3, { seed: 0 }), new Weighted());
  throwsWith(() => adaptNetwork(net, { kind: 'sigma' }, 'generator', new Random(1)), 'adapt: layer 1 is a Weighted; only Linear, LowRankLinear and convolution layers have adapters (use mode all)');
});

test('adapt modes parse, print back and refuse bad text', () => {
  for (const t of ['all', 'freeze-d:1', 'freeze-d:2', 'sigma', 'lora:4', 'scale-shift']) assert.is(formatAdaptMode(parseAdaptMode(t)), t);
  assert.equal(parseAdaptMode('freeze-d'), { kind: 'freeze-d', frozen: 1 });
  throwsWith(() => parseAdaptMode('lora'), /^adapt mode: the LoRA rank must be a positive integer; expected one of all, freeze-d\[:LAYERS\], sigma, lora:RANK, scale-shift, got "lora"$/);
  throwsWith(() => parseAdaptMode('sigma:2'), /sigma takes no ":" argument/);
  throwsWith(() => parseAdaptMode('bitfit'), /unknown mode.*got "bitfit"/);
});

test('adaptGan: each mode trains only its part with GanTrainer; frozen tensors do not move', () => {
  const config = tinyConfig({ seed: 4, generator: { hidden: [16, 16], rank: ['full', 4, 'full'], output: 'linear' }, discriminator: { hidden: [16, 16], rank: 'full' } });
  const L = config.latent.dim;
  const pre = new GanTrainer(ringData(32, 1), config);
  pre.train(5);
  const gState = pre.generator.stateDict();
  const dState = pre.discriminator.stateDict();
  const build = {
    generator: () => buildWith(buildGenerator(config.latent.dim, 2, config.generator, 0), gState),
    discriminator: () => buildWith(buildDiscriminator(2, config.discriminator, 0), dState),
  };
  const modes: [AdaptMode, number][] = [
    [{ kind: 'all' }, pre.generator.numParameters() + pre.discriminator.numParameters()],
    [{ kind: 'freeze-d', frozen: 1 }, pre.generator.numParameters() + pre.discriminator.numParameters() - (2 * 16 + 16)],
    // Singular values: G L→16 (min(L, 16)), 16→16 at rank 4 (4), 16→2 (2); D 2→16 (2), 16→16 (16), 16→1 (1).
    [{ kind: 'sigma' }, Math.min(L, 16) + 4 + 2 + 2 + 16 + 1],
    [{ kind: 'scale-shift' }, 2 * (16 + 16 + 2 + 16 + 16 + 1)],
    // ΔW of rank min(2, in, out): r·(in + out) per layer.
    [{ kind: 'lora', rank: 2 }, 2 * (L + 16) + 2 * 32 + 2 * (16 + 2) + 2 * (2 + 16) + 2 * 32 + 1 * (16 + 1)],
  ];
  const sample = pre.sample(8, 3, { ema: false, keep: 1 });
  for (const [mode, trainable] of modes) {
    const nets = adaptGan(build, mode, 7);
    assert.is(nets.trainable, trainable, formatAdaptMode(mode));
    assert.is(nets.total, modes[0]![1]);
    const t = new GanTrainer(ringData(8, 2), config, nets);
    // Step 0 of every mode samples what the source EMA generator does.
    assert.ok(maxDiff(t.sample(8, 3, { keep: 1 }), sample) < 1e-5, formatAdaptMode(mode));
    const buffers = (): [string, Tensor][] => [...t.generator.namedBuffers('G'), ...t.discriminator.namedBuffers('D')];
    const buffersBefore = buffers().map(([k, b]) => [k, Array.from(b.data)] as const);
    const paramsBefore = t.generator.parameters().map((p) => Array.from(p.data));
    t.train(3);
    for (const [k, before] of buffersBefore) {
      const now = buffers().find(([kk]) => kk === k)![1];
      assert.equal(Array.from(now.data), before, `${formatAdaptMode(mode)}: buffer ${k} moved`);
    }
    assert.ok(t.generator.parameters().some((p, i) => Array.from(p.data).some((v, j) => v !== paramsBefore[i]![j])), `${formatAdaptMode(mode)}: nothing trained`);
  }
});

function buildWith<M extends Module>(m: M, state: Record<string, Tensor>): M {
  m.loadStateDict(state);
  return m;
}

test.run();
