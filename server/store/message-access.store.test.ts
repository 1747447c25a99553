/**
 * Who may see a message: its two people, and nobody else; a message that does not exist has
 * no audience. Real server, messages sent over the socket, then asked of the database file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open-db';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';
import { createMessageAccessStore } from './message-access.store';

const servers: TestServer[] = [];
afterEach(async () => {
  closeAllClients();
  for (const s of servers.splice(0)) await s.close();
});

describe('message access', () => {
  it('a private message is readable by its sender and recipient only', async () => {
    const s = await startTestServer();
    servers.push(s);
    const ana = await s.signup();
    const ben = await s.signup();
    const cat = await s.signup();
    const socket = await connect(s, ana.client);
    socket.send({ type: 'chat.send', payload: { to: ben.user.id, body: 'hi', clientId: 'ma1' } });
    const sent = await socket.next('chat.message', (e) => e.payload.clientId === 'ma1');
    const id = sent.payload.id;

    const db = openDb(s.server.dbPath);
    try {
      const access = createMessageAccessStore(db);
      expect(access.audience(id)).toEqual({ conversationId: expect.any(Number) });
      expect(access.canRead(ana.user.id, id)).toBe(true);
      expect(access.canRead(ben.user.id, id)).toBe(true);
      expect(access.canRead(cat.user.id, id)).toBe(false);
      expect(access.audience(id + 1000)).toBeUndefined();
      expect(access.canRead(ana.user.id, id + 1000)).toBe(false);
    } finally {
      db.close();
    }
  });
});
