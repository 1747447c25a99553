import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The search thread's entry, built by electron-vite as an entry of its own
 * (electron.vite.config.ts: `main` inputs) beside host.js and server.js.
 */
export const SEARCH_WORKER_ENTRY = 'search-worker';

export interface WorkerScript {
  url: URL;
  /** Options for the thread's Node: from source it needs tsx to load TypeScript. */
  execArgv?: string[];
}

/**
 * Where the search thread's code is, for `new Worker(url)`:
 * - from source (tsx, vitest: this module is a .ts file), `search-worker.ts` beside it, run
 *   through tsx in the thread (a process started with `--import tsx` passes it on by itself);
 * - bundled (out/main/host.js, server.js; this code in out/main or out/main/chunks), the
 *   built `search-worker.js` in out/main. In the packaged app that is inside app.asar, which
 *   worker threads read in Electron (since 17); better-sqlite3's binary is unpacked beside it.
 * Null when it cannot be found: search then stays on the event loop (search-pool.ts).
 */
export function searchWorkerScript(here: string = import.meta.url): WorkerScript | null {
  // tsx's tsImport() (the e2e server) puts a query on module URLs: look at the path only.
  if (new URL(here).pathname.endsWith('.ts')) {
    const url = new URL(`./${SEARCH_WORKER_ENTRY}.ts`, here);
    const hasTsx = process.execArgv.some((a) => /\btsx\b/.test(a));
    return hasTsx ? { url } : { url, execArgv: [...process.execArgv, '--import', 'tsx'] };
  }
  for (const rel of [`./${SEARCH_WORKER_ENTRY}.js`, `../${SEARCH_WORKER_ENTRY}.js`]) {
    const url = new URL(rel, here);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return { url };
  }
  return null;
}
