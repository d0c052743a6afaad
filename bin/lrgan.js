#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx (a devDependency) in a child Node process,
// forwarding the arguments, the standard streams, the exit code and a fatal signal.
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
const child = spawn(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
// Ctrl-C reaches the child through the terminal's process group; the launcher waits for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
child.on('error', (err) => {
  console.error(`lrgan: cannot start node with tsx: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
