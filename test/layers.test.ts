// The house rules: each folder of src/ imports only the folders below it, and the core uses no Node built-ins.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** Height of each folder: a file may import its own folder or a lower one. The edges may import any core folder. */
const HEIGHT: Record<string, number> = {
  tensor: 0, linalg: 1, autograd: 2, nn: 3, data: 4, image: 4, privacy: 4, eval: 5, gan: 5, node: 9, cli: 10,
};
const EDGES = new Set(['node', 'cli']);
const NODE_BUILTIN = /^(node:|(fs|fs\/promises|path|os|zlib|http|https|url|crypto|worker_threads|child_process|process|stream|buffer)$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The top folder of src/ that a path inside src/ lies in ('' for src/index.ts). */
function folderOf(pathInSrc: string): string {
  const parts = pathInSrc.split('/');
  return parts.length > 1 ? parts[0]! : '';
}

const files = sourceFiles('src').map((f) => relative('src', f));

test('every folder of src/ has a height', () => {
  for (const f of files) {
    const folder = folderOf(f);
    if (folder !== '') assert.ok(folder in HEIGHT, `${f}: folder ${folder} has no place in the layer table`);
  }
});

test('imports run only downward, and the core uses no Node built-ins', () => {
  const wrong: string[] = [];
  for (const f of files) {
    const from = folderOf(f);
    if (from === '') continue;
    for (const spec of imports(join('src', f))) {
      if (spec.startsWith('.')) {
        const to = folderOf(relative('src', join('src', f, '..', spec)));
        if (to === from || to === '') continue;
        const fine = EDGES.has(from) ? HEIGHT[to]! <= HEIGHT[from]! : HEIGHT[to]! < HEIGHT[from]!;
        if (!fine) wrong.push(`src/${f} (${from}) imports ${spec} (${to})`);
      } else if (!EDGES.has(from) && NODE_BUILTIN.test(spec)) {
        wrong.push(`src/${f} (core) imports the Node built-in ${spec}`);
      }
    }
  }
  assert.equal(wrong, []);
});

test('the layer check sees an upward import', () => {
  const spec = '../gan/trainer.js';
  const to = folderOf(relative('src', join('src', 'nn/linear.ts', '..', spec)));
  assert.is(to, 'gan');
  assert.ok(HEIGHT[to]! > HEIGHT.nn!);
});

test.run();
