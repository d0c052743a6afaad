/**
 * Writes data/mixed.csv: a made-up table with known structure for the categorical and normalization
 * work of issue 16 (seeded, so the file is the same on every run):
 *   income  lognormal, exp(N(10, 0.6²)), whole numbers (skewed)
 *   latency bimodal: N(300, 25²) or N(700, 40²) with probability ½ each, one decimal
 *   city    text category: north 0.4, south 0.3, east 0.2, west 0.1
 *   spend   N(μ_city, 8²), μ = 40, 60, 80, 100 for north, south, east, west: the category shifts its mean
 *   plan    integer codes 1, 2, 3 (0.5, 0.3, 0.2): a category written as numbers (train with --categorical plan)
 *   churn   the label: yes with probability σ((spend − 70)/10 + (latency > 500 ? 1 : −1))
 *
 *   npx tsx scripts/make-mixed.ts [--rows 600] [--seed 16] [--out data/mixed.csv]
 */
import { writeFileSync } from 'node:fs';
import { Random } from '../src/tensor/random.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at < 0 ? fallback : argv[at + 1]!;
};
const rows = Number(option('rows', '600'));
const rng = new Random(Number(option('seed', '16')));
const out = option('out', 'data/mixed.csv');

/** Index drawn with the given probabilities (summing to 1). */
function pick(probabilities: readonly number[]): number {
  const u = rng.uniform();
  let acc = 0;
  for (let k = 0; k < probabilities.length; k++) {
    acc += probabilities[k]!;
    if (u < acc) return k;
  }
  return probabilities.length - 1;
}

const CITIES = ['north', 'south', 'east', 'west'];
const CITY_P = [0.4, 0.3, 0.2, 0.1];
const CITY_SPEND = [40, 60, 80, 100];
const PLAN_P = [0.5, 0.3, 0.2];
const lines = ['income,latency,city,spend,plan,churn'];
for (let r = 0; r < rows; r++) {
  const income = Math.round(Math.exp(10 + 0.6 * rng.normal()));
  const slow = rng.uniform() < 0.5;
  const latency = slow ? 700 + 40 * rng.normal() : 300 + 25 * rng.normal();
  const city = pick(CITY_P);
  const spend = CITY_SPEND[city]! + 8 * rng.normal();
  const plan = pick(PLAN_P) + 1;
  const logit = (spend - 70) / 10 + (latency > 500 ? 1 : -1);
  const churn = rng.uniform() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no';
  lines.push(`${income},${latency.toFixed(1)},${CITIES[city]},${spend.toFixed(2)},${plan},${churn}`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${rows} rows to ${out}`);
