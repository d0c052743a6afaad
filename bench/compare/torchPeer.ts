/**
 * PyTorch (one thread) as a peer of the GAN-step benchmark, when `/usr/bin/python3 -c 'import torch'`
 * works (Debian: apt-get install python3-torch); never needed by the tests. One Python process
 * stays up and times rounds of steps on request, so lrgan's rounds and PyTorch's alternate.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_gan_step.py', import.meta.url));

export interface TorchPeer {
  /** e.g. "PyTorch 1.13.0a0, OpenBLAS (1 thread)". */
  engine: string;
  /** Median ms per step of the reference workload at this rank, over at least `minMs` of steps. */
  stepMs: (rank: number | 'full', minMs: number) => Promise<number>;
  close: () => void;
}

/** Starts the peer, or says why it could not (no python3, no torch). */
export async function startTorch(): Promise<TorchPeer | { error: string }> {
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown> | null> => {
    const r = await lines.next();
    return r.done === true ? null : (JSON.parse(r.value) as Record<string, unknown>);
  };
  const failed = new Promise<null>((resolve) => { child.on('error', () => resolve(null)); child.on('exit', () => resolve(null)); });
  const hello = await Promise.race([next(), failed]);
  if (hello === null || typeof hello['torch'] !== 'string') {
    child.kill();
    return { error: (stderr.trim().split('\n').pop() ?? '') || `${PYTHON} did not start` };
  }
  return {
    engine: `PyTorch ${hello['torch']}, ${String(hello['blas'] ?? 'unknown BLAS')} at ${String(hello['gflops256'] ?? '?')} GFLOP/s on 256³ (1 thread)`,
    stepMs: async (rank, minMs) => {
      child.stdin.write(`${rank} ${minMs}\n`);
      const reply = await next();
      if (reply === null || typeof reply['ms'] !== 'number') throw new Error(`PyTorch peer stopped: ${stderr.trim().split('\n').pop() ?? ''}`);
      return reply['ms'];
    },
    close: () => { child.stdin.end(); child.kill(); },
  };
}
