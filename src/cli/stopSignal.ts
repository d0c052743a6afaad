/**
 * Stopping a run cleanly: SIGINT, SIGTERM and SIGHUP (and, for a worker started by a launcher over an
 * IPC channel, the launcher going away) set a flag that the training loop checks between steps; the
 * loop then saves a checkpoint of the last finished step and the command exits with 128 + the
 * signal's number (130, 143, 129). Self-contained, so that it works the same whether the CLI runs in
 * a child of bin/lrgan.js or in the launcher's own process.
 */

const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignalName = keyof typeof SIGNAL_CODES;
const SIGNALS = Object.keys(SIGNAL_CODES) as StopSignalName[];

/**
 * A repeat within this time is the same stop arriving twice (a terminal signals the launcher and its
 * worker together, a service manager signals every process of the group); a later repeat quits at once.
 */
const DUPLICATE_MS = 1000;

export interface StopRequest {
  /** What asked to stop: a signal, or 'disconnect' when the launcher's IPC channel closed. */
  reason: StopSignalName | 'disconnect';
  /** The process exit code that reports it. */
  exitCode: number;
}

/** Stop requests while training runs; install() before the loop, uninstall() after it. */
export class StopSignal {
  request: StopRequest | null = null;
  private at = 0;
  private readonly onSignal = (signal: NodeJS.Signals): void => this.ask(signal as StopSignalName, SIGNAL_CODES[signal as StopSignalName]);
  private readonly onDisconnect = (): void => this.ask('disconnect', SIGNAL_CODES.SIGHUP);

  install(): this {
    for (const s of SIGNALS) process.on(s, this.onSignal);
    process.on('disconnect', this.onDisconnect);
    return this;
  }

  /** Back to the default: a signal ends the process at once (nothing is left to save). */
  uninstall(): void {
    for (const s of SIGNALS) process.off(s, this.onSignal);
    process.off('disconnect', this.onDisconnect);
  }

  private ask(reason: StopRequest['reason'], exitCode: number): void {
    const now = Date.now();
    if (this.request === null) {
      this.request = { reason, exitCode };
      this.at = now;
    } else if (now - this.at > DUPLICATE_MS && reason !== 'disconnect') {
      process.exit(this.request.exitCode);
    }
  }
}

/**
 * For a worker process started by a launcher with an IPC channel: exit when the launcher is gone (even
 * by kill -9) rather than go on as an orphan. The channel itself does not keep the process alive. While
 * a StopSignal is installed it takes over, so that training stops after a checkpoint.
 */
export function exitWithLauncher(): void {
  if (process.channel === undefined) return;
  process.channel.unref();
  if (!process.connected) process.exit(SIGNAL_CODES.SIGHUP);
  process.on('disconnect', () => {
    if (process.listenerCount('disconnect') === 1) process.exit(SIGNAL_CODES.SIGHUP);
  });
}
