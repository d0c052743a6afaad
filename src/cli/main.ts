/**
 * lrgan <command> [flags]: the command line. Usage mistakes exit with code 2 and the usage; other
 * errors (bad data, unreadable files, diverged training) exit with code 1; neither prints a stack
 * trace unless LRGAN_DEBUG is set.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError, formatUsage, nearestName, parseFlags, shortUsage, wantsHelp } from './args.js';
import type { Command, Io } from './command.js';
import { adaptCommand } from './commands/adapt.js';
import { demoCommand } from './commands/demo.js';
import { evalCommand } from './commands/eval.js';
import { sampleCommand } from './commands/sample.js';
import { studyCommand } from './commands/study.js';
import { trainCommand } from './commands/train.js';
import { exitWithLauncher } from './stopSignal.js';

export const COMMANDS: readonly Command[] = [trainCommand, sampleCommand, evalCommand, demoCommand, studyCommand, adaptCommand];

export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 4;
  return [
    'lrgan: few-shot GANs with low-rank layers, on a zero-dependency TypeScript engine',
    '',
    'Usage: lrgan <command> [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    `  ${'help'.padEnd(width)}show the flags of a command: lrgan help <command>`,
    '',
    "Run 'lrgan <command> --help' for the flags of a command, with their defaults.",
    '',
  ].join('\n');
}

/** " (did you mean train?)" for a near miss of a command name, else ''. */
function didYouMean(name: string): string {
  const best = nearestName(name, [...COMMANDS.map((c) => c.spec.name), 'help']);
  return best === null ? '' : ` (did you mean ${best}?)`;
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.spec.name === name);
}

/** Runs the command line (argv without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h') {
      (name === undefined ? io.err : io.out).write(mainUsage());
      return name === undefined ? 2 : 0;
    }
    if (name === 'help') {
      if (rest.length === 0) {
        io.out.write(mainUsage());
        return 0;
      }
      const cmd = findCommand(rest[0]!);
      if (cmd === undefined || rest.length > 1) throw new UsageError(`help: unknown command '${rest.join(' ')}'${rest.length === 1 ? didYouMean(rest[0]!) : ''}`);
      io.out.write(formatUsage(cmd.spec));
      return 0;
    }
    const cmd = findCommand(name);
    if (cmd === undefined) throw new UsageError(`unknown command '${name}'${didYouMean(name)}`);
    if (wantsHelp(rest)) {
      io.out.write(formatUsage(cmd.spec));
      return 0;
    }
    return await cmd.run(parseFlags(cmd.spec, rest), io);
  } catch (e) {
    if (e instanceof UsageError) {
      const cmd = e.command === null ? undefined : findCommand(e.command);
      io.err.write(`lrgan: ${e.message}\n\n${cmd ? `${shortUsage(cmd.spec)}\n` : mainUsage()}`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.err.write(`lrgan: ${err.message}\n`);
    if (process.env.LRGAN_DEBUG) io.err.write(`${err.stack ?? ''}\n`);
    return 1;
  }
}

/** Whether this file is the program being run (not imported by a test or another module). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  exitWithLauncher();
  process.exitCode = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
}
