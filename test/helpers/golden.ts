// Reading test/fixtures/golden.json (written by test/fixtures/make_golden.py from PyTorch 1.13).
import { readFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { Tensor } from '../../src/index.js';

/** A tensor as the fixture stores it: shape and row-major values. */
export type Rec = { shape: number[]; data: number[] };

export type Reduction = 'mean' | 'sum' | 'none';

/** One loss evaluation: value and gradient(s) of Σ probe ⊙ loss ('none') or of the scalar loss. */
export type LossCase = {
  reduction: Reduction; value: number | number[]; gradInput: number[]; gradTarget?: number[];
  posWeight?: boolean; weight?: boolean;
};

export type OptimizerConfig = {
  kind: 'Adam' | 'AdamW' | 'SGD';
  options: Record<string, number | boolean | number[]>;
  /** Per dtype: for each step, each parameter's values after it. */
  after: Record<'float32' | 'float64', number[][][]>;
};

export type Fixture = {
  torch: string;
  linear: { in: number; out: number; weight: Rec; bias: Rec; x: Rec; probe: Rec; output: Rec; gradX: Rec; gradWeight: Rec; gradBias: Rec };
  lowRankLinear: {
    in: number; out: number; rank: number; u: Rec; v: Rec; bias: Rec; x: Rec; probe: Rec;
    output: Rec; gradX: Rec; gradU: Rec; gradV: Rec; gradBias: Rec;
  };
  bceWithLogits: { logits: Rec; targets: Rec; posWeight: Rec; weight: Rec; probe: Rec; cases: LossCase[] };
  bce: { probs: Rec; targets: Rec; weight: Rec; probe: Rec; cases: LossCase[] };
  mse: { input: Rec; target: Rec; probe: Rec; cases: LossCase[] };
  optimizers: {
    shapes: number[][];
    /** Per dtype: starting values and, per step, each parameter's gradient (null: no gradient that step). */
    runs: Record<'float32' | 'float64', { start: number[][]; grads: (number[] | null)[][] }>;
    configs: OptimizerConfig[];
  };
};

export const golden = JSON.parse(readFileSync(new URL('../fixtures/golden.json', import.meta.url), 'utf8')) as Fixture;

/** A float64 tensor from a fixture record. */
export function t64(r: Rec, requiresGrad = false): Tensor {
  const t = new Tensor(Float64Array.from(r.data), r.shape);
  t.requiresGrad = requiresGrad;
  return t;
}

/** Throws at the first entry with |a − b| > atol + rtol·|b|. */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], what: string, rtol = 1e-12, atol = 1e-14): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, b = expected[i]!;
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) assert.unreachable(`${what}[${i}]: got ${a}, PyTorch ${b}`);
  }
}
