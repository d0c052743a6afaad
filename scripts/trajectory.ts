/**
 * Trains one study model on one (data, N = 100, seed) cell and measures it every `every` steps, both the
 * EMA generator (what the study reports) and the live one, to show how a run's quality moves over time.
 *   npx tsx scripts/trajectory.ts ring8 r4 1 8000 2000      # data model seed steps every
 * Mixtures print modes and high quality; every data set prints coverage and the NN ratio.
 */
import { prepareStudyData, type StudyDataName } from '../src/cli/study/studyData.js';
import { measureSamples } from '../src/cli/study/studyMetrics.js';
import { modelConfig, parseModel } from '../src/cli/study/modelSpec.js';
import { EVAL_SEED } from '../src/cli/runEvaluation.js';
import { GanTrainer } from '../src/gan/trainer.js';

const [dataName = 'ring8', model = 'r4', seedText = '1', stepsText = '8000', everyText = '2000'] = process.argv.slice(2);
const seed = Number(seedText), steps = Number(stepsText), every = Number(everyText);
const data = prepareStudyData(dataName as StudyDataName, 100, seed);
const trainer = new GanTrainer(data.scaled, modelConfig(parseModel(model), data.shape, seed));
const fixed = (v: number | null, digits = 3): string => (v === null ? 'n/a' : v.toFixed(digits));

function measure(ema: boolean): string {
  const samples = data.scaler.inverse(Float64Array.from(trainer.sample(data.samples, EVAL_SEED, { ema }).data));
  const m = measureSamples(samples, data, null).metrics;
  const modes = m.modesCovered === null ? '' : `modes ${m.modesCovered}/${m.modes}, high quality ${fixed(m.highQuality)}, `;
  return `${modes}coverage ${fixed(m.coverage)}, NN ratio ${fixed(m.nnRatio)}`;
}

console.log(`${dataName} N=100 seed ${seed} ${model}: measured every ${every} steps (EMA | live)`);
while (trainer.stepCount < steps) {
  trainer.train(Math.min(steps, trainer.stepCount + every));
  console.log(`${trainer.stepCount}: ${measure(true)} | ${trainer.generatorEma ? measure(false) : 'no EMA'}`);
}
