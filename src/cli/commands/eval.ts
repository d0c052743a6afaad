/** `lrgan eval`: the metric report of a checkpoint against its own few-shot split. */
import { MIN_EVAL_ROWS, defaultEvalSamples } from '../../eval/evaluate.js';
import { type CommandSpec, type ParsedFlags, UsageError } from '../args.js';
import type { Command, Io } from '../command.js';
import { formatReport } from '../report.js';
import { generateData, jacobianKeep, runScaler } from '../runCheckpoint.js';
import { loadRunGenerator } from '../runGenerator.js';
import { prepareData } from '../runData.js';
import { EVAL_SEED, evaluateRun, evaluationProgress } from '../runEvaluation.js';

const SPEC: CommandSpec = {
  name: 'eval',
  summary: "print the metrics of a checkpoint (rebuilds the run's data split)",
  synopsis: 'eval --checkpoint PATH [--json] [--count N] [--seed N] [--no-ema]',
  description:
    "Rebuilds the data set, the few-shot split and the scaling stored in the checkpoint and evaluates\n" +
    'generated samples against the held-out examples. With the defaults it reproduces the metrics\n' +
    "that 'lrgan train' wrote to metrics.json for the same checkpoint.",
  flags: [
    { name: 'checkpoint', kind: 'string', meta: 'PATH', required: true, help: 'checkpoint.safetensors written by lrgan train, or adapter.safetensors written by lrgan adapt' },
    { name: 'source', kind: 'string', meta: 'PATH', help: "an adapter's source checkpoint, when it has moved (default: where lrgan adapt read it)" },
    { name: 'json', kind: 'switch', help: 'print the report as JSON' },
    { name: 'count', kind: 'positiveInt', meta: 'N', defaultText: '2500 for data of ≤ 4 columns, else 1000', help: 'generated samples to evaluate' },
    { name: 'seed', kind: 'int', meta: 'N', default: EVAL_SEED, help: 'seed of the latent vectors z and of the metrics' },
    { name: 'ema', kind: 'switch', default: true, help: 'use the moving-average generator when the run kept one (--no-ema: the trained weights)' },
    { name: 'jacobian-keep', kind: 'probability', meta: 'KEEP', defaultText: "the run's (1: off)", help: 'Jacobian-based truncation: the fraction of latents kept, dropping those where ‖∂G/∂z‖ is largest' },
  ],
  examples: ['lrgan eval --checkpoint runs/demo/checkpoint.safetensors', 'lrgan eval --checkpoint runs/demo/checkpoint.safetensors --json > report.json'],
};

async function run(f: ParsedFlags, io: Io): Promise<number> {
  const path = f.string('checkpoint')!;
  const { net, usedEma, latentDim, keep, extra, step, kind, conditional, privacy } = loadRunGenerator(path, f.switch('ema'), f.string('source'));
  const prep = prepareData(extra.run, runScaler(extra, path));
  const dim = prep.dataset.dim;
  const seed = f.number('seed')!;
  const count = f.number('count') ?? defaultEvalSamples(dim);
  if (count < MIN_EVAL_ROWS) throw new UsageError(`--count: expected at least ${MIN_EVAL_ROWS} (k-NN metrics), got ${count}`, 'eval');
  const generated = generateData(net, latentDim, count, seed, prep.scaler, jacobianKeep(f, keep, 'eval'), conditional === undefined ? {} : { conditional });
  const report = evaluateRun(generated, prep, seed, { onProgress: evaluationProgress(io.err), ...(conditional === undefined ? {} : { conditional }) });
  if (f.switch('json')) {
    io.out.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const what = kind === 'checkpoint' ? '' : ` (${kind})`;
    io.out.write(`${prep.dataset.name}, n = ${extra.run.n}, seed ${extra.run.seed}, step ${step ?? '?'}, ${usedEma ? 'moving-average' : 'trained'} generator${what}\n`);
    for (const line of formatReport(report, true)) io.out.write(`${line}\n`);
    if (privacy) {
      const eps = Number.isFinite(privacy.epsilon) ? privacy.epsilon.toFixed(3) : '∞';
      io.out.write(`  privacy guarantee     (ε = ${eps}, δ = ${privacy.delta}) for every training row, over ${privacy.updates} D updates (DP-SGD on D)\n`);
    }
  }
  return 0;
}

export const evalCommand: Command = { spec: SPEC, run };
