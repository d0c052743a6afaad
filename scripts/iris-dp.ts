/**
 * A DP-SGD discriminator on iris, outside the trainer (which has no DP setting yet): one small GAN per
 * class, D updated with dpGradients (per-example clipping to C, Gaussian noise σ·C on the real rows' gradient;
 * the fake rows' gradient needs no noise, since fakes depend on the data only through earlier private
 * D updates), σ chosen by noiseMultiplierFor for the target ε at δ = 1e-5 over the run. Classes are
 * disjoint, so each row is seen by one GAN only and the run's ε is each class's ε (parallel composition).
 * Batches are drawn without replacement at a fixed size b, and the accountant is given q = b/n_class
 * (Poisson sampling is what its bound assumes; Opacus makes the same approximation without Poisson sampling).
 *
 *   npx tsx scripts/iris-dp.ts [--n 50] [--steps 1000] [--epsilon 10] [--batch 4] [--clip 1] [--seeds 1,2,3]
 *
 * Same split, scaler, classifiers and privacy figures as scripts/iris-privacy.ts.
 */
import { add, mean, neg, reshape, softplus } from '../src/autograd/index.js';
import { distanceToClosestRecord, membershipInferenceAuc } from '../src/eval/metrics/index.js';
import { meanSd, utilityFigures } from '../src/eval/utility/index.js';
import type { LabelledRows } from '../src/eval/utility/index.js';
import { fitScaler } from '../src/data/scaler.js';
import { fewShotSplit } from '../src/data/split.js';
import { buildDiscriminator, buildGenerator } from '../src/gan/model.js';
import { sampleGenerator } from '../src/gan/trainer.js';
import { Adam } from '../src/nn/optim/adam.js';
import { loadDataset } from '../src/node/loadData.js';
import { dpGradients, epsilonAfter, noiseMultiplierFor } from '../src/privacy/index.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1]!;
}
const n = Number(option('n', '50'));
const steps = Number(option('steps', '1000'));
const targetEpsilon = Number(option('epsilon', '10'));
const batch = Number(option('batch', '4'));
const clip = Number(option('clip', '1'));
const perClass = Number(option('per-class', '100'));
const seeds = option('seeds', '1,2,3').split(',').map(Number);
const delta = 1e-5;
const latentDim = 8;

const iris = loadDataset(new URL('../data/iris.csv', import.meta.url).pathname, { seed: 1, n, labelColumn: 'species' });
const d = iris.dim;
const K = iris.numClasses;

/** One class's GAN with a DP discriminator; returns samples [perClass, d] and the σ used. */
function dpGan(rows: Float64Array, seed: number): { x: Float64Array; sigma: number; epsilon: number } {
  const m = rows.length / d;
  const q = batch / m;
  const sigma = targetEpsilon === Infinity ? 0 : noiseMultiplierFor({ targetEpsilon, delta, sampleRate: q, steps });
  const rng = new Random(seed);
  const g = buildGenerator(latentDim, d, { hidden: [64, 64], rank: 'full', output: 'linear' }, rng.fork());
  const dNet = buildDiscriminator(d, { hidden: [64, 64], rank: 'full' }, rng.fork());
  const optG = new Adam(g.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  const optD = new Adam(dNet.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  const data = rng.fork();
  const noise = rng.fork();
  const latent = (count: number): Tensor => {
    const z = Tensor.empty([count, latentDim]);
    for (let i = 0; i < z.size; i++) z.data[i] = noise.normal();
    return z;
  };
  const real = Tensor.empty([batch, d]);
  const realLoss = (out: Tensor): Tensor => reshape(softplus(neg(out)), [out.shape[0]!]);
  for (let s = 0; s < steps; s++) {
    const perm = data.permutation(m);
    for (let i = 0; i < batch; i++) for (let j = 0; j < d; j++) real.data[i * d + j] = rows[perm[i]! * d + j]!;
    const fake = g.forward(latent(batch)).detach();
    optD.zeroGrad();
    mean(softplus(dNet.forward(fake))).backward(); // fake rows: −log(1 − σ(D))
    const dp = dpGradients(dNet, real, realLoss, { clipNorm: clip, noiseMultiplier: sigma, seed: data.nextUint32() });
    dNet.parameters().forEach((p, k) => {
      p.grad = p.grad === null ? dp.grads[k]! : add(p.grad, dp.grads[k]!).detach();
    });
    optD.step();
    optG.zeroGrad();
    mean(softplus(neg(dNet.forward(g.forward(latent(batch)))))).backward(); // non-saturating G loss
    optG.step();
  }
  const x = Float64Array.from(sampleGenerator(g, latentDim, perClass, seed + 7).data);
  return { x, sigma, epsilon: sigma === 0 ? Infinity : epsilonAfter(sigma, q, steps, delta) };
}

interface Cells { trtrLog: number; tstrLog: number; trtrMlp: number; tstrMlp: number; closer: number; auc: number; sigma: number; epsilon: number }
const all: Cells[] = [];
for (const seed of seeds) {
  const t0 = Date.now();
  const split = fewShotSplit(iris, { n, seed });
  const scaler = fitScaler(split.train.x, d);
  const train: LabelledRows = { x: scaler.transform(split.train.x), labels: split.train.labels! };
  const held: LabelledRows = { x: scaler.transform(split.heldOut.x), labels: split.heldOut.labels! };
  const xs: Float64Array[] = [];
  let sigma = 0;
  let epsilon = 0;
  for (let c = 0; c < K; c++) {
    const rows: number[] = [];
    for (let i = 0; i < train.labels.length; i++) if (train.labels[i] === c) for (let j = 0; j < d; j++) rows.push(train.x[i * d + j]!);
    const r = dpGan(Float64Array.from(rows), seed * 10 + c);
    xs.push(r.x);
    sigma = Math.max(sigma, r.sigma);
    epsilon = Math.max(epsilon, r.epsilon);
  }
  const sx = new Float64Array(K * perClass * d);
  xs.forEach((x, c) => sx.set(x, c * perClass * d));
  const labels = new Int32Array(K * perClass).map((_, i) => Math.floor(i / perClass));
  const [lg, mlp] = utilityFigures({ d, numClasses: K, train, heldOut: held, synthetic: { x: sx, labels } });
  const mat = (x: Float64Array) => ({ data: x, rows: x.length / d, cols: d });
  const dcr = distanceToClosestRecord(mat(sx), mat(train.x), mat(held.x), seed);
  const auc = membershipInferenceAuc(mat(sx), mat(train.x), mat(held.x), seed);
  const cells = { trtrLog: lg!.trtr.mean, tstrLog: lg!.tstr.mean, trtrMlp: mlp!.trtr.mean, tstrMlp: mlp!.tstr.mean, closer: dcr.closerToTrain, auc, sigma, epsilon };
  all.push(cells);
  console.error(`seed ${seed}: ${((Date.now() - t0) / 1000).toFixed(1)} s ${JSON.stringify(cells)}`);
}
const f = (k: keyof Cells): string => {
  const { mean: mu, sd } = meanSd(all.map((r) => r[k]));
  return `${mu.toFixed(3)} ± ${sd.toFixed(3)}`;
};
console.log(`iris, N = ${n}, DP discriminator, target ε ${targetEpsilon} at δ ${delta}, ${steps} steps, batch ${batch}, clip ${clip}, seeds ${seeds.join(',')}\n`);
console.log('| σ | ε | TRTR logistic | TSTR logistic | TRTR MLP | TSTR MLP | closer to train | MIA AUC |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${f('sigma')} | ${f('epsilon')} | ${f('trtrLog')} | ${f('tstrLog')} | ${f('trtrMlp')} | ${f('tstrMlp')} | ${f('closer')} | ${f('auc')} |`);
