/** Runs a program without a shell, for the network doctor (firewall.ts's RunCommand). */
import { execFile } from 'node:child_process';
import type { RunOutcome } from './firewall';

/** Long enough for a person to answer the administrator prompt. */
const TIMEOUT_MS = 120_000;

export function runProgram(file: string, args: readonly string[]): Promise<RunOutcome> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { timeout: TIMEOUT_MS, windowsHide: true, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
        if (e && typeof e.code !== 'number') {
          // Not started at all (ENOENT…) or killed by the timeout.
          resolve({ code: null, stdout, stderr, error: e.message });
          return;
        }
        resolve({ code: e ? Number(e.code) : 0, stdout, stderr });
      },
    );
  });
}
