/**
 * What to do when the window's renderer process dies: reload it with a notice, unless it
 * keeps dying (3 times in a minute), then stop and say where the log is. The hosted forum
 * lives in its own process and keeps serving others meanwhile, so giving up on the window
 * does not quit the app. Pure: the caller passes the clock.
 */

/** Electron's RenderProcessGoneDetails / Details (child-process-gone), the parts read here. */
export interface GoneDetails {
  reason: string;
  exitCode: number;
  /** child-process-gone only: `GPU`, `Utility`, … */
  type?: string;
  serviceName?: string;
  name?: string;
}

export type CrashDecision =
  | { action: 'ignore' }
  | { action: 'reload'; notice: string }
  | { action: 'give-up'; message: string };

export interface CrashPolicyOptions {
  logPath: string;
  crashDumps: string;
  now(): number;
  maxCrashes?: number;
  windowMs?: number;
}

export const MAX_RENDERER_CRASHES = 3;
export const CRASH_WINDOW_MS = 60_000;

export function createCrashPolicy(options: CrashPolicyOptions) {
  const max = options.maxCrashes ?? MAX_RENDERER_CRASHES;
  const windowMs = options.windowMs ?? CRASH_WINDOW_MS;
  let recent: number[] = [];
  return {
    onRendererGone(details: GoneDetails): CrashDecision {
      // A clean exit is the page being closed, not a crash.
      if (details.reason === 'clean-exit') return { action: 'ignore' };
      const now = options.now();
      recent = [...recent.filter((t) => now - t < windowMs), now];
      if (recent.length >= max) {
        recent = [];
        return {
          action: 'give-up',
          message: [
            `The Hearth window stopped ${max} times in a minute (${details.reason}), so it was not reloaded again.`,
            'A forum you host keeps running for the others. To try again, choose Switch forum in the tray menu (it loads a fresh page) or restart Hearth.',
            `Log: ${options.logPath}`,
            `Crash reports (kept on this computer only): ${options.crashDumps}`,
          ].join('\n'),
        };
      }
      return {
        action: 'reload',
        notice: `The Hearth window stopped unexpectedly (${details.reason}) and was reloaded.`,
      };
    },
  };
}

export function describeGone(what: 'renderer' | 'child', details: GoneDetails): string {
  const name = details.name ?? details.serviceName ?? details.type ?? what;
  return `[crash] ${what === 'renderer' ? 'window renderer' : name} gone: ${details.reason} (exit code ${details.exitCode})`;
}
