import type { SearchKind } from '../../common/api';
import type { SearchRequest } from '../services/search.service';

/** What a search thread is started with (search-worker.ts). */
export interface SearchWorkerData {
  /** The forum's database file: the thread opens its own read-only connection to it. */
  file: string;
  /** better-sqlite3's binary for this runtime, when not the one in node_modules. */
  nativeBinding?: string | undefined;
}

/** One search, main thread → search thread. */
export interface SearchJob {
  id: number;
  userId: number;
  req: SearchRequest;
  /** The kinds to search (the others of the request were kept: search-cache.ts). */
  kinds: SearchKind[];
}

/**
 * Search thread → main thread: `ready` once its connection is open and its statements are
 * prepared, then one reply per job: each kind's group as JSON text, in the job's order, so
 * the main thread puts the answer together without parsing or serialising anything.
 */
export type SearchReply =
  | { ready: true }
  | { id: number; ok: true; parts: string[] }
  | { id: number; ok: false; code: string; message: string };
