/**
 * Trains one study model on one (data, N = 100, seed) cell, then measures its EMA generator's samples at
 * several Jacobian-truncation keep fractions (1 is no truncation), to show the precision/recall trade.
 *   npx tsx scripts/truncation-sweep.ts ring8 r4 1 16000 1,0.95,0.9,0.85,0.8     # data model seed steps keeps
 * Training does not depend on the keep fraction, so one run serves every row.
 */
import { prepareStudyData, type StudyDataName } from '../src/cli/study/studyData.js';
import { studyJudge, measureSamples } from '../src/cli/study/studyMetrics.js';
import { modelConfig, parseModel } from '../src/cli/study/modelSpec.js';
import { EVAL_SEED } from '../src/cli/runEvaluation.js';
import { GanTrainer } from '../src/gan/trainer.js';
import { loadDigitClassifierFile } from '../src/node/fcdWeights.js';

const [dataName = 'ring8', model = 'r4', seedText = '1', stepsText = '16000', keepsText = '1,0.95,0.9,0.85,0.8'] = process.argv.slice(2);
const seed = Number(seedText), steps = Number(stepsText);
const data = prepareStudyData(dataName as StudyDataName, 100, seed);
const judge = dataName === 'digits' ? studyJudge(loadDigitClassifierFile().classifier, data) : null;
const trainer = new GanTrainer(data.scaled, modelConfig(parseModel(model), data.shape, seed));
trainer.train(steps);
const fixed = (v: number | null, digits = 3): string => (v === null ? 'n/a' : v.toFixed(digits));

console.log(`${dataName} N=100 seed ${seed} ${model}, ${steps} steps: EMA generator by kept fraction`);
for (const keep of keepsText.split(',').map(Number)) {
  const samples = data.scaler.inverse(Float64Array.from(trainer.sample(data.samples, EVAL_SEED, { ema: true, keep }).data));
  const m = measureSamples(samples, data, judge).metrics;
  const modes = m.modesCovered === null ? '' : `modes ${m.modesCovered}/${m.modes}, high quality ${fixed(m.highQuality)}, reverse KL ${fixed(m.reverseKL)}, `;
  const digits = m.fcd === null ? '' : `FCD ${fixed(m.fcd, 2)}, class KL ${fixed(m.classKL)}, `;
  console.log(`keep ${keep}: ${modes}${digits}precision ${fixed(m.precision)}, recall ${fixed(m.recall)}, coverage ${fixed(m.coverage)}, NN ratio ${fixed(m.nnRatio)}, copies ${fixed(m.copyFraction)}`);
}
