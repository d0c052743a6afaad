// Categorical table columns (issue 16): CSV detection and codes, one-hot encoding, the straight-through
// softmax output of G (a valid one-hot at sample time, the softmax's gradient), and clear errors.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_CATEGORIES, parseCsv } from '../src/data/csv.js';
import { categoryBlocks, categoryOf, checkTableLayout, oneHotEncode } from '../src/data/tableLayout.js';
import { straightThroughSoftmax } from '../src/autograd/ops/straightThrough.js';
import { div, exp, grad, mul, noGrad, sum } from '../src/autograd/index.js';
import { TableOutput } from '../src/nn/tableOutput.js';
import { buildConfigGenerator } from '../src/gan/networks.js';
import { defaultConfig } from '../src/gan/config.js';
import { Tensor } from '../src/tensor/tensor.js';
import { Random } from '../src/tensor/random.js';

const src = 'mixed.csv';
const CSV = 'size,city,plan,label\n1.5,north,2,a\n2.5,south,1,b\n3,north,3,a\n4,east,2,b\n';

test('parseCsv: a text column is categorical by itself, a code column when named; codes index the category names', () => {
  const t = parseCsv(CSV, { source: src, labelColumn: 'label', categorical: ['plan'] });
  assert.equal(t.columns, ['size', 'city', 'plan']);
  assert.equal(t.categories, [null, ['north', 'south', 'east'], ['1', '2', '3']]);
  assert.equal(Array.from(t.data), [1.5, 0, 1, 2.5, 1, 0, 3, 0, 2, 4, 2, 1]);
  const plain = parseCsv(CSV, { source: src, labelColumn: 'label' });
  assert.equal(plain.categories, [null, ['north', 'south', 'east'], null]);
  assert.equal(Array.from(plain.data.subarray(0, 3)), [1.5, 0, 2]);
});

test('oneHotEncode: number columns keep their value, each categorical column becomes a one-hot block that decodes back', () => {
  const t = parseCsv(CSV, { source: src, labelColumn: -1, categorical: [2] });
  const { x, layout } = oneHotEncode(t.data, t.rows, t.cols, t.columns, t.categories);
  assert.is(layout.dim, 1 + 3 + 3);
  assert.equal(categoryBlocks(layout), [{ offset: 1, size: 3 }, { offset: 4, size: 3 }]);
  assert.equal(Array.from(x.subarray(0, 7)), [1.5, 1, 0, 0, 0, 1, 0]);
  const city = layout.fields[1]!;
  const plan = layout.fields[2]!;
  if (city.kind !== 'category' || plan.kind !== 'category') throw new Error('expected category fields');
  const decoded = [0, 1, 2, 3].map((r) => `${city.categories[categoryOf(x, layout.dim, r, city)]}/${plan.categories[categoryOf(x, layout.dim, r, plan)]}`);
  assert.equal(decoded, ['north/2', 'south/1', 'north/3', 'east/2']);
  assert.equal(checkTableLayout(JSON.parse(JSON.stringify(layout)), 7, 'ckpt'), layout);
  assert.throws(() => checkTableLayout(layout, 8, 'ckpt'), /ckpt: bad table layout: dim 7 differs from the data's 8 columns/);
  // A code past the block would spill into the next column's block: refused with its row and column.
  const bad = Float64Array.from(t.data);
  bad[1 * t.cols + 1] = 3;
  assert.throws(() => oneHotEncode(bad, t.rows, t.cols, t.columns, t.categories), /oneHotEncode: row 1, column 'city': category code must be an integer in 0\.\.2, got 3/);
});

test('parseCsv: bad categorical tables name the row, the column and the value', () => {
  const throws = (text: string, re: RegExp, opts: { labelColumn?: string | number; categorical?: (string | number)[] } = {}): void => assert.throws(() => parseCsv(text, { source: src, ...opts }), re);
  throws('a,b\n1,x\n2,\n3,y\n', /^mixed\.csv: row 3, column 'b': empty cell, expected a category$/);
  throws('a,b\n1,2\n2,3\n3,x\n', /^mixed\.csv: row 4, column 'b': 'x' is not a number$/);
  throws('a,b\n1,2\n', /mixed\.csv: categorical column 'c' is not in the header \(columns: 'a', 'b'\)/, { categorical: ['c'] });
  throws('a,b\n1,2\n', /mixed\.csv: column 'b' is the label column; it cannot also be categorical/, { labelColumn: 'b', categorical: ['b'] });
  throws('a,b\n1,2\n', /categorical column 5 is out of range for 2 columns/, { categorical: [5] });
  const many = ['a,id', ...Array.from({ length: MAX_CATEGORIES + 3 }, (_, i) => `${i},u${i}`)].join('\n');
  throws(many, new RegExp(`^mixed\\.csv: row ${MAX_CATEGORIES + 2}, column 'id': 'u${MAX_CATEGORIES}' is the ${MAX_CATEGORIES + 1}th distinct value; a categorical column may have at most ${MAX_CATEGORIES}`));
});

function softmaxRef(x: Tensor, tau: number): Tensor {
  const e = exp(div(x, tau));
  return div(e, sum(e, 1, true));
}

test('straightThroughSoftmax: forward an exact one-hot at the largest logit; backward the gradient of softmax(logits/τ) (central differences, float64)', () => {
  const arb = fc.record({ rows: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 5 }), tau: fc.constantFrom(0.3, 0.5, 1, 2), seed: fc.integer({ min: 0, max: 1e6 }) });
  fc.assert(
    fc.property(arb, ({ rows, k, tau, seed }) => {
      const rng = new Random(seed);
      const x = new Tensor(Float64Array.from({ length: rows * k }, () => 4 * rng.uniform() - 2), [rows, k]);
      x.requiresGrad = true;
      const w = new Tensor(Float64Array.from({ length: rows * k }, () => 2 * rng.uniform() - 1), [rows, k]);
      const y = straightThroughSoftmax(x, tau);
      for (let r = 0; r < rows; r++) {
        const row = Array.from(y.data.subarray(r * k, (r + 1) * k));
        const xs = Array.from(x.data.subarray(r * k, (r + 1) * k));
        if (row.filter((v) => v === 1).length !== 1 || row.some((v) => v !== 0 && v !== 1)) return false;
        if (row.indexOf(1) !== xs.indexOf(Math.max(...xs))) return false;
      }
      const [g] = grad(sum(mul(straightThroughSoftmax(x, tau), w)), [x]);
      const eps = 1e-6;
      for (let i = 0; i < x.size; i++) {
        const v = x.data[i]!;
        const at = (d: number): number => {
          x.data[i] = v + d;
          const out = noGrad(() => sum(mul(softmaxRef(x, tau), w)).item());
          x.data[i] = v;
          return out;
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        if (!(Math.abs(g!.data[i]! - numeric) <= 1e-6 + 1e-5 * Math.abs(numeric))) return false;
      }
      return true;
    }),
    { seed: 16, numRuns: 40 },
  );
  assert.throws(() => straightThroughSoftmax(new Tensor(new Float64Array(4), [2, 2]), 0), /temperature must be > 0, got 0/);
});

test('a generator with categorical blocks samples valid one-hots there and tanh values elsewhere, in training and eval mode', () => {
  const config = defaultConfig(8);
  config.categorical = { blocks: [{ offset: 1, size: 3 }, { offset: 5, size: 2 }], temperature: 0.5 };
  const g = buildConfigGenerator(config, 8, 3);
  const head = g.layers[g.length - 1]!;
  assert.ok(head instanceof TableOutput);
  const rng = new Random(5);
  const z = new Tensor(Float32Array.from({ length: 50 * config.latent.dim }, () => rng.normal()), [50, config.latent.dim]);
  for (const mode of ['train', 'eval'] as const) {
    if (mode === 'eval') g.eval();
    const y = noGrad(() => g.forward(z)).data;
    for (let r = 0; r < 50; r++) {
      const o = r * 8;
      assert.is(y[o + 1]! + y[o + 2]! + y[o + 3]!, 1);
      assert.is(y[o + 5]! + y[o + 6]!, 1);
      for (const j of [1, 2, 3, 5, 6]) assert.ok(y[o + j] === 0 || y[o + j] === 1, `row ${r} column ${j}: ${y[o + j]}`);
      for (const j of [0, 4, 7]) assert.ok(Math.abs(y[o + j]!) < 1);
    }
  }
  assert.throws(() => new TableOutput([{ offset: 2, size: 2 }, { offset: 3, size: 2 }], 1, 'tanh'), /block 1 must start at or after column 4/);
});

test.run();
