// The package as a user installs it: npm pack, install the tarball into an empty project without the
// network, then plain Node, the lrgan command, TypeScript and a browser bundler each use it there.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempFolders } from './helpers/tempFolders.js';

const ROOT = resolve('.');
const FIXTURES = join(ROOT, 'test/fixtures/consumer');
const folders = tempFolders('package');
test.after(folders.removeAll);

/** Runs a command in dir; returns stdout, or throws with the command's stderr. */
function run(dir: string, file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${dir}: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

let consumer = '';

/** The consumer project made by the first test; later tests refuse to run without it (never in the checkout). */
function project(): string {
  if (consumer === '') throw new Error('the consumer project was not installed (see the first test)');
  return consumer;
}
let packed: string[] = [];

test('npm pack holds the compiled package, its data and nothing of the sources or tests', () => {
  const out = folders.make();
  // dist/ is fresh: npm test builds it before the tests (npm pack would run "prepare" again).
  const json = run(ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out]);
  const [info] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path);
  for (const need of ['bin/lrgan.js', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/node/index.js', 'dist/cli/main.js', 'data/digits.csv.gz', 'data/fcd-digits-classifier.safetensors', 'package.json', 'README.md']) {
    assert.ok(packed.includes(need), `the tarball lacks ${need}`);
  }
  const stray = packed.filter((p) => /^(src|test|bench|scripts|node_modules|runs|dist-web)\//.test(p) || p.endsWith('.ts') && !p.endsWith('.d.ts'));
  assert.equal(stray, []);

  consumer = folders.make();
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run(consumer, 'npm', ['install', '--offline', '--no-audit', '--no-fund', join(out, info!.filename)]);
  for (const f of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, f), join(consumer, f));
});

test('plain node imports lrgan and lrgan/node and trains a step', () => {
  const result = JSON.parse(run(project(), process.execPath, ['train-step.mjs'])) as { step: number; lossD: number; lossG: number; digits: number[] };
  assert.is(result.step, 1);
  assert.ok(Number.isFinite(result.lossD) && Number.isFinite(result.lossG));
  assert.equal(result.digits, [1797, 64]);
});

test('npx lrgan --help runs the compiled CLI, and lrgan train finds the shipped digits data', () => {
  assert.match(run(project(), 'npx', ['--offline', 'lrgan', '--help']), /Usage: lrgan <command>/);
  const out = run(project(), 'npx', ['--offline', 'lrgan', 'train', '--data', 'digits', '--n', '20', '--steps', '3', '--eval-samples', '50', '--out', 'runs/d']);
  assert.match(out, /trained 3 steps/);
  assert.match(out, /classes covered/);
});

test('the types resolve: tsc compiles a consumer file against the installed declarations', () => {
  const config = JSON.parse(readFileSync(join(FIXTURES, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  config.compilerOptions.typeRoots = [join(ROOT, 'node_modules/@types')];
  writeFileSync(join(project(), 'tsconfig.json'), JSON.stringify(config));
  run(project(), process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
});

test('a browser bundle of the main entry has no Node built-in; one of lrgan/node does not build', async () => {
  const bundle = await build({ entryPoints: [join(project(), 'browser-entry.js')], absWorkingDir: project(), bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  const code = bundle.outputFiles[0]!.text;
  assert.ok(code.length > 100_000, `bundle is only ${code.length} bytes`);
  assert.not.match(code, /\bfrom\s*["']node:|require\(["']/);
  writeFileSync(join(project(), 'node-entry.js'), "import { loadDataset } from 'lrgan/node';\nconsole.log(loadDataset);\n");
  try {
    await build({ entryPoints: [join(project(), 'node-entry.js')], absWorkingDir: project(), bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    assert.unreachable('bundling lrgan/node for the browser should fail');
  } catch (e) {
    assert.match(String((e as Error).message), /node:fs/);
  }
});

test.run();
