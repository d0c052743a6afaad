// The loss history lives beside the checkpoint, not in its header (issue 13, item 5).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCheckpoint, resumeTrainer, saveCheckpoint } from '../src/gan/checkpoint.js';
import { HISTORY_HEADER, formatHistoryRows, parseHistoryCsv } from '../src/gan/lossHistory.js';
import { GanTrainer, type StepStats } from '../src/gan/trainer.js';
import { decodeSafetensors, encodeSafetensors } from '../src/nn/safetensors.js';
import { throwsWith } from './helpers/throwsWith.js';
import { generatorWeights, ringData, tinyConfig } from './helpers/tinyGan.js';

const data = ringData(64, 2);

function headerBytes(bytes: Uint8Array): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
}

function fakeStats(step: number): StepStats {
  return { step, lossD: 1.3862943611198906 - step * 1e-6, lossG: 0.6931471805599453 + step / 3, realLogit: 0.1, fakeLogit: -0.2, r1: 0.012345678901234567, augmentP: 0 };
}

test('the header does not grow with the loss history (a 600,000-step run)', () => {
  const t = new GanTrainer(data, tinyConfig());
  t.train(3);
  const short = headerBytes(saveCheckpoint(t, {}));
  t.history = Array.from({ length: 600_000 }, (_, i) => fakeStats(i + 1));
  const long = headerBytes(saveCheckpoint(t, {}));
  assert.is(long, short);
  assert.ok(long < 20_000, `header of ${long} bytes`);
});

test('history CSV round-trips bit-exactly and drops rows after the checkpoint', () => {
  const rows = Array.from({ length: 50 }, (_, i) => fakeStats(i + 1));
  const text = HISTORY_HEADER + formatHistoryRows(rows);
  assert.equal(parseHistoryCsv(text, 'h.csv', 50), rows);
  assert.equal(parseHistoryCsv(`${text}51,0.5,0.`, 'h.csv', 50), rows, 'a torn row after the checkpoint is ignored');
  assert.equal(parseHistoryCsv(text, 'h.csv', 20), rows.slice(0, 20));
  throwsWith(() => parseHistoryCsv(text, 'h.csv', 60), 'h.csv: holds 50 steps, but the checkpoint is at step 60');
  throwsWith(() => parseHistoryCsv('step,loss\n', 'h.csv', 0), /^h\.csv: line 1 should be the header/);
  throwsWith(() => parseHistoryCsv(`${HISTORY_HEADER}1,2,x,4,5,6,7\n`, 'h.csv', 1), /^h\.csv: line 2: expected 7 finite numbers/);
  throwsWith(() => parseHistoryCsv(`${HISTORY_HEADER}2,2,3,4,5,6,7\n`, 'h.csv', 1), "h.csv: line 2: expected step 1, got '2'");
});

test('resume with the history from beside the checkpoint continues exactly', () => {
  const straight = new GanTrainer(data, tinyConfig({ seed: 4 }));
  straight.train(10);
  const first = new GanTrainer(data, tinyConfig({ seed: 4 }));
  first.train(4);
  const history = parseHistoryCsv(HISTORY_HEADER + formatHistoryRows(first.history), 'h.csv', 4);
  const resumed = resumeTrainer(readCheckpoint(saveCheckpoint(first, {})), data, { history });
  resumed.train(10);
  assert.equal(generatorWeights(resumed), generatorWeights(straight));
  assert.equal(resumed.history, straight.history);
});

test('an old checkpoint with the history in its header still loads, history included', () => {
  const first = new GanTrainer(data, tinyConfig({ seed: 4 }));
  first.train(4);
  const { tensors, metadata } = decodeSafetensors(saveCheckpoint(first, {}));
  const meta = JSON.parse(metadata.trainer!) as Record<string, unknown>;
  const old = encodeSafetensors(tensors, { ...metadata, trainer: JSON.stringify({ ...meta, history: first.history }) });
  const resumed = resumeTrainer(readCheckpoint(old), data);
  assert.equal(resumed.history, first.history);
  assert.equal(resumeTrainer(readCheckpoint(saveCheckpoint(first, {})), data).history, []);
});

test.run();
