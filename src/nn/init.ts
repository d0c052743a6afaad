// Weight initializers, as torch.nn.init: each fills a tensor in place from a seed or a Random and
// returns it. The distributions and formulas are PyTorch's; the bytes differ (different generator).
// Values are drawn in float64 and rounded to the tensor's dtype, so float32 and float64 tensors
// filled from the same seed agree up to float32 rounding (which can land on a closed bound).
import { Random } from '../tensor/random.js';
import type { Seed } from '../tensor/create.js';
import { formatShape } from '../tensor/tensor.js';
import type { Shape, Tensor } from '../tensor/tensor.js';

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

export type FanMode = 'fan_in' | 'fan_out';

function rngOf(seed: Seed, where: string): Random {
  if (seed instanceof Random) return seed;
  if (typeof seed === 'number') return new Random(seed);
  throw new Error(`${where}: seed must be a number or a Random, got ${String(seed)}`);
}

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear, conv and
 * sigmoid; 5/3 for tanh; √2 for relu; √(2/(1 + slope²)) for leaky_relu (slope = param, default 0.01); 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'selu': return 3 / 4;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new Error(`calculateGain: leaky_relu slope must be finite, got ${slope}`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'sigmoid':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d':
      return 1;
    default:
      throw new Error(`calculateGain: unknown nonlinearity ${JSON.stringify(nonlinearity)}`);
  }
}

/**
 * fanIn = shape[1]·r, fanOut = shape[0]·r with r = Π shape[2:] (the receptive field), as PyTorch.
 * A Linear weight [out, in] has fanIn = in, fanOut = out. Needs at least 2 dims.
 */
export function fanInAndFanOut(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new Error(`fanInAndFanOut: needs a tensor with at least 2 dims, got shape ${formatShape(shape)}`);
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** Fills t with U(low, high). */
export function uniform_(t: Tensor, seed: Seed, low = 0, high = 1): Tensor {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) throw new Error(`uniform_: need finite low ≤ high, got ${low}, ${high}`);
  const rng = rngOf(seed, 'uniform_');
  const d = t.data;
  const span = high - low;
  for (let i = 0; i < d.length; i++) d[i] = low + span * rng.uniform();
  return t;
}

/** Fills t with N(mean, std²). */
export function normal_(t: Tensor, seed: Seed, mean = 0, std = 1): Tensor {
  if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) throw new Error(`normal_: need finite mean and std ≥ 0, got ${mean}, ${std}`);
  const rng = rngOf(seed, 'normal_');
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * rng.normal();
  return t;
}

/** Fills t with a constant. */
export function constant_(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

export interface KaimingOptions {
  /** Negative slope of the leaky_relu that follows (default 0, as PyTorch). */
  a?: number;
  /** 'fan_in' (default) preserves the forward variance, 'fan_out' the backward one. */
  mode?: FanMode;
  /** Default 'leaky_relu', as PyTorch. */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, options: KaimingOptions, where: string): number {
  const { fanIn, fanOut } = fanInAndFanOut(t.shape);
  const fan = (options.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  if (fan === 0) throw new Error(`${where}: cannot initialize a tensor with zero fan (shape ${formatShape(t.shape)})`);
  return calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0) / Math.sqrt(fan);
}

/**
 * He et al. (2015) uniform: U(−b, b) with b = √3·gain/√fan, so Var = gain²/fan.
 * With a = √5 (PyTorch's Linear default), gain = √(2/6) and b = 1/√fanIn.
 */
export function kaimingUniform_(t: Tensor, seed: Seed, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options, 'kaimingUniform_');
  return uniform_(t, seed, -bound, bound);
}

/** He et al. (2015) normal: N(0, gain²/fan). */
export function kaimingNormal_(t: Tensor, seed: Seed, options: KaimingOptions = {}): Tensor {
  return normal_(t, seed, 0, kaimingStd(t, options, 'kaimingNormal_'));
}

/** Glorot & Bengio (2010) uniform: U(−b, b), b = gain·√(6/(fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, seed: Seed, gain = 1): Tensor {
  const { fanIn, fanOut } = fanInAndFanOut(t.shape);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, seed, -bound, bound);
}

/** Glorot & Bengio (2010) normal: N(0, gain²·2/(fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, seed: Seed, gain = 1): Tensor {
  const { fanIn, fanOut } = fanInAndFanOut(t.shape);
  return normal_(t, seed, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

/**
 * A (semi-)orthogonal matrix times gain (Saxe et al. 2014), as torch.nn.init.orthogonal_: t viewed as
 * [rows, cols] with rows = shape[0]. A normal matrix (transposed when rows < cols, so it is tall) is
 * orthonormalized column by column (Gram–Schmidt, applied twice for accuracy), which is its QR
 * factor Q with diag(R) > 0: PyTorch's sign correction. Orthonormal rows or columns, whichever are fewer.
 */
export function orthogonal_(t: Tensor, seed: Seed, gain = 1): Tensor {
  if (t.ndim < 2) throw new Error(`orthogonal_: needs a tensor with at least 2 dims, got shape ${formatShape(t.shape)}`);
  const rng = rngOf(seed, 'orthogonal_');
  const rows = t.shape[0]!;
  const cols = t.size / rows;
  const flat = new Float64Array(t.size);
  for (let i = 0; i < flat.length; i++) flat[i] = rng.normal();
  const tall = rows >= cols;
  const n = tall ? rows : cols; // tall matrix A [n, k]
  const k = tall ? cols : rows;
  // a[j*n + i] = A[i, j]: columns contiguous.
  const a = new Float64Array(n * k);
  // A = flat when tall, flatᵀ otherwise.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) a[tall ? c * n + r : r * n + c] = flat[r * cols + c]!;
  }
  for (let j = 0; j < k; j++) {
    const cj = j * n;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const cp = p * n;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += a[cp + i]! * a[cj + i]!;
        for (let i = 0; i < n; i++) a[cj + i] -= dot * a[cp + i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[cj + i]! * a[cj + i]!;
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < n; i++) a[cj + i] *= inv;
  }
  const d = t.data;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) d[r * cols + c] = gain * (tall ? a[c * n + r]! : a[r * n + c]!);
  }
  return t;
}

/**
 * PyTorch's nn.Linear.reset_parameters: weight [out, in] by kaimingUniform_ with a = √5, i.e.
 * U(−1/√in, 1/√in) (Var = 1/(3·in)), then bias [out] from U(−1/√in, 1/√in). One stream, weight first.
 */
export function linearInit_(weight: Tensor, bias: Tensor | null, seed: Seed): void {
  const rng = rngOf(seed, 'linearInit_');
  kaimingUniform_(weight, rng, { a: Math.sqrt(5) });
  if (bias !== null) {
    const { fanIn } = fanInAndFanOut(weight.shape);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, rng, -bound, bound);
  }
}
