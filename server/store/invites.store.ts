import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

export interface InviteRow {
  id: number;
  code: string;
  created_by: number;
  creator_nickname: string;
  created_ms: number;
  expires_ms: number | null;
  max_uses: number | null;
  uses: number;
  revoked_ms: number | null;
}

const SELECT = `SELECT i.id, i.code, i.created_by, u.nickname AS creator_nickname, i.created_ms,
  i.expires_ms, i.max_uses, i.uses, i.revoked_ms
  FROM invites i JOIN users u ON u.id = i.created_by`;

const SHOW_ONLINE_KEY = 'lan_show_online';

/** Invite links (migration 015). */
export function createInvitesStore(db: Db) {
  const insert = db.prepare<
    {
      code: string;
      createdBy: number;
      createdMs: number;
      expiresMs: number | null;
      maxUses: number | null;
    },
    never
  >(
    `INSERT INTO invites (code, created_by, created_ms, expires_ms, max_uses)
     VALUES (:code, :createdBy, :createdMs, :expiresMs, :maxUses)`,
  );
  const byId = db.prepare<{ id: number }, InviteRow>(`${SELECT} WHERE i.id = +:id`);
  const byCode = db.prepare<{ code: string }, InviteRow>(`${SELECT} WHERE i.code = +:code`);
  // Newest first, walking invites_recent; an admin's list is short (the limit bounds it).
  const recent = db.prepare<{ limit: number }, InviteRow>(
    `${SELECT} ORDER BY i.created_ms DESC, i.id DESC LIMIT +:limit`,
  );
  // The use is decided here, in the account's transaction: two racing sign-ups cannot both
  // take an invite's last use.
  const use = db.prepare<{ code: string; now: number }, never>(
    `UPDATE invites SET uses = uses + 1
     WHERE code = +:code AND revoked_ms IS NULL
       AND (expires_ms IS NULL OR expires_ms > +:now)
       AND (max_uses IS NULL OR uses < max_uses)`,
  );
  const revoke = db.prepare<{ id: number; now: number }, never>(
    'UPDATE invites SET revoked_ms = :now WHERE id = +:id AND revoked_ms IS NULL',
  );

  // The LAN announcement's setting, a row of forum_meta like the forum's other settings.
  const getMeta = db
    .prepare<{ key: string }, string>('SELECT value FROM forum_meta WHERE key = +:key')
    .pluck();
  const putMeta = db.prepare<{ key: string; value: string }, never>(
    `INSERT INTO forum_meta (key, value) VALUES (:key, :value)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );

  return {
    /** Whether the LAN announcement carries the number of people online (default yes). */
    showOnline: (): boolean => getMeta.get({ key: SHOW_ONLINE_KEY }) !== '0',
    setShowOnline: (_tx: WriteTx, show: boolean): void => {
      putMeta.run({ key: SHOW_ONLINE_KEY, value: show ? '1' : '0' });
    },
    insert: (
      _tx: WriteTx,
      r: {
        code: string;
        createdBy: number;
        createdMs: number;
        expiresMs: number | null;
        maxUses: number | null;
      },
    ): number => Number(insert.run(r).lastInsertRowid),
    byId: (id: number): InviteRow | undefined => byId.get({ id }),
    byCode: (code: string): InviteRow | undefined => byCode.get({ code }),
    recent: (limit: number): InviteRow[] => recent.all({ limit }),
    /** True when the invite was usable and one use is now taken. */
    use: (_tx: WriteTx, code: string, now: number): boolean => use.run({ code, now }).changes === 1,
    revoke: (_tx: WriteTx, id: number, now: number): boolean =>
      revoke.run({ id, now }).changes === 1,
  };
}
export type InvitesStore = ReturnType<typeof createInvitesStore>;
