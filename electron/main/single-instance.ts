/**
 * One Hearth per user profile. The first instance holds Electron's single-instance lock; a
 * second launch quits at once, and the first brings its window to the front. Electron's
 * `app` comes in through SingleInstanceApp, so single-instance.test.ts covers it.
 */

export interface SingleInstanceApp {
  /** `app.requestSingleInstanceLock()`: false when another instance holds the lock. */
  requestSingleInstanceLock(): boolean;
  quit(): void;
  /** `app.on('second-instance', (_e, argv) => …)`: another launch was made and quit. */
  onSecondInstance(listener: (argv: readonly string[]) => void): void;
}

/** What a second launch brings to the front: the window, on the forum or the launcher. */
export interface FrontTarget {
  bringToFront(): void;
}

export interface SingleInstance {
  /** The window is ready: a second launch now shows it (at once if one came meanwhile). */
  attach(target: FrontTarget): void;
}

/**
 * Takes the lock. Returns null, after asking the app to quit, when another instance has
 * it; the caller must then not start anything (no window, no server, no tray).
 */
export function claimSingleInstance(
  app: SingleInstanceApp,
  log: (line: string) => void = () => {},
): SingleInstance | null {
  if (!app.requestSingleInstanceLock()) {
    log('[app] Hearth is already running: bringing it to the front and quitting');
    app.quit();
    return null;
  }
  let target: FrontTarget | null = null;
  // A launch during start-up (before the window exists) is not lost: it shows the
  // window once there is one.
  let pending = false;
  app.onSecondInstance((argv) => {
    // Start at login of a second copy (`--hidden`) is not someone asking for the window.
    if (argv.includes('--hidden')) return;
    if (target) target.bringToFront();
    else pending = true;
  });
  return {
    attach(next) {
      target = next;
      if (pending) {
        pending = false;
        next.bringToFront();
      }
    },
  };
}
