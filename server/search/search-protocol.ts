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
}

/**
 * Search thread → main thread: `ready` once its connection is open and its statements are
 * prepared, then one reply per job. A result travels as its JSON text, the response body as
 * it is: the main thread neither clones nor serialises it.
 */
export type SearchReply =
  | { ready: true }
  | { id: number; ok: true; json: string }
  | { id: number; ok: false; code: string; message: string };
