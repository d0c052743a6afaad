/**
 * A training session of the page: the data set, its few-shot split and scaling made exactly as the
 * CLI's prepareData makes them for the same name, n and seed, so a checkpoint the page saves is one
 * `lrgan eval` and `lrgan sample` read with the same split.
 */
import { type Dataset, checkDataset } from '../data/dataset.js';
import { parseDigits } from '../data/digits.js';
import { gaussianMixture2d, grid25, ring8 } from '../data/mixtures.js';
import { type Scaler, fitScaler } from '../data/scaler.js';
import { type FewShotSplit, fewShotSplit } from '../data/split.js';
import { defaultConfig, type GanConfig } from '../gan/config.js';
import type { LayerRank } from '../gan/model.js';
import { GanTrainer } from '../gan/trainer.js';
import { LowRankLinear } from '../nn/lowRankLinear.js';
import { Linear } from '../nn/linear.js';
import type { Module } from '../nn/module.js';
import { Tensor } from '../tensor/tensor.js';
import type { DataSource, LayerCount, Settings } from './protocol.js';

/** Mixture points beyond n to draw the held-out set from: the CLI's MIXTURE_HELD_OUT_POOL. */
const HELD_OUT_POOL = 2500;
/** σ of the Gaussians around hand-drawn points, in the page's unit box. */
const DRAWN_SIGMA = 0.02;

export interface Session {
  dataset: Dataset;
  split: FewShotSplit;
  scaler: Scaler;
  /** [n, dim] training examples in the model's range. */
  scaled: Tensor;
}

/** The data set a source names; n and seed as the CLI's loadDataset takes them. */
export function loadSource(source: DataSource, n: number, seed: number): Dataset {
  switch (source.kind) {
    case 'ring8':
      return ring8(n + HELD_OUT_POOL, seed);
    case 'grid25':
      return grid25(n + HELD_OUT_POOL, seed);
    case 'digits':
      return checkDataset(parseDigits(source.csv, 'digits.csv.gz'));
    case 'points':
      if (source.centers.length < 2) throw new Error('drawn points: draw at least one point on the data canvas');
      return gaussianMixture2d('drawn', source.centers, DRAWN_SIGMA, n + HELD_OUT_POOL, seed);
    case 'rows': {
      const rows = source.x.length / source.dim;
      const ds: Dataset = { name: source.name, x: source.x, n: rows, dim: source.dim, labels: null, numClasses: 0 };
      if (source.image !== undefined) ds.image = source.image;
      return checkDataset(ds);
    }
  }
}

/** Split and scaling as prepareData does them: images one min/max over all pixels, tables per column. */
export function makeSession(source: DataSource, n: number, seed: number, scaler?: Scaler): Session {
  const dataset = loadSource(source, n, seed);
  const split = fewShotSplit(dataset, { n, seed });
  const train = split.train;
  const fitted = scaler ?? fitScaler(train.x, train.dim, { perColumn: dataset.image === undefined });
  const scaled = new Tensor(Float32Array.from(fitted.transform(train.x)), [train.n, train.dim]);
  return { dataset, split, scaler: fitted, scaled };
}

/** The run's config: the CLI's defaults for the data's width, with the page's controls on top. */
export function configFor(s: Settings, dim: number): GanConfig {
  const base = defaultConfig(dim);
  const rank = (r: (number | 'full')[]): LayerRank[] => r.map((v) => v);
  return defaultConfig(dim, {
    seed: s.seed,
    optimizer: { lrG: s.lrG, lrD: s.lrD },
    penalties: { r1Gamma: s.r1 ? base.penalties.r1Gamma : 0 },
    augmentation: s.augment ? { method: { kind: 'noise', std: 0.02 }, p: 0.5 } : { method: { kind: 'none' }, p: 0 },
    generator: { ...base.generator, hidden: s.hidden.slice(), rank: rank(s.ranksG) },
    discriminator: { ...base.discriminator, hidden: s.hidden.slice(), rank: rank(s.ranksD) },
  });
}

/** A trainer for the session. */
export function makeTrainer(session: Session, settings: Settings): GanTrainer {
  return new GanTrainer(session.scaled, configFor(settings, session.dataset.dim));
}

/** Per dense layer: its rank and parameters against the same layer at full rank. */
export function layerCounts(net: Module): LayerCount[] {
  const out: LayerCount[] = [];
  for (const m of net.modules()) {
    if (!(m instanceof Linear) && !(m instanceof LowRankLinear)) continue;
    const bias = m.bias ? m.outFeatures : 0;
    out.push({
      shape: `${m.inFeatures}→${m.outFeatures}`,
      rank: m instanceof LowRankLinear ? m.rank : 'full',
      parameters: m.numParameters(),
      fullRank: m.inFeatures * m.outFeatures + bias,
    });
  }
  return out;
}

/** The checkpoint `extra` the CLI reads (RunExtra of src/cli/runCheckpoint.ts). */
export function runExtra(session: Session, settings: Settings): Record<string, unknown> {
  const ds = session.dataset;
  const builtIn = settings.data.kind === 'ring8' || settings.data.kind === 'grid25' || settings.data.kind === 'digits';
  const dataset: Record<string, unknown> = { name: ds.name, dim: ds.dim, numClasses: ds.numClasses };
  if (ds.image !== undefined) dataset.image = ds.image;
  return {
    run: { data: builtIn ? settings.data.kind : ds.name, n: settings.n, seed: settings.seed },
    scaler: session.scaler.toJSON(),
    dataset,
  };
}
