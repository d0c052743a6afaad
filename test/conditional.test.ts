// Class-conditional training and sampling: G(z, y) and D(x, y) with the one-hot class joined to their input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor } from '../src/tensor/tensor.js';
import { Random } from '../src/tensor/random.js';
import { sum } from '../src/autograd/index.js';
import { labelsFromCounts, proportionalLabels, withLabels, classCounts, conditionalFromCounts } from '../src/gan/conditional.js';
import { GanTrainer, sampleGenerator } from '../src/gan/trainer.js';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../src/gan/checkpoint.js';
import { checkConfig } from '../src/gan/config.js';
import { throwsWith } from './helpers/throwsWith.js';
import { generatorWeights, tinyConfig } from './helpers/tinyGan.js';

/** n points per class around (−0.5, −0.5) for class 0 and (0.5, 0.5) for class 1, std 0.05. */
function twoClusters(n: number, seed: number): { x: Tensor; labels: Int32Array } {
  const rng = new Random(seed);
  const labels = labelsFromCounts([n, n]);
  const x = new Tensor(new Float32Array(4 * n), [2 * n, 2]);
  labels.forEach((y, i) => {
    const c = y === 0 ? -0.5 : 0.5;
    x.data[2 * i] = c + 0.05 * rng.normal();
    x.data[2 * i + 1] = c + 0.05 * rng.normal();
  });
  return { x, labels };
}

const conditionalConfig = (seed = 1) => tinyConfig({ seed, conditional: conditionalFromCounts([20, 20]), sampling: { jacobianKeep: 1 } });

test('proportionalLabels splits by largest remainder, sorted by class; labelsFromCounts and classCounts invert each other', () => {
  assert.equal([...proportionalLabels(5, [2, 1, 1])], [0, 0, 0, 1, 2]);
  assert.equal([...proportionalLabels(4, [0, 3, 1])], [1, 1, 1, 2]);
  assert.equal(classCounts(labelsFromCounts([2, 0, 3]), 3), [2, 0, 3]);
  throwsWith(() => classCounts(Int32Array.from([0, 3]), 3), 'conditional: label 1 is 3; expected a class in 0..2');
});

test('withLabels appends the one-hot class, and gradients reach x only through its own columns', () => {
  const x = new Tensor(Float64Array.from([1, 2, 3, 4]), [2, 2]);
  x.requiresGrad = true;
  const joined = withLabels(x, Int32Array.from([2, 0]), 3);
  assert.equal(joined.shape, [2, 5]);
  assert.equal([...joined.data], [1, 2, 0, 0, 1, 3, 4, 1, 0, 0]);
  sum(joined).backward();
  assert.equal([...x.grad!.data], [1, 1, 1, 1]);
});

test('a conditional GAN puts each class where its training rows are, also when truncation mixes the classes', () => {
  const { x, labels } = twoClusters(20, 3);
  const trainer = new GanTrainer(x, conditionalConfig(), undefined, labels);
  assert.is(trainer.generator.parameters()[0]!.shape[1], 8 + 2, 'G reads [z | onehot(y)]');
  assert.is(trainer.discriminator.parameters()[0]!.shape[1], 2 + 2, 'D reads [x | onehot(y)]');
  trainer.train(600);
  for (const [k, centre] of [[0, -0.5], [1, 0.5]] as const) {
    const s = trainer.sample(200, 9, { labels: new Int32Array(200).fill(k) });
    let mx = 0, my = 0;
    for (let i = 0; i < 200; i++) {
      mx += s.data[2 * i]! / 200;
      my += s.data[2 * i + 1]! / 200;
    }
    assert.ok(Math.abs(mx - centre) < 0.2 && Math.abs(my - centre) < 0.2, `class ${k}: mean (${mx.toFixed(3)}, ${my.toFixed(3)}), expected near ${centre}`);
  }
  // Truncation draws and ranks each class apart, then puts the rows back in the order asked for.
  const asked = Int32Array.from([1, 0, 1, 1, 0, 0, 1]);
  const s = sampleGenerator(trainer.generator, 8, asked.length, 3, { keep: 0.5, conditional: trainer.config.conditional!, labels: asked });
  assert.equal([...asked].map((_, i) => (s.data[2 * i]! + s.data[2 * i + 1]! > 0 ? 1 : 0)), [...asked]);
  throwsWith(() => sampleGenerator(trainer.generator, 8, 2, 3, { conditional: trainer.config.conditional!, labels: Int32Array.from([0, 2]) }), 'sampleGenerator: label 1 is 2; expected a class in 0..1');
  throwsWith(() => sampleGenerator(trainer.generator, 8, 2, 3, { labels: Int32Array.from([0, 1]) }), 'sampleGenerator: labels were given, but the generator is not conditional');
});

test('the trainer refuses missing, short or out-of-range labels, and the config a conditional run cannot have', () => {
  const { x, labels } = twoClusters(20, 5);
  throwsWith(() => new GanTrainer(x, conditionalConfig()), /labels must be an Int32Array \[40\] of the rows' classes, got undefined/);
  throwsWith(() => new GanTrainer(x, conditionalConfig(), undefined, labels.subarray(1)), 'GanTrainer: labels has 39 entries for 40 training rows');
  throwsWith(() => new GanTrainer(x, conditionalConfig(), undefined, labels.map((y) => y * 2)), 'GanTrainer: labels[20] is 2; expected a class in 0..1');
  throwsWith(() => checkConfig(tinyConfig({ conditional: conditionalFromCounts([3]) })), 'config: conditional.classes must be an integer ≥ 2, got 1');
  throwsWith(() => checkConfig(tinyConfig({ conditional: { classes: 2, discriminator: 'concat', classCounts: [1] } })), /conditional.classCounts must list 2 counts/);
  throwsWith(() => checkConfig(tinyConfig({ conditional: conditionalFromCounts([1, 1]), latent: { mixture: 4 } })), /latent.mixture must be 0 with conditional/);
});

test('a conditional run resumes to the bytes of an uninterrupted one', () => {
  const { x, labels } = twoClusters(20, 6);
  const straight = new GanTrainer(x, conditionalConfig(2), undefined, labels);
  straight.train(40);
  const first = new GanTrainer(x, conditionalConfig(2), undefined, labels);
  first.train(20);
  const resumed = resumeTrainer(readCheckpoint(saveCheckpoint(first)), x, { history: first.history, labels });
  resumed.train(40);
  assert.equal(generatorWeights(resumed), generatorWeights(straight));
});

test('a projection D (Miyato & Koyama 2018) conditions as well, keeps the inner keys and adds embed.weight', () => {
  const { x, labels } = twoClusters(20, 3);
  const config = tinyConfig({ seed: 1, conditional: conditionalFromCounts([20, 20], 'projection'), sampling: { jacobianKeep: 1 } });
  const trainer = new GanTrainer(x, config, undefined, labels);
  assert.equal(Object.keys(trainer.discriminator.stateDict()), ['0.weight', '0.bias', '2.weight', '2.bias', 'embed.weight']);
  assert.equal(trainer.discriminator.stateDict()['embed.weight']!.shape, [2, 16]);
  trainer.train(600);
  for (const [k, centre] of [[0, -0.5], [1, 0.5]] as const) {
    const s = trainer.sample(200, 9, { labels: new Int32Array(200).fill(k) });
    let m = 0;
    for (let i = 0; i < 400; i++) m += s.data[i]! / 400;
    assert.ok(Math.abs(m - centre) < 0.2, `class ${k}: mean ${m.toFixed(3)}, expected near ${centre}`);
  }
  throwsWith(() => trainer.discriminator.forward(x), /ProjectionDiscriminator: expected \[batch, 4\] rows of \[x \| onehot\(y\)\], got \[40, 2\]/);
});

test('a convolutional D is conditional through projection only, and R1 differentiates through it', () => {
  const image = { height: 8, width: 8, channels: 1 as const };
  const rng = new Random(2);
  const x = new Tensor(Float32Array.from({ length: 12 * 64 }, () => rng.uniform() * 2 - 1), [12, 64]);
  const labels = labelsFromCounts([6, 6]);
  const conv = { image, generator: { channels: [8, 4], rank: 'full' as const, output: 'tanh' as const }, discriminator: { channels: [4, 8], rank: 'full' as const } };
  const base = { seed: 3, conv, training: { batchSize: 4 }, penalties: { r1Gamma: 1 }, sampling: { jacobianKeep: 1 } };
  const trainer = new GanTrainer(x, tinyConfig({ ...base, conditional: conditionalFromCounts([6, 6], 'projection') }), undefined, labels);
  const before = trainer.discriminator.stateDict()['embed.weight']!.data.slice();
  trainer.train(3);
  assert.ok(trainer.history.every((h) => Number.isFinite(h.lossD) && h.r1 > 0), 'R1 is computed through the projection D');
  assert.not.equal([...trainer.discriminator.stateDict()['embed.weight']!.data], [...before], 'the class embedding learns');
  throwsWith(() => new GanTrainer(x, tinyConfig({ ...base, conditional: conditionalFromCounts([6, 6]) }), undefined, labels), /a convolutional D cannot take the one-hot class joined to its image input; use conditional.discriminator 'projection'/);
});

test.run();
