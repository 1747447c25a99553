import type { Migration } from '../migrate';

/**
 * Facts about the forum itself, one row per key. The first is `forum_id`: a random id made
 * once per database that names the session cookie (`hearth_<forum id>`), so two forums on
 * one host do not overwrite each other's cookie. The server creates the row at start
 * (server/store/forum-meta.store.ts), so a copied or hand-edited database heals itself.
 * Immutable once released.
 */
export const m003ForumMeta: Migration = {
  version: 3,
  name: 'forum meta',
  up: `
CREATE TABLE forum_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`,
};
