/** The metric report as aligned text lines for the terminal. */
import type { EvaluationReport } from '../eval/evaluate.js';

const LABEL = 22;

function fmt(v: number | null, digits = 3): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  if (v !== 0 && Math.abs(v) < 10 ** -digits) return v.toExponential(2);
  return v.toFixed(digits);
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a';
}

function line(label: string, value: string, note = ''): string {
  return `  ${label.padEnd(LABEL)}${value}${note ? `   ${note}` : ''}`;
}

/**
 * Key lines only (`full` false: mode metrics and memorization when modes are known, else the main
 * distribution metrics) or the whole report.
 */
export function formatReport(r: EvaluationReport, full: boolean): string[] {
  const out: string[] = [];
  const q = r.quality;
  const m = r.modes;
  if (m) {
    out.push(line('modes covered', `${m.modesCovered} / ${m.modes}`, `(${m.modesInTrain} present in the training set, ${m.modesCoveredOfTrain} of them covered)`));
    out.push(line('high quality', pct(m.highQualityFraction), '(within 3σ of a mode)'));
    out.push(line('reverse KL', `${fmt(m.reverseKL)} nats`, '(0 = modes evenly filled)'));
  }
  if (r.classes) {
    const c = r.classes;
    out.push(line('classes covered', `${c.covered} / ${c.numClasses}`, `(KL to uniform ${fmt(c.klToUniform)} nats; classes of nearest real examples)`));
  }
  const f = r.features;
  if (f) {
    out.push(line('FCD', fmt(f.fcd, 2), `(${f.classifier} features vs held-out; training set itself: ${fmt(f.trainFcd, 2)})`));
    out.push(line('classifier classes', `${f.classesCovered} / ${f.classCounts.length}`, `(KL to uniform ${fmt(f.classKL)} nats; classes ${f.classifier} predicts)`));
  }
  const showQuality = full || !m;
  if (showQuality) {
    out.push(line('MMD²', fmt(q.mmd2, 4), `(vs held-out; training set itself: ${fmt(r.trainBaseline.mmd2, 4)})`));
    if (full) {
      out.push(line('energy distance', fmt(q.energyDistance, 4), `(training set itself: ${fmt(r.trainBaseline.energyDistance, 4)})`));
      out.push(line('sliced Wasserstein', fmt(q.slicedWasserstein, 4), `(training set itself: ${fmt(r.trainBaseline.slicedWasserstein, 4)})`));
    }
    out.push(line('precision / recall', `${fmt(q.precision)} / ${fmt(q.recall)}`, '(k = 3)'));
    if (full) out.push(line('density / coverage', `${fmt(q.density)} / ${fmt(q.coverage)}`, '(k = 5)'));
    out.push(line('1-NN accuracy', fmt(q.oneNNAccuracy), '(0.5 = indistinguishable from held-out data)'));
  }
  out.push(line('NN ratio', fmt(r.memorization.nnRatio), '(≈ 1 generalizes, → 0 copies training examples)'));
  out.push(line('copy fraction', pct(r.memorization.copyFraction), '(samples that look copied)'));
  const p = r.privacy;
  if (p) {
    const dcr = p.distanceToClosestRecord;
    out.push(line('membership attack AUC', fmt(p.membershipAuc), '(0.5 = no better than a coin at telling training rows from unseen ones)'));
    out.push(line('closer to training', pct(dcr.closerToTrain), '(synthetic rows nearer a training row than a held-out one; 50% leaks nothing)'));
    if (full) out.push(line('DCR ratio', fmt(dcr.ratio), `(median distance to training / to held-out rows${p.space === 'scaled' ? ', columns scaled by their training range' : ''})`));
  }
  const marg = r.marginals;
  if (marg) {
    const parts = [marg.meanKs === null ? null : `KS ${fmt(marg.meanKs)} (number columns)`, marg.meanTv === null ? null : `TV ${fmt(marg.meanTv)} (categorical columns)`].filter((t) => t !== null);
    out.push(line('marginals, mean', parts.join(', '), '(each column against the held-out rows; 0 = same distribution)'));
    if (full) for (const c of marg.columns) out.push(line(`  ${c.name}`, `${c.measure.toUpperCase()} ${fmt(c.value)}`));
  }
  const u = r.utility;
  if (u) {
    for (const c of u.classifiers) {
      const acc = (m: { mean: number; sd: number }): string => (full ? `${fmt(m.mean)} ± ${fmt(m.sd)}` : fmt(m.mean));
      out.push(line(`utility, ${c.classifier === 'mlp' ? 'MLP' : 'logistic'}`, `TSTR ${acc(c.tstr)} / TRTR ${acc(c.trtr)} = ${pct(c.tstrOverTrtr)}`, `(augmented ${acc(c.augmented)}; accuracy on held-out rows)`));
    }
    if (full) out.push(`  (utility: ${u.syntheticRows} synthetic rows labelled by ${u.syntheticLabels === 'conditional' ? 'the class they were generated for' : 'their nearest training row'}; 3 classifier seeds)`);
  }
  for (const note of r.notes ?? []) out.push(`  note: ${note}`);
  const sub = r.subsampled;
  if (sub?.heldOut) out.push(`  note: metrics against held-out data use ${sub.heldOut.used} of its ${sub.heldOut.of} rows (random, seed ${sub.heldOut.seed})`);
  if (sub?.trainBaseline) {
    const t = sub.trainBaseline;
    out.push(`  note: the training-set baseline uses ${t.used} of ${t.of} training rows (random, seed ${t.seed}); NN ratio and copies use all`);
  }
  if (full) {
    const c = r.counts;
    out.push(`  (${c.generated} generated samples, ${c.train} training and ${c.heldOut} held-out examples)`);
  }
  return out;
}
