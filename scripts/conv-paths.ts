/**
 * conv2d's two paths at the shapes of the 28×28 GANs, batch 32: the patch matrix (im2col · Wᵀ, forced here) and
 * what conv2d picks (the tap sum when there are fewer output than input channels at stride 1). Least wall time
 * of 10 repeats, the two alternated twice in one process; also the largest difference of the outputs.
 *   npx tsx scripts/conv-paths.ts
 */
import { conv2d, convGeometry, im2col, linear, mul, noGrad, randn, reshape, rowsToImage, sum } from '../src/index.js';
import type { Tensor } from '../src/index.js';

const best = (f: () => void, repeats = 10): number => {
  f();
  let least = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    f();
    least = Math.min(least, performance.now() - t0);
  }
  return least;
};

// [in, out, side, kernel]: G's output conv (default and with 3 channels), the upsampling G's 3×3 convs, one more.
const SHAPES = [[16, 1, 28, 3], [16, 3, 28, 3], [32, 16, 28, 3], [64, 32, 14, 3], [16, 8, 28, 3]] as const;
console.log('| conv | max |Δ| | forward ms, patches → conv2d | forward + backward ms, patches → conv2d |');
console.log('|---|---:|---:|---:|');
for (const [cin, cout, side, k] of SHAPES) {
  const x = randn([32, cin, side, side], 1);
  x.requiresGrad = true;
  const w = randn([cout, cin, k, k], 2);
  w.requiresGrad = true;
  const b = randn([cout], 3);
  b.requiresGrad = true;
  const g = convGeometry('conv-paths', x.shape, k, 1, 1);
  const patches = (): Tensor => rowsToImage(linear(im2col(x, g), reshape(w, [cout, cin * k * k]), b), g);
  const picked = (): Tensor => conv2d(x, w, b, { padding: 1 });
  const a = noGrad(patches), c = noGrad(picked);
  let maxDiff = 0;
  for (let i = 0; i < a.size; i++) maxDiff = Math.max(maxDiff, Math.abs(a.data[i]! - c.data[i]!));
  const t = [0, 0, 0, 0];
  for (let round = 0; round < 2; round++) {
    t[0] += best(() => noGrad(patches)) / 2;
    t[1] += best(() => noGrad(picked)) / 2;
    t[2] += best(() => sum(mul(patches(), a)).backward()) / 2;
    t[3] += best(() => sum(mul(picked(), a)).backward()) / 2;
  }
  const f = (v: number): string => v.toFixed(1);
  console.log(`| ${cin} → ${cout}, ${side}×${side}, k${k} | ${maxDiff.toExponential(1)} | ${f(t[0]!)} → ${f(t[1]!)} | ${f(t[2]!)} → ${f(t[3]!)} |`);
}
