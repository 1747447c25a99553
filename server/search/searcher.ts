import type { SearchKind } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { Logger } from '../logging/logger';
import { kindsOf, type SearchRequest, type SearchService } from '../services/search.service';
import { cacheKey, matchOf, SearchCache, shared } from './search-cache';
import { SearchPool, SearchThreadsUnavailable } from './search-pool';
import type { WorkerScript } from './worker-script';

/** GET /api/search, wherever it runs: its response body as JSON text. */
export interface Searcher {
  run(userId: number, req: SearchRequest): Promise<string>;
  /** Ends the search threads (server shutdown). */
  close(): Promise<void>;
  /** The threads' pool; null when searching on the event loop (searchThreads 0, or fallen back). */
  readonly pool: SearchPool | null;
  /** The groups kept for everyone (posts, comments, people). */
  readonly cache: SearchCache;
}

export interface SearcherOptions {
  /** config.searchThreads: 0 searches on the event loop. */
  threads: number;
  /** The server's connection: its file for the threads, its writes for the cache. */
  db: Db;
  nativeBinding?: string | undefined;
  log: Logger;
  /** The same search on the main connection: for 0 threads, and if no thread can start. */
  inProcess: SearchService;
  /** Tests: where the threads' code is (default: searchWorkerScript()). */
  script?: WorkerScript | null;
}

/** The answer from its groups: exactly JSON.stringify(SearchService.run(…)). */
export function composeResults(q: string, kinds: readonly SearchKind[], parts: string[]): string {
  let json = `{"query":${JSON.stringify(q)}`;
  kinds.forEach((kind, i) => (json += `,"${kind}":${parts[i]}`));
  return `${json}}`;
}

/**
 * Search in the pool's threads (search-pool.ts), or on the event loop when there are none,
 * with the groups that are the same for everyone kept until a write changes them
 * (search-cache.ts). If the threads cannot start at all (the entry missing from a build, a
 * runtime without worker threads), search falls back to the event loop with a warning, as
 * the WAL checkpointer does: slower under load, never broken.
 */
export function createSearcher(options: SearcherOptions): Searcher {
  const { log, inProcess, db } = options;
  const cache = new SearchCache(db);
  // An in-memory database has nothing another connection could open.
  let pool: SearchPool | null =
    options.threads > 0 && db.name !== '' && db.name !== ':memory:'
      ? new SearchPool({
          size: options.threads,
          file: db.name,
          nativeBinding: options.nativeBinding,
          log,
          ...(options.script !== undefined ? { script: options.script } : {}),
        })
      : null;
  const here = (userId: number, req: SearchRequest, kinds: SearchKind[]) =>
    kinds.map((kind) => JSON.stringify(inProcess.group(userId, kind, req)));
  const search = async (userId: number, req: SearchRequest, kinds: SearchKind[]) => {
    if (!pool) return here(userId, req, kinds);
    try {
      return await pool.run(userId, req, kinds);
    } catch (err) {
      if (!(err instanceof SearchThreadsUnavailable)) throw err;
      if (pool) {
        log.warn('search runs on the event loop', { why: err.message });
        void pool.close();
        pool = null;
      }
      return here(userId, req, kinds);
    }
  };
  return {
    get pool() {
      return pool;
    },
    cache,
    run: async (userId, req) => {
      const kinds = kindsOf(req);
      // A page of messages: nothing to keep or look up (no version, no key to read).
      if (!kinds.some(shared))
        return composeResults(req.q, kinds, await search(userId, req, [...kinds]));
      const versions = cache.versions();
      const inserts = kinds.map((k) => cache.insertsOf(k));
      const match = matchOf(req);
      const parts: (string | undefined)[] = kinds.map((k) =>
        shared(k) ? cache.get(k, versions[k], cacheKey(k, req, match), match) : undefined,
      );
      const missing = kinds.filter((_, i) => parts[i] === undefined);
      if (missing.length > 0) {
        const found = await search(userId, req, missing);
        const now = cache.latest();
        missing.forEach((kind, i) => {
          const json = found[i]!;
          parts[kinds.indexOf(kind)] = json;
          if (shared(kind)) {
            const at = inserts[kinds.indexOf(kind)]!;
            cache.set(kind, versions[kind], now[kind], cacheKey(kind, req, match), json, at);
          }
        });
      }
      return composeResults(req.q, kinds, parts as string[]);
    },
    close: async () => {
      await pool?.close();
    },
  };
}
