// A small MLP built from the nn pieces learns the UCI digits, with full-rank and with low-rank layers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Tensor, Random, Sequential, Linear, LowRankLinear, LeakyReLU, Adam, crossEntropy, takeRows, noGrad } from '../src/index.js';
import type { Module } from '../src/index.js';
import { parseDigits } from '../src/data/digits.js';

const ds = parseDigits(gunzipSync(readFileSync(new URL('../data/digits.csv.gz', import.meta.url))).toString('utf8'), 'digits.csv.gz');
const order = new Random(0).permutation(ds.n);
const trainRows = order.subarray(0, 1200);
const testRows = order.subarray(1200);
const x = new Tensor(Float32Array.from(ds.x), [ds.n, 64]);
const labels = ds.labels!;

function accuracy(net: Module, rows: Int32Array): number {
  const logits = noGrad(() => net.forward(takeRows(x, rows)));
  let right = 0;
  for (let i = 0; i < rows.length; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (logits.data[i * 10 + c]! > logits.data[i * 10 + best]!) best = c;
    if (best === labels[rows[i]!]) right++;
  }
  return right / rows.length;
}

function train(net: Module, epochs: number, seed: number): void {
  const opt = new Adam(net.parameters(), { lr: 3e-3 });
  const rng = new Random(seed);
  for (let e = 0; e < epochs; e++) {
    const perm = rng.permutation(trainRows.length);
    for (let b = 0; b + 32 <= perm.length; b += 32) {
      const rows = new Int32Array(32);
      const targets = new Int32Array(32);
      for (let i = 0; i < 32; i++) {
        rows[i] = trainRows[perm[b + i]!]!;
        targets[i] = labels[rows[i]!]!;
      }
      const loss = crossEntropy(net.forward(takeRows(x, rows)), targets);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
  }
}

test('a full-rank MLP 64→128→10 reaches over 90% held-out accuracy on digits', () => {
  const rng = new Random(1);
  const net = new Sequential(new Linear(64, 128, { seed: rng }), new LeakyReLU(0.2), new Linear(128, 10, { seed: rng }));
  train(net, 8, 2);
  const acc = accuracy(net, testRows);
  assert.ok(acc > 0.9, `accuracy ${acc}`);
  console.log(`    full rank: ${net.numParameters()} parameters, held-out accuracy ${(acc * 100).toFixed(1)}%`);
});

test('the same MLP with rank-8 LowRankLinear layers reaches over 90% too', () => {
  const rng = new Random(1);
  const net = new Sequential(new LowRankLinear(64, 128, 8, { seed: rng }), new LeakyReLU(0.2), new LowRankLinear(128, 10, 8, { seed: rng }));
  train(net, 8, 2);
  const acc = accuracy(net, testRows);
  assert.ok(acc > 0.9, `accuracy ${acc}`);
  console.log(`    rank 8: ${net.numParameters()} parameters, held-out accuracy ${(acc * 100).toFixed(1)}%`);
});

test.run();
