/**
 * What a `resume` may cost the server (review finding 1): one replay per socket, as its first
 * message; a replay that would push the socket past its send-buffer bound, or that would come
 * after live events already went out, is answered `resync` instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../common/protocol';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

const servers: TestServer[] = [];
afterEach(async () => {
  closeAllClients();
  for (const s of servers.splice(0)) await s.close();
});

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}

/** `count` DMs of `size` characters from a to b; resolves once all are echoed. */
async function history(from: LiveClient, to: number, count: number, size: number): Promise<void> {
  const start = from.of('chat.message').length;
  for (let i = 0; i < count; i++) {
    const body = `${i} ${'h'.repeat(size - 10)}`;
    from.send({ type: 'chat.send', payload: { to, body, clientId: `hist-${to}-${i}` } });
  }
  await until(() => from.of('chat.message').length === start + count, `${count} echoes`);
}

/** Bytes of every text frame the socket receives from now on. */
function countBytes(live: LiveClient): () => number {
  let bytes = 0;
  live.ws.on('message', (data: Buffer) => (bytes += data.length));
  return () => bytes;
}

const durable = (live: LiveClient) =>
  live.events.filter((e): e is Extract<ServerEvent, { eventId: number }> => 'eventId' in e);

describe('resume bounds', () => {
  it('a burst of resumes in one write replays once: the others are refused, no amplification', async () => {
    const s = await server();
    const a = await s.signup();
    const b = await s.signup();
    const la = await connect(s, a.client);
    const since = s.server.context.events.lastId();
    // ~400 KB of history for b: under the 512 KiB replay limit, so one resume replays it all.
    await history(la, b.user.id, 80, 5000);

    const lb = await connect(s, b.client, { resume: 'none' });
    const received = countBytes(lb);
    for (let i = 0; i < 38; i++) lb.send({ type: 'resume', payload: { since } });
    await until(() => lb.of('error').length === 37, '37 refusals');
    expect(lb.of('chat.message')).toHaveLength(80);
    expect(new Set(lb.of('error').map((e) => e.payload.code))).toEqual(
      new Set(['VALIDATION_FAILED']),
    );
    expect(lb.of('error')[0]!.payload.message).toBe(
      'resume is accepted only as the first message on a socket. To resume again, open a new socket.',
    );
    // One replay (~410 KB) plus 37 short errors; 38 replays were ~15 MB.
    expect(received()).toBeLessThan(600 * 1024);
    expect(lb.isOpen).toBe(true);
  });

  it('answers resync when the replay would pass the socket’s send-buffer bound', async () => {
    // The replay limit (512 KiB) is above this bound: only the buffer check can refuse it.
    const s = await server({ live: { maxBufferedBytes: 64 * 1024 } });
    const a = await s.signup();
    const b = await s.signup();
    const la = await connect(s, a.client);
    const since = s.server.context.events.lastId();
    await history(la, b.user.id, 30, 4000); // ~120 KB

    const lb = await connect(s, b.client, { resume: since });
    await lb.next('resync');
    expect(lb.of('chat.message')).toEqual([]);
    expect(lb.isOpen).toBe(true);
    // Live events still flow on that socket.
    la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'after', clientId: 'after' } });
    await lb.next('chat.message', (e) => e.payload.body === 'after');
    expect(s.logs.some((r) => r.message === 'resume answered with resync')).toBe(true);
  });

  it('a resume after the grace period let live events through gets resync, never a replay behind them', async () => {
    const s = await server({ live: { resumeGraceMs: 50 } });
    const a = await s.signup();
    const b = await s.signup();
    const la = await connect(s, a.client);
    const lb = await connect(s, b.client, { resume: 'none' });
    const since = lb.of('hello')[0]!.payload.lastEventId;
    la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'live', clientId: 'l1' } });
    await lb.next('chat.message', (e) => e.payload.body === 'live');

    // A slow client's resume arrives only now: replaying `live` again (an older eventId after
    // a newer one) would break "strictly increasing"; resync tells it to reload instead.
    lb.send({ type: 'resume', payload: { since } });
    await lb.next('resync');
    expect(lb.of('chat.message')).toHaveLength(1);
    const ids = durable(lb).map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a resume after the grace period with nothing sent live meanwhile still replays exactly', async () => {
    const s = await server({ live: { resumeGraceMs: 50 } });
    const a = await s.signup();
    const b = await s.signup();
    const la = await connect(s, a.client);
    const since = s.server.context.events.lastId();
    la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'missed', clientId: 'm1' } });
    await la.next('chat.message');
    const lb = await connect(s, b.client, { resume: 'none' });
    await new Promise((r) => setTimeout(r, 150)); // the grace period ends with nothing held
    lb.send({ type: 'resume', payload: { since } });
    await lb.next('chat.message', (e) => e.payload.body === 'missed');
    expect(lb.of('resync')).toEqual([]);
  });
});
