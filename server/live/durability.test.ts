/**
 * A private message is acknowledged by its echo, and the echo comes only after the commit:
 * kill -9 the host right after 300 echoes and every one of those messages, with its event,
 * is in the file the process left, and replays after a restart.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../common/api';
import { openDb } from '../../db/open-db';
import { signupBody, TestClient } from '../test/harness';
import { hostProcesses } from '../test/host-process';
import { connect, until } from '../test/ws-client';

const hosts = hostProcesses();
const { dataDir } = hosts;
const startHost = () => hosts.start();

describe('durability of private messages', () => {
  it('keeps every echoed message and its event through kill -9, and replays them after a restart', async () => {
    const first = await startHost();
    const a = new TestClient(first.url);
    const b = new TestClient(first.url);
    const me = (await a.post<Me>('/api/auth/signup', signupBody({ nickname: 'sender9' }))).json;
    const peer = (await b.post<Me>('/api/auth/signup', signupBody({ nickname: 'reader9' }))).json;
    const live = await connect({ url: first.url }, a);

    for (let i = 0; i < 300; i++) {
      live.send({
        type: 'chat.send',
        payload: { to: peer.id, body: `kept ${i}`, clientId: `d${i}` },
      });
    }
    await until(() => live.of('chat.message').length === 300, '300 echoes', 30_000);
    const acked = live.of('chat.message').map((e) => ({ id: e.payload.id, eventId: e.eventId }));

    first.child.kill('SIGKILL');
    await first.exit;

    const db = openDb(join(dataDir, 'hearth.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = db
      .prepare('SELECT id, event_id AS eventId FROM messages WHERE sender_id = ? ORDER BY id')
      .all(me.id);
    expect(stored).toEqual(acked);
    const events = db
      .prepare("SELECT id FROM events WHERE type = 'chat.message' ORDER BY id")
      .pluck()
      .all();
    expect(events).toEqual(acked.map((x) => x.eventId));
    db.close();

    // The recipient, first connection after the restart, replays all of them from the log.
    const second = await startHost();
    try {
      const reader = new TestClient(second.url);
      reader.cookie = b.cookie;
      const replay = await connect({ url: second.url }, reader, { resume: 0 });
      await until(() => replay.of('chat.message').length === 300, 'the replay', 30_000);
      expect(replay.of('chat.message').map((e) => e.payload.body)).toEqual(
        Array.from({ length: 300 }, (_, i) => `kept ${i}`),
      );
    } finally {
      second.child.kill('SIGTERM');
      await second.exit;
    }
  }, 120_000);
});
