import type { ForumSettings } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** The owner's settings, rows of `forum_meta` (db/migrations/005-roles-and-categories.ts). */
const KEYS = {
  name: 'name',
  description: 'description',
  signupOpen: 'signup_open',
  minAge: 'min_age',
} as const satisfies Record<keyof ForumSettings, string>;

export const DEFAULT_MIN_AGE = 13;

export function createForumSettingsStore(db: Db) {
  const get = db
    .prepare<{ key: string }, string>('SELECT value FROM forum_meta WHERE key = +:key')
    .pluck();
  const put = db.prepare<{ key: string; value: string }, never>(
    `INSERT INTO forum_meta (key, value) VALUES (:key, :value)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );

  return {
    /** What is stored, the defaults for the rest (`defaultName`: the configured name). */
    read(defaultName: string): ForumSettings {
      const minAge = Number(get.get({ key: KEYS.minAge }) ?? DEFAULT_MIN_AGE);
      return {
        name: get.get({ key: KEYS.name }) ?? defaultName,
        description: get.get({ key: KEYS.description }) ?? '',
        signupOpen: get.get({ key: KEYS.signupOpen }) !== '0',
        minAge: Number.isInteger(minAge) ? minAge : DEFAULT_MIN_AGE,
      };
    },
    write(_tx: WriteTx, patch: Partial<ForumSettings>): void {
      for (const [field, key] of Object.entries(KEYS) as [keyof ForumSettings, string][]) {
        const value = patch[field];
        if (value === undefined) continue;
        put.run({ key, value: typeof value === 'boolean' ? (value ? '1' : '0') : String(value) });
      }
    },
  };
}
export type ForumSettingsStore = ReturnType<typeof createForumSettingsStore>;
