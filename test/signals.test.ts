// Signals to the launcher bin/lrgan.js, tested as a user's process manager would send them (issue 13, item 1).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkpointStep, readCheckpoint } from '../src/gan/checkpoint.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/lrgan.js');
const dir = mkdtempSync(join(tmpdir(), 'lrgan-signals-'));
const launched: ChildProcess[] = [];
test.after(() => {
  // A failed assertion must not leave runs behind: SIGKILL reaches each launcher, and its worker follows it.
  for (const c of launched) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const STEPS = 1500;
const NO_CHECKPOINTS = ['--checkpoint-every', '0'];
const TINY = ['--data', 'ring8', '--n', '50', '--hidden', '16,16', '--rank', '4', '--eval-samples', '300'];

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  launched.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The non-TTY progress prints a line every 10% of the run: the first one means training is under way. */
const training = (r: Run): boolean => /^step /m.test(r.stdout());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by a container's init) is not running.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

test('kill -TERM stops a run with 143 and a checkpoint that resumes to the bytes of an uninterrupted run', async () => {
  const stopped = join(dir, 'stopped');
  const straight = join(dir, 'straight');
  const straightRun = launch(['train', ...TINY, ...NO_CHECKPOINTS, '--steps', String(STEPS), '--out', straight]);
  const run = launch(['train', ...TINY, ...NO_CHECKPOINTS, '--steps', String(STEPS), '--out', stopped]);
  await until('training to start', () => training(run));
  const sentAt = Date.now();
  run.child.kill('SIGTERM');
  const { code } = await run.exit;
  assert.is(code, 143, run.stderr());
  assert.ok(Date.now() - sentAt < 5000, `took ${Date.now() - sentAt} ms to stop`);
  assert.match(run.stderr(), /stopped by SIGTERM at step \d+ of 1500/);
  const ckpt = readCheckpoint(readFileSync(join(stopped, 'checkpoint.safetensors')), 'stopped');
  const step = checkpointStep(ckpt);
  assert.ok(step > 0 && step < STEPS, `checkpoint at step ${step}`);

  const resumed = launch(['train', '--out', stopped, '--steps', String(STEPS), '--resume']);
  const [r, s] = await Promise.all([resumed.exit, straightRun.exit]);
  assert.is(r.code, 0, resumed.stderr());
  assert.is(s.code, 0, straightRun.stderr());
  const a = readFileSync(join(stopped, 'checkpoint.safetensors'));
  const b = readFileSync(join(straight, 'checkpoint.safetensors'));
  assert.ok(a.equals(b), 'checkpoint bytes differ between the stopped-and-resumed and the straight run');
  assert.ok(readFileSync(join(stopped, 'history.csv')).equals(readFileSync(join(straight, 'history.csv'))), 'history.csv differs');
});

test('SIGINT stops with 130; kill -9 of the launcher leaves no worker behind', async () => {
  // Long runs (minutes), so that only a stop ends them within the test; a checkpoint shows they are under way.
  const long = [...TINY, '--steps', '200000', '--checkpoint-every', '200'];
  const run = launch(['train', ...long, '--out', join(dir, 'int')]);
  const orphan = launch(['train', ...long, '--out', join(dir, 'orphan')]);
  await until('training to start', () => existsSync(join(dir, 'int', 'checkpoint.safetensors')) && existsSync(join(dir, 'orphan', 'checkpoint.safetensors')));
  run.child.kill('SIGINT');
  const workers = childrenOf(orphan.child.pid!);
  assert.is(workers.length, 1, `workers of the launcher: ${workers.join(', ')}`);
  assert.is((await run.exit).code, 130, run.stderr());
  orphan.child.kill('SIGKILL');
  await orphan.exit;
  await until(`worker ${workers[0]} to exit after its launcher was killed`, () => !alive(workers[0]!), 10_000);
});

test.run();
