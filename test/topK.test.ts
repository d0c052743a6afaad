import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tensor } from '../src/tensor/tensor.js';
import { Random } from '../src/tensor/random.js';
import { noGrad } from '../src/autograd/index.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { checkConfig, defaultConfig, withOverrides } from '../src/gan/config.js';
import { topKCount, topRows } from '../src/gan/topK.js';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../src/gan/checkpoint.js';
import { throwsWith } from './helpers/throwsWith.js';
import { generatorWeights, ringData, tinyConfig } from './helpers/tinyGan.js';
import { TRAIN_COMMAND, configFromFlags } from '../src/cli/commands/trainFlags.js';
import { parseFlags } from '../src/cli/args.js';

test('topKCount: the whole batch at first, then γ^(t/100)·B, never below ⌈ν·B⌉', () => {
  const c = { batchSize: 64, topKKeep: 0.5, topKDecay: 0.99 };
  assert.is(topKCount(c, 0), 64);
  assert.is(topKCount(c, 100), 64); // ⌈0.99 · 64⌉ = ⌈63.36⌉
  assert.is(topKCount(c, 1000), Math.ceil(Math.pow(0.99, 10) * 64));
  assert.is(topKCount(c, 100_000), 32);
  assert.is(topKCount({ ...c, topKKeep: 1 }, 100_000), 64);
  assert.is(topKCount({ batchSize: 3, topKKeep: 0.01, topKDecay: 0.5 }, 10_000), 1);
});

test('topRows: the indices of the k largest scores, NaN last, ties by index, in index order', () => {
  assert.equal(Array.from(topRows([0.1, 3, -2, 3, 0.5], 3)), [1, 3, 4]);
  assert.equal(Array.from(topRows([NaN, -Infinity, -5], 1)), [2]);
  assert.equal(Array.from(topRows([1, 1, 1], 2)), [0, 1]);
  throwsWith(() => topRows([1, 2], 3), 'topRows: k must be an integer in 1..2, got 3');
});

test('checkConfig names a bad top-k fraction or decay', () => {
  const base = defaultConfig(2);
  throwsWith(() => checkConfig(withOverrides(base, { training: { topKKeep: 0 } })), 'config: training.topKKeep must be in (0, 1], got 0');
  throwsWith(() => checkConfig(withOverrides(base, { training: { topKDecay: 1.5 } })), 'config: training.topKDecay must be in (0, 1], got 1.5');
});

const data = (): Tensor => ringData(64, 2);
const config = tinyConfig;

test("the generator's loss is the mean over the k fakes D scores highest", () => {
  // γ = 1e-300 drops k to ⌈0.25 · 16⌉ = 4 from the second update on.
  const top = new GanTrainer(data(), config({ training: { topKKeep: 0.25, topKDecay: 1e-300 } }));
  const plain = new GanTrainer(data(), config({}));
  top.train(1);
  plain.train(1);
  // Replay update 2 of the plain trainer by hand: its D update, then D's logits on the G batch.
  (plain as unknown as { discriminatorStep(): void }).discriminatorStep();
  const rng = new Random(0);
  rng.setState(plain.streams.latent.getState());
  const logits = noGrad(() => plain.discriminator.forward(plain.generator.forward(plain.latent(16, rng))));
  const losses = Array.from(logits.data, (l) => Math.log1p(Math.exp(-l))).sort((a, b) => a - b);
  const expected = (losses[0]! + losses[1]! + losses[2]! + losses[3]!) / 4;
  const mean = losses.reduce((a, b) => a + b, 0) / 16;
  const lossG = top.step().lossG;
  assert.ok(Math.abs(lossG - expected) < 1e-5, `lossG ${lossG}, expected ${expected}`);
  assert.ok(Math.abs(lossG - mean) > 1e-4, 'the top-k loss must differ from the whole-batch mean');
});

test('a top-k run resumes bit-exactly from a checkpoint', () => {
  const c = config({ training: { topKKeep: 0.5, topKDecay: 0.5 } });
  const full = new GanTrainer(data(), c);
  full.train(300);
  const half = new GanTrainer(data(), c);
  half.train(150);
  const resumed = resumeTrainer(readCheckpoint(saveCheckpoint(half, {})), data());
  assert.is(resumed.config.training.topKKeep, 0.5);
  resumed.train(300);
  assert.equal(generatorWeights(resumed), generatorWeights(full));
});

test('train flags set top-k and the mixture latent, and reject values outside their range', () => {
  const flags = (...argv: string[]) => configFromFlags(parseFlags(TRAIN_COMMAND, ['--data', 'ring8', ...argv]), { dim: 2, fill: 0, name: 'ring8' });
  const c = flags('--top-k', '0.75', '--top-k-decay', '0.9', '--latent-mixture', '32', '--latent-std-penalty', '0.1');
  assert.equal([c.training.topKKeep, c.training.topKDecay, c.latent.mixture, c.penalties.latentStd], [0.75, 0.9, 32, 0.1]);
  const d = flags();
  assert.equal([d.training.topKKeep, d.latent.mixture], [1, 0]);
  throwsWith(() => flags('--top-k', '0'), "--top-k: expected a number in (0, 1], got '0'");
});

test.run();
