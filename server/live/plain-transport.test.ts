/**
 * `live.plainTransport`: every frame through `ws.send` instead of the live layer's own
 * transport (transport/README.md). The same contract must hold in both modes; these are
 * the scenarios that exercise the transport (greeting, order, multi-byte text, replay, a
 * close code, backpressure), run with the switch on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WS_CLOSE } from '../../common/protocol';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, floodUntilCut } from '../test/ws-client';
import { LiveSocket } from './connection';

let plain: TestServer;
let optimised: TestServer;
beforeAll(async () => {
  plain = await startTestServer({ live: { plainTransport: true } });
  optimised = await startTestServer();
});
afterEach(() => {
  closeAllClients();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await plain.close();
  await optimised.close();
});

describe('the plainTransport switch', () => {
  it('sends through ws.send only when on', async () => {
    // Server sockets only: the test's clients are plain `ws` sockets, not LiveSockets.
    const send = vi.spyOn(LiveSocket.prototype, 'send');
    const a = await optimised.signup();
    const fast = await connect(optimised, a.client);
    await fast.next('unread');
    expect(send).not.toHaveBeenCalled();
    const b = await plain.signup();
    const slow = await connect(plain, b.client);
    await slow.next('unread');
    expect(send).toHaveBeenCalled();
  });

  it('greets in order: hello, presence.snapshot, unread', async () => {
    const a = await plain.signup();
    const live = await connect(plain, a.client);
    await live.next('unread');
    expect(live.events.map((e) => e.type).slice(0, 3)).toEqual([
      'hello',
      'presence.snapshot',
      'unread',
    ]);
    expect(live.of('hello')[0]!.payload.user).toEqual(a.user);
  });

  it('delivers a burst of messages to both sides in order', async () => {
    const a = await plain.signup();
    const b = await plain.signup();
    const la = await connect(plain, a.client);
    const lb = await connect(plain, b.client);
    const bodies = Array.from({ length: 60 }, (_, i) => `m${i}-${'é'.repeat(i * 3)}`);
    bodies.forEach((body, i) =>
      la.send({ type: 'chat.send', payload: { to: b.user.id, body, clientId: `c${i}` } }),
    );
    await until(() => lb.of('chat.message').length === 60, 'all 60');
    await until(() => la.of('chat.message').length === 60, 'all 60 echoes');
    expect(lb.of('chat.message').map((e) => e.payload.body)).toEqual(bodies);
    expect(la.of('chat.message').map((e) => e.payload.body)).toEqual(bodies);
  });

  it('replays what a user missed on resume, in order', async () => {
    const a = await plain.signup();
    const b = await plain.signup();
    const la = await connect(plain, a.client);
    const lb = await connect(plain, b.client);
    const since = lb.of('hello')[0]!.payload.lastEventId;
    lb.close();
    for (let i = 0; i < 5; i++) {
      la.send({ type: 'chat.send', payload: { to: b.user.id, body: `r${i}`, clientId: `r${i}` } });
    }
    await until(() => la.of('chat.message').length === 5, 'five echoes');
    const again = await connect(plain, b.client, { resume: since });
    await until(() => again.of('chat.message').length === 5, 'the replay');
    expect(again.of('chat.message').map((e) => e.payload.body)).toEqual([
      'r0',
      'r1',
      'r2',
      'r3',
      'r4',
    ]);
  });

  it('closes a signed-out session’s sockets with 4401', async () => {
    const a = await plain.signup();
    const live = await connect(plain, a.client);
    await a.client.post('/api/auth/logout', {});
    expect((await live.waitClosed()).code).toBe(WS_CLOSE.SESSION_ENDED);
  });

  it('cuts a socket that stops reading once its backlog passes the bound', async () => {
    const s = await startTestServer({
      live: { plainTransport: true, maxBufferedBytes: 256 * 1024 },
    });
    try {
      const a = await s.signup();
      const b = await s.signup();
      const la = await connect(s, a.client);
      const slow = await connect(s, b.client);
      slow.ws.pause();
      await floodUntilCut(() => s.server.context.live.isOnline(b.user.id), la, b.user.id);
      expect(s.server.context.live.isOnline(b.user.id)).toBe(false);
      slow.ws.resume();
      expect((await slow.waitClosed()).code).toBe(1006);
      expect(la.isOpen).toBe(true);
    } finally {
      await s.close();
    }
  });
});
