/** Messages between the page (main thread) and the training worker. */
import type { ImageShape } from '../data/dataset.js';
import type { EvaluationReport } from '../eval/evaluate.js';

/** Where the training data comes from: a built-in set, drawn points, or rows the page decoded from dropped files. */
export type DataSource =
  | { kind: 'ring8' | 'grid25' }
  | { kind: 'digits'; csv: string }
  | { kind: 'points'; centers: Float64Array }
  | { kind: 'rows'; name: string; x: Float64Array; dim: number; image?: ImageShape };

/** Everything the controls set. ranks: one entry per layer, input side first ('full' or a number). */
export interface Settings {
  data: DataSource;
  n: number;
  seed: number;
  hidden: number[];
  ranksG: (number | 'full')[];
  ranksD: (number | 'full')[];
  lrG: number;
  lrD: number;
  r1: boolean;
  augment: boolean;
}

export type StepKind = 'both' | 'd' | 'g';

export type ToWorker =
  | { type: 'start'; settings: Settings }
  | { type: 'run'; running: boolean }
  | { type: 'step'; which: StepKind }
  /** Speed 1..5: 1 step per 200 ms, 1 per 50 ms, 10, 50 per tick, and as fast as it goes. */
  | { type: 'speed'; speed: number }
  | { type: 'save' }
  | { type: 'load'; bytes: Uint8Array; digitsCsv: string };

/** Per layer of a network: its rank and parameters, against the same layer at full rank. */
export interface LayerCount {
  shape: string;
  rank: number | 'full';
  parameters: number;
  fullRank: number;
}

/** A 2-D view: the box the maps cover, D's probability of "real" on a res×res grid, G's image of a latent grid. */
export interface PlaneView {
  box: [number, number, number, number];
  res: number;
  decision: Float32Array;
  /** [lines, lines, 2] data-space points of G(z) for z₀, z₁ on a lines×lines grid, other coordinates 0. */
  warped: Float32Array;
  lines: number;
}

export type FromWorker =
  | {
      type: 'ready';
      name: string;
      dim: number;
      image: ImageShape | null;
      /** [n, dim] training examples in data space. */
      real: Float32Array;
      layersG: LayerCount[];
      layersD: LayerCount[];
      settings: Settings;
    }
  | {
      type: 'frame';
      step: number;
      stepsPerSecond: number;
      /** Losses since the last frame. */
      lossD: number[];
      lossG: number[];
      /** [count, dim] samples of the live generator from fixed latents, in data space. */
      fake: Float32Array;
      plane: PlaneView | null;
    }
  | { type: 'metrics'; step: number; report: EvaluationReport; seconds: number }
  | { type: 'checkpoint'; bytes: Uint8Array; step: number }
  | { type: 'error'; message: string };
