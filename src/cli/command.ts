/** What every command module exports, and the streams it writes to. */
import type { CommandSpec, ParsedFlags } from './args.js';
import type { ProgressStream } from './progress.js';

export interface Io {
  /** Results and progress (a terminal gets the in-place progress bar). */
  out: ProgressStream;
  /** Notes, warnings and errors. */
  err: { write(text: string): unknown };
}

export interface Command {
  spec: CommandSpec;
  /** Runs with parsed flags; resolves to the process exit code. */
  run(flags: ParsedFlags, io: Io): Promise<number>;
}
