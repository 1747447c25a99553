/**
 * Lossless resume: `resume {since}` replays exactly what the user missed, in order; eventIds
 * arrive strictly increasing on every socket; a gap too old or too large gets `resync`; and
 * 100 random forced disconnects during traffic lose and duplicate nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Category } from '../../common/api';
import type { ServerEvent } from '../../common/protocol';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

const durable = (live: LiveClient) =>
  live.events.filter((e): e is Extract<ServerEvent, { eventId: number }> => 'eventId' in e);
const isIncreasing = (ids: number[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]!);

describe('resume', () => {
  it('replays exactly what this user missed, in order, and nothing meant for others', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const c = await srv.signup();
    const first = await connect(srv, b.client);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();

    const la = await connect(srv, a.client);
    const lc = await connect(srv, c.client);
    la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'for b 1', clientId: 'r1' } });
    lc.send({ type: 'chat.send', payload: { to: a.user.id, body: 'not for b', clientId: 'r2' } });
    await la.next('chat.message', (e) => e.payload.body === 'not for b');
    const cat = (await a.client.get<Category[]>('/api/categories')).json[0]!.id;
    await a.client.post('/api/posts', { title: 'Missed post', body: '…', categoryIds: [cat] });
    la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'for b 2', clientId: 'r3' } });
    await la.next('chat.message', (e) => e.payload.body === 'for b 2');

    const lb = await connect(srv, b.client, { resume: since });
    await until(() => durable(lb).length === 3, 'three replayed events');
    expect(durable(lb).map((e) => e.type)).toEqual([
      'chat.message',
      'post.created',
      'chat.message',
    ]);
    expect(lb.of('chat.message').map((e) => e.payload.body)).toEqual(['for b 1', 'for b 2']);
    expect(isIncreasing(lb.eventIds())).toBe(true);

    // A second resume on the same socket replays nothing: it is refused (one per socket).
    const last = lb.eventIds().at(-1)!;
    lb.send({ type: 'resume', payload: { since: last - 1 } });
    const refused = await lb.next('error');
    expect(refused.payload).toEqual({
      code: 'VALIDATION_FAILED',
      message:
        'resume is accepted only as the first message on a socket. To resume again, open a new socket.',
    });
    expect(durable(lb)).toHaveLength(3);
  });

  it('holds live events until resume: a reconnect mid-traffic still sees strictly increasing eventIds', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const first = await connect(srv, b.client);
    const since = first.of('hello')[0]!.payload.lastEventId;
    first.close();
    let sent = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 5; i++) {
        la.send({
          type: 'chat.send',
          payload: { to: b.user.id, body: `t${sent}`, clientId: `h${sent++}` },
        });
      }
    }, 2);
    try {
      await until(() => sent >= 50, 'traffic before the reconnect');
      const lb = await connect(srv, b.client, { resume: since });
      await until(() => sent >= 150, 'traffic after');
      clearInterval(timer);
      await until(() => lb.of('chat.message').length === sent, `${sent} messages`);
      const ids = lb.eventIds();
      expect(isIncreasing(ids)).toBe(true);
      expect(lb.of('chat.message').map((e) => e.payload.body)).toEqual(
        Array.from({ length: sent }, (_, i) => `t${i}`),
      );
    } finally {
      clearInterval(timer);
    }
  });

  it('without a resume, held events flow after the grace period (clients that never resume)', async () => {
    const s = await startTestServer({ live: { resumeGraceMs: 200 } });
    try {
      const a = await s.signup();
      const b = await s.signup();
      const la = await connect(s, a.client);
      const lb = await connect(s, b.client, { resume: 'none' });
      la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'held', clientId: 'g1' } });
      await la.next('chat.message');
      expect(lb.of('chat.message')).toEqual([]);
      await lb.next('chat.message', (e) => e.payload.body === 'held', { ms: 5000 });
    } finally {
      await s.close();
    }
  });

  it('a first message other than resume releases the held events at once', async () => {
    // A grace period that never ends during the test: only the message can release them.
    const s = await startTestServer({ live: { resumeGraceMs: 600_000 } });
    try {
      const a = await s.signup();
      const b = await s.signup();
      const la = await connect(s, a.client);
      const lb = await connect(s, b.client, { resume: 'none' });
      la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'held', clientId: 'r1' } });
      await la.next('chat.message');
      // Frames to one socket keep their order: had the message not been held, it would have
      // reached b before this typing indicator (which is not durable, so never held).
      la.send({ type: 'typing.start', payload: { to: b.user.id } });
      await lb.next('typing');
      expect(lb.of('chat.message')).toEqual([]);
      lb.send({ type: 'typing.start', payload: { to: a.user.id } });
      const held = await lb.next('chat.message', () => true, { ms: 5000 });
      expect(held.payload.body).toBe('held');
      expect(lb.of('resync')).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('answers resync when the gap was pruned, is ahead of the log, or is too large', async () => {
    const s = await startTestServer({ live: { replayMaxEvents: 5 } });
    try {
      const a = await s.signup();
      const b = await s.signup();
      const la = await connect(s, a.client);
      const lastId = s.server.context.events.lastId();

      const ahead = await connect(s, b.client, { resume: lastId + 100 });
      await ahead.next('resync');

      for (let i = 0; i < 6; i++) {
        la.send({ type: 'chat.send', payload: { to: b.user.id, body: `${i}`, clientId: `z${i}` } });
      }
      await until(() => la.of('chat.message').length === 6, 'six');
      const tooMany = await connect(s, b.client, { resume: lastId });
      await tooMany.next('resync');
      // Five missed is fine.
      const five = await connect(s, b.client, { resume: lastId + 1 });
      await until(() => five.of('chat.message').length === 5, 'five replayed');
      expect(five.of('resync')).toEqual([]);

      // Prune everything but the newest event: older cursors can no longer be answered.
      s.server.context.events.prune({ retentionMs: -1, maxRows: 1, batch: 10_000 });
      const pruned = await connect(s, b.client, { resume: lastId });
      await pruned.next('resync');
      // The cursor right before the oldest kept event still works.
      const edge = await connect(s, b.client, { resume: s.server.context.events.lastId() - 1 });
      await until(() => edge.of('chat.message').length === 1, 'the kept one');
      // After resync the socket is live.
      la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'live', clientId: 'z9' } });
      await pruned.next('chat.message', (e) => e.payload.body === 'live');
    } finally {
      await s.close();
    }
  });

  it('100 random forced disconnects during traffic: 0 missing, 0 duplicated', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    let lb = await connect(srv, b.client);
    let cursor = lb.of('hello')[0]!.payload.lastEventId;
    const received: number[] = []; // message ids: every delivery counts
    const outOfOrder: number[] = [];
    const track = (live: LiveClient) =>
      live.ws.on('message', (data: Buffer) => {
        const e = JSON.parse(data.toString()) as ServerEvent;
        if (!('eventId' in e)) return;
        // The client's whole state is the highest eventId seen: no de-duplication at all.
        if (e.eventId <= cursor) outOfOrder.push(e.eventId);
        cursor = Math.max(cursor, e.eventId);
        if (e.type === 'chat.message') received.push(e.payload.id);
      });
    track(lb);

    // Traffic flows for as long as the drops go on.
    let sent = 0;
    const traffic = setInterval(() => {
      for (let i = 0; i < 3; i++, sent++) {
        la.send({
          type: 'chat.send',
          payload: { to: b.user.id, body: `m${sent}`, clientId: `f${sent}` },
        });
      }
    }, 2);
    let drops = 0;
    try {
      while (drops < 100) {
        await new Promise((r) => setTimeout(r, Math.random() * 10));
        if (Math.random() < 0.5) {
          lb.close(); // the client side drops (Wi-Fi gone)
        } else {
          for (const conn of srv.server.live.hub.connectionsOf(b.user.id) ?? []) {
            conn.socket.destroy(); // the server side drops
          }
        }
        drops++;
        await lb.waitClosed();
        lb = await connect(srv, b.client, { resume: cursor });
        track(lb);
      }
    } finally {
      clearInterval(traffic);
    }
    const total = sent;
    expect(total).toBeGreaterThan(300);
    await until(() => la.of('chat.message').length === total, 'all acknowledged', 30_000);
    await until(() => received.length >= total, 'all delivered', 30_000);
    await new Promise((r) => setTimeout(r, 200)); // anything late or doubled would land now
    const sentIds = la.of('chat.message').map((e) => e.payload.id);
    expect(drops).toBe(100);
    expect(outOfOrder).toEqual([]);
    expect(received.length).toBe(total);
    expect(new Set(received).size).toBe(total);
    expect([...received].sort((x, y) => x - y)).toEqual([...sentIds].sort((x, y) => x - y));
  });
});
