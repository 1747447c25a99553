/**
 * Migration 015 (invites) on a forum in use: a version-9 database built by the real
 * migrations and filled through the real server keeps every row; the invites table is
 * new and empty; the server then makes and uses invites on it.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Invite, Me } from '../common/api';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { databasePath } from './config/data-dir';
import { signupBody, startTestServer, tempDataDir } from './test/harness';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function counts(db: Db): Record<string, number> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map((t) => [
      t.name,
      (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
    ]),
  );
}

describe('migration 015 (invites) on a filled database', () => {
  it('keeps every row, adds an empty invites table, and invites work afterwards', async () => {
    // A version-9 forum: the schema of the release before, filled by the server's own code.
    const old = openDb(databasePath(dataDir));
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version <= 9),
    );
    old.close();
    // The server would migrate at start; fill with data first through SQL the v9 server wrote.
    const fill = openDb(databasePath(dataDir));
    fill
      .prepare(
        `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at, role)
         VALUES ('owner', 'owner@example.com', 'x', 'F', 'L', 30, 'other', '2024-01-01T00:00:00.000Z', 'owner'),
                ('member', 'member@example.com', 'x', 'F', 'L', 30, 'other', '2024-01-02T00:00:00.000Z', 'member')`,
      )
      .run();
    fill
      .prepare(
        `INSERT INTO posts (author_id, title, body, created_at) VALUES (1, 'Old post', 'Kept', '2024-01-03T00:00:00.000Z')`,
      )
      .run();
    expect(fill.pragma('user_version', { simple: true })).toBe(9);
    const before = counts(fill);
    expect(before.invites).toBeUndefined();

    migrate(fill);
    expect(fill.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const after = counts(fill);
    // Every table of version 9 keeps its rows (010 folds chat_threads into conversations).
    const { chat_threads: _folded, ...kept } = before;
    for (const [t, n] of Object.entries(kept)) expect(after[t], t).toBe(n);
    expect(after.invites).toBe(0);
    fill.close();

    // The server on the migrated folder: the old owner makes an invite, a newcomer uses it.
    const srv = await startTestServer({ dataDir });
    try {
      const owner = await srv.signup({ nickname: 'owner2' });
      expect(owner.user.role).toBe('member'); // the forum already has its owner
      const refused = await owner.client.post<Invite>('/api/invites', {
        expiresInHours: 1,
        maxUses: 1,
      });
      expect(refused.status).toBe(403);
      const db = srv.server.context.db;
      expect((db.prepare('SELECT title FROM posts').get() as { title: string }).title).toBe(
        'Old post',
      );
      // Made an admin (as the owner would), they invite a newcomer past closed sign-up.
      db.prepare("UPDATE users SET role = 'admin' WHERE id = ?").run(owner.user.id);
      db.prepare(
        "INSERT OR REPLACE INTO forum_meta (key, value) VALUES ('signup_open', '0')",
      ).run();
      expect((await srv.client().post('/api/auth/signup', signupBody())).status).toBe(403);
      const made = await owner.client.post<Invite>('/api/invites', {
        expiresInHours: 1,
        maxUses: 1,
      });
      expect(made.status).toBe(201);
      const res = await srv
        .client()
        .post<Me>('/api/auth/signup', signupBody({ invite: made.json.code }));
      expect(res.status).toBe(201);
    } finally {
      await srv.close({ keepData: true });
    }
  });
});
