#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx (a devDependency) in a child Node process,
// forwarding the arguments, the standard streams, signals, the exit code and a fatal signal.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
// Resolved from this package, not from the caller's working directory.
let tsx;
try {
  tsx = import.meta.resolve('tsx');
} catch {
  console.error("lrgan: the 'tsx' package is missing; run npm install in the lrgan folder");
  process.exit(1);
}
// The IPC channel lets the child notice when this launcher is gone, even after kill -9 (see src/cli/stopSignal.ts).
const child = spawn(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  cwd: process.cwd(),
});
// Forwarded, so that kill PID (systemd, docker stop, a CI timeout) reaches the run, which saves a
// checkpoint and exits with 128 + the signal's number. A terminal's Ctrl-C reaches both processes;
// the child takes the two as one.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of SIGNALS) process.on(signal, forward);
child.on('error', (err) => {
  console.error(`lrgan: cannot start node with tsx: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    for (const s of SIGNALS) process.off(s, forward);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
