import type { Logger } from '../logging/logger';
import type { SearchRequest, SearchService } from '../services/search.service';
import { SearchPool, SearchThreadsUnavailable } from './search-pool';
import type { WorkerScript } from './worker-script';

/** GET /api/search, wherever it runs: its response body as JSON text. */
export interface Searcher {
  run(userId: number, req: SearchRequest): Promise<string>;
  /** Ends the search threads (server shutdown). */
  close(): Promise<void>;
  /** The threads' pool; null when searching on the event loop (searchThreads 0, or fallen back). */
  readonly pool: SearchPool | null;
}

export interface SearcherOptions {
  /** config.searchThreads: 0 searches on the event loop. */
  threads: number;
  /** The database file (the threads open their own connections to it). */
  file: string;
  nativeBinding?: string | undefined;
  log: Logger;
  /** The same search on the main connection: for 0 threads, and if no thread can start. */
  inProcess: SearchService;
  /** Tests: where the threads' code is (default: searchWorkerScript()). */
  script?: WorkerScript | null;
}

/**
 * Search in the pool's threads (search-pool.ts), or on the event loop when there are none.
 * If the threads cannot start at all (the entry missing from a build, a runtime without
 * worker threads), search falls back to the event loop with a warning, as the WAL
 * checkpointer does: slower under load, never broken.
 */
export function createSearcher(options: SearcherOptions): Searcher {
  const { log, inProcess } = options;
  // An in-memory database has nothing another connection could open.
  let pool: SearchPool | null =
    options.threads > 0 && options.file !== '' && options.file !== ':memory:'
      ? new SearchPool({
          size: options.threads,
          file: options.file,
          nativeBinding: options.nativeBinding,
          log,
          ...(options.script !== undefined ? { script: options.script } : {}),
        })
      : null;
  const here = (userId: number, req: SearchRequest) => JSON.stringify(inProcess.run(userId, req));
  return {
    get pool() {
      return pool;
    },
    run: async (userId, req) => {
      if (!pool) return here(userId, req);
      try {
        return await pool.run(userId, req);
      } catch (err) {
        if (!(err instanceof SearchThreadsUnavailable)) throw err;
        if (pool) {
          log.warn('search runs on the event loop', { why: err.message });
          void pool.close();
          pool = null;
        }
        return here(userId, req);
      }
    },
    close: async () => {
      await pool?.close();
    },
  };
}
