import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { tempDataDir } from '../test/harness';
import { repreparedRuns } from '../test/reprepare-probe';
import { createChatStore } from './chat.store';
import { createContactsStore } from './contacts.store';
import { createConversationsStore } from './conversations.store';
import { createEventsStore } from './events.store';
import { createMessageAccessStore } from './message-access.store';
import { createMessageSearch } from './message-search.store';
import { createUnreadStore } from './unread.store';

const dir = tempDataDir();
const db = openDb(join(dir, 'reprepare.db'));
migrate(db);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every statement a store prepares (its SQL), by building it on a recording connection. */
function statementsOf(create: (d: Db) => unknown): string[] {
  const sqls: string[] = [];
  const recording = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (sql: string) => {
          sqls.push(sql);
          return target.prepare(sql);
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  create(recording);
  return sqls.filter((sql) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)/i.test(sql));
}

/** Any value for each parameter: what marks a statement for re-preparing is its SQL. */
function anyArgs(sql: string): unknown[] {
  const names = new Set([...sql.matchAll(/[:@$]([A-Za-z_]\w*)/g)].map((m) => m[1]!));
  const positional = (sql.match(/\?/g) ?? []).length;
  const args: unknown[] = Array<number>(positional).fill(1);
  if (names.size > 0) args.push(Object.fromEntries([...names].map((n) => [n, 1])));
  return args;
}

// The DM path's statements (chat commit, conversations, the event log and replay, unread
// counts, contacts) are compiled once, not on every run (reprepare-probe.ts says why a
// `column = :param` term in a join or with ORDER BY, or a `LIMIT :param`, needs a unary plus).
describe('the live layer’s statements are not prepared again on every run', () => {
  const stores = {
    chat: createChatStore,
    conversations: createConversationsStore,
    events: createEventsStore,
    unread: createUnreadStore,
    contacts: createContactsStore,
  };
  it.each(Object.entries(stores))('%s store', (_name, create) => {
    const statements = statementsOf(create);
    expect(statements.length).toBeGreaterThan(0);
    const reprepared = statements.filter((sql) => repreparedRuns(db, sql, anyArgs(sql)) > 0);
    expect(reprepared).toEqual([]);
  });

  it('message access store (its own lookups; the search statements are the search store’s)', () => {
    const search = new Set(statementsOf(createMessageSearch));
    const statements = statementsOf(createMessageAccessStore).filter((sql) => !search.has(sql));
    expect(statements.length).toBeGreaterThanOrEqual(4);
    expect(statements.filter((sql) => repreparedRuns(db, sql, anyArgs(sql)) > 0)).toEqual([]);
  });

  it('the probe sees a statement that is prepared again (a LIMIT :param, as the replay had)', () => {
    const sql = 'SELECT id FROM events WHERE id > :since ORDER BY id LIMIT :limit';
    expect(repreparedRuns(db, sql, anyArgs(sql))).toBe(3);
    expect(repreparedRuns(db, sql.replace(':limit', '+:limit'), anyArgs(sql))).toBe(0);
  });
});
