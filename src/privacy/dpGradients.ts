/**
 * DP-SGD's gradient (Abadi et al. 2016) for a network of Linear and LowRankLinear layers with
 * elementwise layers between them: each example's gradient is clipped to norm ≤ C, the clipped
 * gradients are summed, and N(0, σ²C²) noise is added to every coordinate of the sum.
 *
 * Per-example norms without per-example gradients (Goodfellow 2015): for y = x·Wᵀ + b, example i's
 * gradient of W is δᵢ·aᵢᵀ (δᵢ = ∂ℓᵢ/∂yᵢ, aᵢ the layer's input row), a rank-one matrix, so
 * ‖∂ℓᵢ/∂W‖²_F = ‖aᵢ‖²·‖δᵢ‖² and ‖∂ℓᵢ/∂b‖² = ‖δᵢ‖². A low-rank layer y = (x·Vᵀ)·Uᵀ + b is two such
 * products: U sees input hᵢ = V·xᵢ and output grad δᵢ, V sees input xᵢ and output grad Uᵀδᵢ.
 * With clip factors cᵢ = min(1, C/(‖gᵢ‖ + 10⁻⁶)) (Opacus's), Σᵢ cᵢ·δᵢ·aᵢᵀ = (c ⊙ δ)ᵀ·a is one matrix
 * product per weight. One forward and one backward pass in all. Browser-safe.
 */
import { grad, linear, matmul, noGrad } from '../autograd/index.js';
import { Dropout } from '../nn/dropout.js';
import { Identity, LeakyReLU, ReLU, Sigmoid, Tanh } from '../nn/activations.js';
import { Linear } from '../nn/linear.js';
import { LowRankLinear } from '../nn/lowRankLinear.js';
import type { Module } from '../nn/module.js';
import type { Sequential } from '../nn/sequential.js';
import { Random } from '../tensor/random.js';
import { Tensor, formatShape } from '../tensor/tensor.js';

export interface DpGradientOptions {
  /** Clipping norm C > 0 of each example's whole gradient (all parameters together). */
  clipNorm: number;
  /** Noise multiplier σ ≥ 0: noise std is σ·C. 0 clips without noise. */
  noiseMultiplier: number;
  /** Seed of the noise (same seed, same bytes). */
  seed: number;
  /** The sum is divided by this (Opacus: the expected batch size q·N); default the batch size. */
  batchSizeForMean?: number;
}

export interface DpGradientResult {
  /** Noised mean of clipped per-example gradients, one per net.parameters() entry, same shapes and dtypes. */
  grads: Tensor[];
  /** [batch] each example's gradient norm before clipping. */
  perExampleNorms: Float64Array;
  /** Share of examples whose gradient was scaled down. */
  clippedFraction: number;
}

/** One trainable layer's tensors from the forward pass: the inputs its weights multiply and its outputs. */
interface Capture {
  layer: Linear | LowRankLinear;
  input: Tensor;
  /** LowRankLinear only: h = x·Vᵀ [batch, rank], the input U multiplies. */
  hidden: Tensor | null;
  output: Tensor;
}

const ELEMENTWISE = [LeakyReLU, ReLU, Tanh, Sigmoid, Identity, Dropout];

/**
 * net: a Sequential of Linear / LowRankLinear (no spectral norm) and elementwise layers; x: [batch, in];
 * perExampleLoss maps the net's output [batch, k] to per-example losses [batch], where loss i may depend
 * only on output row i (true of BCE with logits, the discriminator's loss). Returns DP-SGD's gradient of
 * the mean loss; touches no .grad. The caller assigns the grads and steps the optimizer.
 */
export function dpGradients(net: Sequential, x: Tensor, perExampleLoss: (out: Tensor) => Tensor, options: DpGradientOptions): DpGradientResult {
  const fn = 'dpGradients';
  const { clipNorm, noiseMultiplier, seed } = options;
  if (!(clipNorm > 0) || clipNorm === Infinity) throw new Error(`${fn}: clipNorm must be a finite number > 0, got ${clipNorm}`);
  if (!(noiseMultiplier >= 0) || noiseMultiplier === Infinity) throw new Error(`${fn}: noiseMultiplier must be finite and >= 0, got ${noiseMultiplier}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`${fn}: seed must be a safe integer, got ${seed}`);
  if (x.ndim !== 2) throw new Error(`${fn}: x must be [batch, in], got ${formatShape(x.shape)}`);
  const batch = x.shape[0]!;
  const divisor = options.batchSizeForMean ?? batch;
  if (!(divisor > 0)) throw new Error(`${fn}: batchSizeForMean must be > 0, got ${divisor}`);

  const captures: Capture[] = [];
  let h = x.detach();
  for (const m of net.layers) h = forwardLayer(m, h, captures);
  const losses = perExampleLoss(h);
  if (losses.ndim !== 1 || losses.shape[0] !== batch) throw new Error(`${fn}: perExampleLoss must return [${batch}] losses, got ${formatShape(losses.shape)}`);
  if (captures.length === 0) throw new Error(`${fn}: the net has no Linear or LowRankLinear layer`);

  // δ for every layer output, and for every low-rank hidden (∂ℓᵢ/∂hᵢ = Uᵀδᵢ), from one backward pass.
  const targets: Tensor[] = [];
  for (const c of captures) {
    targets.push(c.output);
    if (c.hidden) targets.push(c.hidden);
  }
  const ones = Tensor.empty([batch], losses.dtype);
  ones.data.fill(1);
  const deltas = grad(losses, targets, { gradOutputs: [ones], allowUnused: true });

  const norms2 = new Float64Array(batch);
  let t = 0;
  const perLayer = captures.map((c) => {
    const dOut = deltas[t++] ?? zerosLike(c.output);
    const dHidden = c.hidden ? (deltas[t++] ?? zerosLike(c.hidden)) : null;
    const hasBias = c.layer.bias !== null;
    if (c.hidden && dHidden) {
      addRowProducts(norms2, c.hidden, dOut, hasBias); // U (and bias)
      addRowProducts(norms2, c.input, dHidden, false); // V
    } else addRowProducts(norms2, c.input, dOut, hasBias);
    return { c, dOut, dHidden };
  });

  const scale = new Float64Array(batch);
  const perExampleNorms = new Float64Array(batch);
  let clipped = 0;
  for (let i = 0; i < batch; i++) {
    const norm = Math.sqrt(norms2[i]!);
    perExampleNorms[i] = norm;
    scale[i] = Math.min(1, clipNorm / (norm + 1e-6));
    if (scale[i]! < 1) clipped++;
  }

  const sums = new Map<Tensor, Tensor>();
  noGrad(() => {
    for (const { c, dOut, dHidden } of perLayer) {
      const scaledOut = scaleRows(dOut, scale);
      if (c.layer instanceof LowRankLinear && c.hidden && dHidden) {
        sums.set(c.layer.u, matmul(scaledOut, c.hidden, { transA: true })); // Σ cᵢ δᵢ hᵢᵀ [out, rank]
        sums.set(c.layer.v, matmul(scaleRows(dHidden, scale), c.input, { transA: true })); // Σ cᵢ (Uᵀδᵢ) xᵢᵀ [rank, in]
      } else if (c.layer instanceof Linear) {
        sums.set(c.layer.weight, matmul(scaledOut, c.input, { transA: true }));
      }
      if (c.layer.bias) sums.set(c.layer.bias, columnSums(scaledOut));
    }
  });

  const rng = new Random(seed);
  const std = noiseMultiplier * clipNorm;
  const grads = net.parameters().map((p, k) => {
    const s = sums.get(p);
    if (!s) throw new Error(`${fn}: parameter ${k} ${formatShape(p.shape)} belongs to no Linear or LowRankLinear layer`);
    const out = Tensor.empty(p.shape, p.dtype);
    const od = out.data;
    const sd = s.data;
    for (let j = 0; j < od.length; j++) od[j] = (sd[j]! + (std > 0 ? std * rng.normal() : 0)) / divisor;
    return out;
  });
  return { grads, perExampleNorms, clippedFraction: clipped / batch };
}

function forwardLayer(m: Module, a: Tensor, captures: Capture[]): Tensor {
  if (m instanceof Linear) {
    if (m.spectralNorm) throw new Error(`dpGradients: ${m.label} uses spectral normalization, which mixes examples' gradients; build D without it`);
    const output = linear(a, m.weight, m.bias);
    captures.push({ layer: m, input: a, hidden: null, output });
    return output;
  }
  if (m instanceof LowRankLinear) {
    if (m.spectralNorm !== 'none') throw new Error(`dpGradients: ${m.label} uses spectral normalization, which mixes examples' gradients; build D without it`);
    const hidden = matmul(a, m.v, { transB: true });
    const output = linear(hidden, m.u, m.bias);
    captures.push({ layer: m, input: a, hidden, output });
    return output;
  }
  if (ELEMENTWISE.some((k) => m instanceof k)) return m.forward(a);
  throw new Error(`dpGradients: layer ${m.constructor.name} is not supported (Linear, LowRankLinear and elementwise layers only)`);
}

/** norms2[i] += ‖aᵢ‖²·‖δᵢ‖² (+ ‖δᵢ‖² for the bias). a: [batch, p], d: [batch, q]. */
function addRowProducts(norms2: Float64Array, a: Tensor, d: Tensor, bias: boolean): void {
  const batch = norms2.length;
  const p = a.shape[1]!;
  const q = d.shape[1]!;
  const ad = a.data;
  const dd = d.data;
  for (let i = 0; i < batch; i++) {
    let sa = 0;
    for (let j = 0; j < p; j++) sa += ad[i * p + j]! * ad[i * p + j]!;
    let sd = 0;
    for (let j = 0; j < q; j++) sd += dd[i * q + j]! * dd[i * q + j]!;
    norms2[i] += sa * sd + (bias ? sd : 0);
  }
}

/** rows of d [batch, q] times scale[i]. */
function scaleRows(d: Tensor, scale: Float64Array): Tensor {
  const q = d.shape[1]!;
  const out = Tensor.empty(d.shape, d.dtype);
  for (let i = 0; i < scale.length; i++) for (let j = 0; j < q; j++) out.data[i * q + j] = d.data[i * q + j]! * scale[i]!;
  return out;
}

/** [q] sums over rows of d [batch, q]. */
function columnSums(d: Tensor): Tensor {
  const [batch, q] = d.shape as [number, number];
  const out = Tensor.empty([q], d.dtype);
  for (let i = 0; i < batch; i++) for (let j = 0; j < q; j++) out.data[j] += d.data[i * q + j]!;
  return out;
}

function zerosLike(t: Tensor): Tensor {
  return Tensor.empty(t.shape, t.dtype);
}
