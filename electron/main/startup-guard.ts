/**
 * A start-up that fails must not leave a windowless process holding the single-instance
 * lock (every later launch would then just quit, with nothing on screen). `runGuarded`
 * runs main(); on a failure it logs, shows an error dialog with the log path, and exits.
 */
export interface StartupGuardDeps {
  /** `dialog.showErrorBox`: usable before and after `ready`, blocks until dismissed. */
  showError(title: string, content: string): void;
  /** The log file, if it could be worked out (it may be what failed). */
  logPath(): string | null;
  log(line: string): void;
  /** `app.exit`: leaves at once (no before-quit), releasing the lock. */
  exit(code: number): void;
}

export function startupErrorText(err: unknown, logPath: string | null): string {
  const why = err instanceof Error ? err.message : String(err);
  return [
    `Hearth could not start: ${why}`,
    '',
    logPath ? `Details are in the log: ${logPath}` : 'No log file could be opened.',
  ].join('\n');
}

export async function runGuarded(main: () => Promise<void>, deps: StartupGuardDeps): Promise<void> {
  try {
    await main();
  } catch (err) {
    let logPath: string | null;
    try {
      logPath = deps.logPath();
    } catch {
      logPath = null;
    }
    try {
      deps.log(
        `[app] start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    } catch {
      // The log itself may be what failed; the dialog still says why.
    }
    try {
      deps.showError('Hearth could not start', startupErrorText(err, logPath));
    } catch {
      // No way left to show it (no display): exiting still frees the lock.
    }
    deps.exit(1);
  }
}
