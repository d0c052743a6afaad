/**
 * The least CPU time (user + system, ms) of many repeats of each conv layer of the 28×28 conv GAN (forward + backward,
 * batch 32) and of one default training step: CPU time and the minimum are what least depends on other jobs.
 *   npx tsx scripts/conv-min-time.ts [repeats]
 */
import { GanTrainer, Tensor, conv2d, convTranspose2d, defaultConvConfig, mul, noGrad, randn, sum } from '../src/index.js';

const repeats = Number(process.argv[2] ?? 15);
const minMs = (f: () => void): number => {
  f();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.cpuUsage();
    f();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
};
const layers: [string, number, number, number, number, number, boolean][] = [
  ['G up 1 ConvTranspose2d 7→14', 64, 32, 7, 4, 2, true],
  ['G up 2 ConvTranspose2d 14→28', 32, 16, 14, 4, 2, true],
  ['G out conv 3×3 28×28', 16, 1, 28, 3, 1, false],
  ['D 1 conv 28→14', 1, 16, 28, 4, 2, false],
  ['D 2 conv 14→7', 16, 32, 14, 4, 2, false],
  ['D 3 conv 7→3', 32, 64, 7, 4, 2, false],
];
for (const [name, cin, cout, size, k, stride, transposed] of layers) {
  const x = randn([32, cin, size, size], 1);
  x.requiresGrad = true;
  const w = randn(transposed ? [cin, cout, k, k] : [cout, cin, k, k], 2);
  w.requiresGrad = true;
  const b = randn([cout], 3);
  b.requiresGrad = true;
  const opts = { stride, padding: 1 };
  const run = (): Tensor => (transposed ? convTranspose2d(x, w, b, opts) : conv2d(x, w, b, opts));
  const probe = noGrad(run);
  const fwd = minMs(() => noGrad(run));
  const both = minMs(() => sum(mul(run(), probe)).backward());
  console.log(`${name}: forward ${fwd.toFixed(2)} ms, forward + backward ${both.toFixed(2)} ms`);
}
const data = Tensor.empty([100, 28 * 28]);
for (let i = 0; i < data.size; i++) data.data[i] = Math.sin(i * 0.37) > 0.3 ? 1 : -1;
const trainer = new GanTrainer(data, defaultConvConfig({ height: 28, width: 28, channels: 1 }, -1));
console.log(`training step (R1, DiffAugment, EMA): ${minMs(() => trainer.step()).toFixed(1)} ms`);
