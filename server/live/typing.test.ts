/**
 * Typing across one user's sockets: the indicator belongs to the socket that announced it
 * last, so a refresh from another window takes it over.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until } from '../test/ws-client';

/** A typing timeout that never fires during a test: a stop can only come from its cause. */
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ live: { typingTimeoutMs: 600_000 } });
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

describe('typing from two sockets of one user', () => {
  it('a refresh from a second socket takes it over: closing the first does not end it', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const c = await srv.signup();
    const a1 = await connect(srv, a.client);
    const a2 = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    const lc = await connect(srv, c.client);
    a1.send({ type: 'typing.start', payload: { to: b.user.id } });
    await until(() => lb.of('typing').length === 1, 'the first announcement');
    a2.send({ type: 'typing.start', payload: { to: b.user.id } });
    await until(() => lb.of('typing').length === 2, 'the refresh from the second socket');

    a1.close();
    await until(() => srv.server.live.stats().connections === 3, 'a1 gone');
    // A barrier from someone else (a message from a itself would end the typing): anything
    // queued for b before it has arrived once it has.
    lc.send({ type: 'chat.send', payload: { to: b.user.id, body: 'barrier', clientId: 'b1' } });
    await lb.next('chat.message', (e) => e.payload.body === 'barrier');
    expect(lb.of('typing').map((e) => e.payload.active)).toEqual([true, true]);

    // The second socket owns it now: its closing ends it.
    a2.close();
    const stop = await lb.next('typing', (e) => !e.payload.active);
    expect(stop.payload).toEqual({ from: a.user.id, nickname: a.user.nickname, active: false });
  });
});
