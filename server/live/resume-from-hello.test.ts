/**
 * A resume from hello's own lastEventId (what a first connection and a reconnect storm
 * send) is answered from the hold, without reading the log: every event committed for the
 * user between hello and resume arrives once, in order, and nothing from before hello.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until } from '../test/ws-client';

let srv: TestServer;
// A long grace period: only the resume can end the hold during the test.
beforeAll(async () => (srv = await startTestServer({ live: { resumeGraceMs: 60_000 } })));
afterEach(closeAllClients);
afterAll(() => srv.close());

describe('resume from hello', () => {
  it('delivers what was committed between hello and resume, once, in order, without a replay', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const sender = await connect(srv, a.client);
    sender.send({ type: 'chat.send', payload: { to: b.user.id, body: 'before', clientId: 'c0' } });
    await until(() => sender.of('chat.message').length === 1, 'the first echo');

    const reader = await connect(srv, b.client, { resume: 'none' });
    const since = reader.of('hello')[0]!.payload.lastEventId;
    for (let i = 1; i <= 3; i++) {
      sender.send({
        type: 'chat.send',
        payload: { to: b.user.id, body: `held ${i}`, clientId: `c${i}` },
      });
    }
    await until(() => sender.of('chat.message').length === 4, 'three more echoes');
    expect(reader.of('chat.message')).toEqual([]); // held until resume

    const replays = srv.server.context.events;
    const replay = replays.replay.bind(replays);
    let replayed = 0;
    replays.replay = (...args) => {
      replayed++;
      return replay(...args);
    };
    try {
      reader.send({ type: 'resume', payload: { since } });
      await until(() => reader.of('chat.message').length === 3, 'the held messages');
      // A barrier: one more message after the resume arrives live, after the held ones.
      sender.send({ type: 'chat.send', payload: { to: b.user.id, body: 'live', clientId: 'c4' } });
      await until(() => reader.of('chat.message').length === 4, 'the live message');
    } finally {
      replays.replay = replay;
    }
    expect(reader.of('chat.message').map((e) => e.payload.body)).toEqual([
      'held 1',
      'held 2',
      'held 3',
      'live',
    ]);
    const ids = reader.eventIds();
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(Math.min(...ids)).toBeGreaterThan(since);
    expect(replayed).toBe(0);
  });
});
