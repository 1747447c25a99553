import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Finds the built renderer (`out/renderer`) from where this code runs: from source
 * (server/config/ under tsx or vitest) or bundled (out/main/host.js, out/main/chunks/…,
 * inside app.asar). Returns null when the UI has not been built.
 */
export function findStaticDir(fromDir: string = import.meta.dirname): string | null {
  let dir = fromDir;
  for (;;) {
    const candidates =
      basename(dir) === 'out' ? [join(dir, 'renderer')] : [join(dir, 'out', 'renderer')];
    for (const candidate of candidates) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
