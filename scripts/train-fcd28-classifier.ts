/**
 * Trains the FCD28 classifier of one built-in 28x28 set on its classifier pool (src/eval/fcd/imagePools.ts)
 * and writes the frozen weights to data/fcd28-<set>-classifier.safetensors, with the study-pool accuracy
 * in the metadata. Deterministic for a given seed (the SHA-256 is printed).
 *
 *   npx tsx scripts/train-fcd28-classifier.ts mnist|fashion [--epochs E] [--out PATH] [--dry-run]
 */
import { createHash } from 'node:crypto';
import { IMAGE_POOL_SEEDS, imageClassifierPool, imagePools, imageStudyPool, isPooledImageSet } from '../src/eval/fcd/imagePools.js';
import { rowsToHex } from '../src/eval/fcd/digitsPools.js';
import { trainImageClassifier28 } from '../src/eval/fcd/trainImage.js';
import { writeFileAtomic } from '../src/node/checkpointFile.js';
import { fcd28WeightsFile } from '../src/node/fcdWeights.js';
import { loadDataset } from '../src/node/loadData.js';

const args = process.argv.slice(2);
const set = args[0] ?? '';
if (!isPooledImageSet(set)) throw new Error(`train-fcd28-classifier: first argument must be mnist or fashion, got '${set}'`);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const TRAIN = { seed: 1, epochs: Number(flag('--epochs') ?? 8), batchSize: 64, lr: 2e-3 };
const out = flag('--out') ?? fcd28WeightsFile(set);

const ds = loadDataset(set, { seed: 0, n: 1 });
const pools = imagePools(ds);
const trainSet = imageClassifierPool(ds);
const study = imageStudyPool(ds);
const t0 = performance.now();
const clf = trainImageClassifier28(trainSet.x, trainSet.labels!, {
  ...TRAIN,
  onEpoch: (epoch, loss) => console.log(`epoch ${epoch + 1}/${TRAIN.epochs}: mean loss ${loss.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`),
});
const trainAcc = clf.accuracy(trainSet.x, trainSet.labels!);
const studyAcc = clf.accuracy(study.x, study.labels!);
console.log(`classifier pool: ${trainSet.n} images, accuracy ${trainAcc.toFixed(4)}`);
console.log(`study pool (held out): ${study.n} images, accuracy ${studyAcc.toFixed(4)}`);
const metadata: Record<string, string> = {
  format: 'lrgan-fcd28-classifier-v1',
  dataset: set,
  architecture: 'Conv2d(1,16,4,s2,p1) LReLU Conv2d(16,32,4,s2,p1) LReLU Conv2d(32,16,3,s2,p1) LReLU Flatten Linear(256,64) LReLU(0.2) [features] Linear(64,10)',
  input: '28x28 pixels in [0,1], row-major',
  trained_on: `classifier pool of imagePools (seed ${IMAGE_POOL_SEEDS[set]}), ${trainSet.n} of ${ds.n} images`,
  classifier_rows_hex: rowsToHex(pools.classifierRows, ds.n),
  training: `Adam lr ${TRAIN.lr}, batch ${TRAIN.batchSize}, ${TRAIN.epochs} epochs, seed ${TRAIN.seed}`,
  classifier_pool_accuracy: trainAcc.toFixed(4),
  study_pool_accuracy: studyAcc.toFixed(4),
  script: 'scripts/train-fcd28-classifier.ts',
};
const bytes = clf.toSafetensors(metadata);
console.log(`${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
if (!args.includes('--dry-run')) {
  writeFileAtomic(out, bytes);
  console.log(`wrote ${out}`);
}
