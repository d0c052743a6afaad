/**
 * The slice of the TensorFlow.js 4.x API the peer benchmarks use, declared structurally so the bench
 * type-checks without @tensorflow/* installed (they are optional peers, loaded with import() only for --compare).
 */

export interface TfTensor {
  readonly shape: number[];
  readonly size: number;
  /** Blocks until the value is computed and copies it out. */
  dataSync(): Float32Array | Int32Array | Uint8Array;
  dispose(): void;
}

export interface TfVariable extends TfTensor {
  readonly name: string;
}

export interface TfOptimizer {
  /** Computes d f() / d varList, applies one update; returns the cost when returnCost. */
  minimize(f: () => TfTensor, returnCost?: boolean, varList?: TfVariable[]): TfTensor | null;
  dispose(): void;
}

export interface Tf {
  /** tfjs-core's version, e.g. "4.22.0". */
  readonly version_core: string;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  env(): { getAsync(flag: string): Promise<boolean | number | string | object> };
  memory(): { numTensors: number };
  /** Runs fn and disposes every tensor it made except the one returned. */
  tidy<T extends TfTensor>(fn: () => T): T;
  /** values laid out row-major in `shape`. */
  tensor(values: Float32Array, shape: number[], dtype?: 'float32'): TfTensor;
  variable(initial: TfTensor, trainable?: boolean, name?: string): TfVariable;
  randomNormal(shape: number[], mean?: number, stdDev?: number, dtype?: 'float32', seed?: number): TfTensor;
  ones(shape: number[]): TfTensor;
  zeros(shape: number[]): TfTensor;
  /** a: [m, k] (or [k, m] with transposeA), b: [k, n] (or [n, k] with transposeB) -> [m, n]. */
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  leakyRelu(x: TfTensor, alpha?: number): TfTensor;
  tanh(x: TfTensor): TfTensor;
  losses: {
    /** Mean over all elements of max(x, 0) − x·y + log(1 + e^−|x|) (SUM_BY_NONZERO_WEIGHTS without weights). */
    sigmoidCrossEntropy(labels: TfTensor, logits: TfTensor): TfTensor;
  };
  train: { adam(learningRate?: number, beta1?: number, beta2?: number, epsilon?: number): TfOptimizer };
}
