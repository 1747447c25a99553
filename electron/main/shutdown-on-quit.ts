/**
 * Quitting closes the hosted forum first. `before-quit` is held back (preventDefault) while
 * the app shuts down (the server gets its graceful stop and WAL checkpoint), then the app
 * quits for real. However often quit is asked for meanwhile (tray Quit, Cmd+Q, the last
 * window closing, the OS logging out), the shutdown runs once and the app quits once.
 */

export interface QuitApp {
  /** `app.on('before-quit', …)`. */
  onBeforeQuit(listener: (event: { preventDefault(): void }) => void): void;
  /** `app.quit()`: emits `before-quit` again, which is then let through. */
  quit(): void;
}

export interface ShutdownOnQuitOptions {
  shutdown(): Promise<void>;
  log(line: string): void;
  /**
   * Quit anyway after this long: a shutdown that never settles must not keep the app
   * alive with no window. Longer than the server host's own stop timeout (10 s).
   */
  deadlineMs?: number;
}

export const SHUTDOWN_DEADLINE_MS = 15_000;

export function shutdownOnQuit(app: QuitApp, options: ShutdownOnQuitOptions): void {
  const deadlineMs = options.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  let phase: 'running' | 'shutting-down' | 'done' = 'running';

  const finish = (): void => {
    if (phase === 'done') return;
    phase = 'done';
    app.quit();
  };

  app.onBeforeQuit((event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'shutting-down') return;
    phase = 'shutting-down';
    const deadline = setTimeout(() => {
      options.log(`[app] shutdown took over ${deadlineMs} ms; quitting anyway`);
      finish();
    }, deadlineMs);
    let shutdown: Promise<void>;
    try {
      shutdown = options.shutdown();
    } catch (err) {
      shutdown = Promise.reject(err);
    }
    shutdown
      .catch((err: unknown) =>
        options.log(
          `[app] error while shutting down: ${err instanceof Error ? err.message : String(err)}`,
        ),
      )
      .finally(() => {
        clearTimeout(deadline);
        finish();
      });
  });
}
