#!/usr/bin/env node
// Launcher: runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` and `npm pack` run
// through "prepare") in this very process, so an installed package needs no devDependency. Signals
// are handled inside the CLI: there is no child to forward them to.
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist')) throw e;
  console.error("lrgan: the compiled CLI (dist/cli/main.js) is missing; run 'npm run build' in the lrgan folder");
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
