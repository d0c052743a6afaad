/**
 * bench/ganStep.ts's reference workload written in TensorFlow.js: G z(64) → 256 → 256 → 64 (tanh),
 * D 64 → 256 → 256 → 1, LeakyReLU(0.2), batch 64, BCE-with-logits (mean), Adam(2e-4, (0.5, 0.999)).
 * One step = a D update on a real batch (target 1) and a detached fake batch (target 0), then a
 * G update through a frozen D. The low-rank variant replaces every Linear(n, m) with min(n, m) > rank
 * by x·V (n → rank, no bias) then ·U + b (rank → m).
 */
import { Random } from '../../src/index.js';
import type { Tf, TfTensor, TfVariable } from './tfjsTypes.js';

type Layer = (x: TfTensor) => TfTensor;

/** Weights are [in, out] as tf.layers.dense keeps them (y = x·W + b); PyTorch init, uniform ±1/sqrt(fan_in). */
function makeLinear(tf: Tf, n: number, m: number, rank: number | 'full', rng: Random, vars: TfVariable[]): Layer {
  const param = (shape: number[], fanIn: number): TfVariable => {
    const bound = 1 / Math.sqrt(fanIn);
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = (rng.uniform() * 2 - 1) * bound;
    const init = tf.tensor(values, shape);
    const v = tf.variable(init, true);
    init.dispose();
    vars.push(v);
    return v;
  };
  if (rank !== 'full' && Math.min(n, m) > rank) {
    const V = param([n, rank], n), U = param([rank, m], rank), b = param([m], rank);
    return (x) => tf.add(tf.matMul(tf.matMul(x, V), U), b);
  }
  const W = param([n, m], n), b = param([m], n);
  return (x) => tf.add(tf.matMul(x, W), b);
}

function makeTfWorkload(tf: Tf, width: number, batch: number, rank: number | 'full', seed = 1) {
  const rng = new Random(seed);
  const dim = 64;
  const gVars: TfVariable[] = [], dVars: TfVariable[] = [];
  const lrelu: Layer = (x) => tf.leakyRelu(x, 0.2);
  const chain = (...fs: Layer[]): Layer => (x) => fs.reduce((h, f) => f(h), x);
  const G = chain(makeLinear(tf, 64, width, rank, rng, gVars), lrelu, makeLinear(tf, width, width, rank, rng, gVars), lrelu,
    makeLinear(tf, width, dim, rank, rng, gVars), (x) => tf.tanh(x));
  const D = chain(makeLinear(tf, dim, width, rank, rng, dVars), lrelu, makeLinear(tf, width, width, rank, rng, dVars), lrelu,
    makeLinear(tf, width, 1, rank, rng, dVars));
  const optG = tf.train.adam(2e-4, 0.5, 0.999, 1e-8);
  const optD = tf.train.adam(2e-4, 0.5, 0.999, 1e-8);
  const realValues = new Float32Array(batch * dim);
  for (let i = 0; i < realValues.length; i++) realValues[i] = Math.tanh(rng.normal());
  const real = tf.tensor(realValues, [batch, dim]);
  const ones = tf.ones([batch, 1]), zeros = tf.zeros([batch, 1]);
  const bce = (logits: TfTensor, target: TfTensor): TfTensor => tf.losses.sigmoidCrossEntropy(target, logits);
  let zSeed = seed;
  let lastLossG = NaN;
  const noise = (): TfTensor => tf.randomNormal([batch, 64], 0, 1, 'float32', zSeed++);
  const step = (): void => {
    // Made outside minimize, so no gradient flows into G (the detach).
    const fake = tf.tidy(() => G(noise()));
    optD.minimize(() => tf.add(bce(D(real), ones), bce(D(fake), zeros)), false, dVars);
    fake.dispose();
    // varList = G's variables: D passes the gradient through but is not updated.
    const lossG = optG.minimize(() => bce(D(G(noise())), ones), true, gVars)!;
    lastLossG = lossG.dataSync()[0]!;
    lossG.dispose();
  };
  const dispose = (): void => {
    for (const t of [...gVars, ...dVars, real, ones, zeros]) t.dispose();
    optG.dispose();
    optD.dispose();
  };
  return { step, dispose, lossG: (): number => lastLossG };
}

/** One variant's workload on the active backend, checked after use: no leaked tensors and a finite G loss. */
export function withTfWorkload<T>(tf: Tf, variant: string, width: number, batch: number, rank: number | 'full',
  use: (step: () => void) => T): T {
  const { step, dispose, lossG } = makeTfWorkload(tf, width, batch, rank);
  const result = use(step);
  const before = tf.memory().numTensors;
  step();
  const leaked = tf.memory().numTensors - before;
  dispose();
  if (leaked !== 0) throw new Error(`tfjsGanStep: ${variant} step leaks ${leaked} tensors on ${tf.getBackend()}`);
  if (!Number.isFinite(lossG())) throw new Error(`tfjsGanStep: ${variant} G loss is ${lossG()} on ${tf.getBackend()}`);
  return result;
}
