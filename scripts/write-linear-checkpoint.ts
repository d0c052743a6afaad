/**
 * Writes a Sequential(Linear(3,4), ReLU, Linear(4,2)) checkpoint in safetensors format and prints its output
 * on a fixed batch, for checking that PyTorch loads it into the same torch.nn.Sequential:
 *   npx tsx scripts/write-linear-checkpoint.ts /tmp/seq.safetensors
 *   /usr/bin/python3 test/fixtures/torch_load_check.py /tmp/seq.safetensors --activation relu --input '[[-1,-0.6,-0.2],[0.2,0.6,1]]'
 */
import { writeFileSync } from 'node:fs';
import { Linear, ReLU, Sequential, encodeSafetensors, noGrad, tensor } from '../src/index.js';
import type { NamedArray } from '../src/index.js';

const path = process.argv[2] ?? 'seq.safetensors';
const model = new Sequential(new Linear(3, 4, { seed: 1 }), new ReLU(), new Linear(4, 2, { seed: 2 }));
const tensors: Record<string, NamedArray> = {};
for (const [k, t] of Object.entries(model.stateDict())) tensors[k] = { dtype: t.dtype, shape: t.shape.slice(), data: t.data };
writeFileSync(path, encodeSafetensors(tensors, { format: 'pt' }));
const x = tensor([[-1, -0.6, -0.2], [0.2, 0.6, 1]]);
console.log(`wrote ${path}; lrgan output:`, JSON.stringify(noGrad(() => model.forward(x)).toArray()));
