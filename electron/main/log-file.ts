/** The host log in userData/logs: appended line by line, rotated once past a size. */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function openLogFile(path: string, maxBytes = 5 * 1024 * 1024): (line: string) => void {
  mkdirSync(dirname(path), { recursive: true });
  try {
    if (statSync(path).size > maxBytes) renameSync(path, `${path}.1`);
  } catch {
    // No log yet.
  }
  return (line: string) => {
    try {
      appendFileSync(path, `${line}\n`);
    } catch {
      // A full disk must not take the app down with it.
    }
  };
}
