/**
 * Presence (snapshot, first socket up / last socket down, contacts-only above the limit) and
 * typing (only to the other party, auto-stop, stop on send and on disconnect).
 */
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

let srv: TestServer;
/** A typing timeout that never fires during a test: a stop can only come from its cause. */
let noTimeout: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ live: { typingTimeoutMs: 300 } });
  noTimeout = await startTestServer({ live: { typingTimeoutMs: 600_000 } });
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
  await noTimeout.close();
});

/**
 * A barrier: `from` messages `to` and we wait for it. Frames to one socket keep their order,
 * so anything queued for `to` before the barrier has arrived once the barrier has.
 */
async function barrier(from: LiveClient, to: LiveClient, toId: number): Promise<void> {
  const body = `barrier ${performance.now()}`;
  from.send({ type: 'chat.send', payload: { to: toId, body, clientId: body } });
  await to.next('chat.message', (e) => e.payload.body === body);
}

const presenceOf = (live: LiveClient, userId: number) =>
  live
    .of('presence')
    .filter((e) => e.payload.userId === userId)
    .map((e) => e.payload.online);

describe('presence', () => {
  it('a snapshot on connect lists who is online', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    const online = lb.of('presence.snapshot')[0]!.payload.online;
    expect(online).toEqual(expect.arrayContaining([a.user.id, b.user.id]));
  });

  it('fires only on the first socket up and the last socket down', async () => {
    const watcher = await srv.signup();
    const a = await srv.signup();
    const w = await connect(srv, watcher.client);
    /**
     * Presence goes out in batches, in order: once a newcomer's arrival reaches the watcher,
     * every change before it has too.
     */
    const presenceBarrier = async () => {
      const sentinel = await srv.signup();
      const live = await connect(srv, sentinel.client);
      await until(() => presenceOf(w, sentinel.user.id).includes(true), 'the sentinel');
      live.close();
    };

    const a1 = await connect(srv, a.client);
    const a2 = await connect(srv, a.client);
    const a3 = await connect(srv, a.client);
    await until(() => presenceOf(w, a.user.id).length === 1, 'online');
    await presenceBarrier();
    expect(presenceOf(w, a.user.id)).toEqual([true]);

    a1.close();
    a2.close();
    await until(() => srv.server.live.hub.socketCount(a.user.id) === 1, 'two sockets gone');
    await presenceBarrier();
    expect(presenceOf(w, a.user.id)).toEqual([true]);
    // A user's own sockets are not told about themselves.
    expect(presenceOf(a3, a.user.id)).toEqual([]);

    a3.close();
    await until(() => presenceOf(w, a.user.id).length === 2, 'offline');
    await presenceBarrier();
    expect(presenceOf(w, a.user.id)).toEqual([true, false]);
  });

  it('several changes in one batch reach every socket in order, each but its own (both transports)', async () => {
    for (const plainTransport of [false, true]) {
      const s = await startTestServer({ live: { presenceBatchMs: 400, plainTransport } });
      try {
        const watcher = await s.signup();
        const w = await connect(s, watcher.client);
        // Let the watcher's own arrival go out in a batch of its own.
        await new Promise((r) => setTimeout(r, 600));
        const people = [await s.signup(), await s.signup(), await s.signup()];
        const lives: LiveClient[] = [];
        for (const p of people) lives.push(await connect(s, p.client));
        const ids = people.map((p) => p.user.id);
        const arrivals = (live: LiveClient) =>
          live
            .of('presence')
            .filter((e) => ids.includes(e.payload.userId) && e.payload.online)
            .map((e) => e.payload.userId);
        await until(() => arrivals(w).length === 3, 'three arrivals at the watcher');
        expect(arrivals(w)).toEqual(ids);
        for (let i = 0; i < 3; i++) {
          await until(() => arrivals(lives[i]!).length === 2, 'the others’ arrivals');
          expect(arrivals(lives[i]!)).toEqual(ids.filter((id) => id !== ids[i]));
        }
      } finally {
        await s.close();
      }
    }
  });

  it('a reconnect within one presence batch tells nobody', async () => {
    const s = await startTestServer({ live: { presenceBatchMs: 500 } });
    try {
      const watcher = await s.signup();
      const a = await s.signup();
      const w = await connect(s, watcher.client);
      const first = await connect(s, a.client);
      await until(() => presenceOf(w, a.user.id).length === 1, 'online');
      first.close();
      await until(() => !s.server.context.live.isOnline(a.user.id), 'gone');
      await connect(s, a.client); // back before the batch went out
      const sentinel = await s.signup();
      await connect(s, sentinel.client);
      await until(() => presenceOf(w, sentinel.user.id).length === 1, 'the next batch');
      expect(presenceOf(w, a.user.id)).toEqual([true]);
    } finally {
      await s.close();
    }
  });

  it('a newcomer whose snapshot showed someone who leaves within the same batch hears they left', async () => {
    const s = await startTestServer({ live: { presenceBatchMs: 500 } });
    try {
      const a = await s.signup();
      const b = await s.signup();
      const watcher = await s.signup();
      const w = await connect(s, watcher.client);
      const lb = await connect(s, b.client);
      const la = await connect(s, a.client); // b's arrival is still waiting in the batch
      expect(la.of('presence.snapshot')[0]!.payload.online).toContain(b.user.id);
      lb.close(); // b's arrival and departure cancel out in the batch
      await until(() => !s.server.context.live.isOnline(b.user.id), 'b gone');
      // What a believes about b: its snapshot, then each presence event in order.
      const aSeesB = () =>
        presenceOf(la, b.user.id).reduce(
          (_, online) => online,
          la.of('presence.snapshot')[0]!.payload.online.includes(b.user.id),
        );
      await until(() => !aSeesB(), 'a sees b offline', 5000);
      expect(presenceOf(la, b.user.id)).toEqual([false]);
      // The batch still tells nobody else: b's visit never reached the watcher.
      await until(() => presenceOf(w, a.user.id).length === 1, 'the batch');
      expect(presenceOf(w, b.user.id)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('above presenceBroadcastMax online, presence goes to chat contacts only; below, everyone gets a fresh snapshot', async () => {
    const s = await startTestServer({ live: { presenceBroadcastMax: 3, presenceBatchMs: 10 } });
    try {
      const [a, b, c, d, e] = [
        await s.signup(),
        await s.signup(),
        await s.signup(),
        await s.signup(),
        await s.signup(),
      ];
      const la = await connect(s, a.client);
      const lb = await connect(s, b.client);
      // a and b become contacts.
      la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'hi', clientId: 'x' } });
      await lb.next('chat.message');
      const lc = await connect(s, c.client); // 3 online: still to everyone
      await until(() => presenceOf(la, c.user.id).length === 1, 'c online, told to a');
      const ld = await connect(s, d.client); // 4 online: contacts only from this batch on
      await until(() => s.server.live.hub.presenceToContactsOnly, 'contacts-only mode');
      const le = await connect(s, e.client);
      expect(le.of('presence.snapshot')[0]!.payload.online).toEqual([]); // e has no contacts

      lb.close(); // b is a's contact: a hears of it, c does not
      await until(() => presenceOf(la, b.user.id).includes(false), 'b offline, told to a');
      await barrier(la, lc, c.user.id);
      expect(presenceOf(lc, b.user.id)).not.toContain(false); // (b's arrival may have reached c)
      expect(presenceOf(la, d.user.id)).toEqual([]);
      expect(presenceOf(la, e.user.id)).toEqual([]);

      // Down to 2 online (90% of 3, rounded down): everyone gets a fresh snapshot.
      const before = la.of('presence.snapshot').length;
      ld.close();
      le.close();
      await until(() => la.of('presence.snapshot').length === before + 1, 'a fresh snapshot');
      expect(la.of('presence.snapshot').at(-1)!.payload.online.sort()).toEqual(
        [a.user.id, c.user.id].sort(),
      );
      await until(() => lc.of('presence.snapshot').length === 2, 'c gets one too');
    } finally {
      await s.close();
    }
  });
});

describe('typing', () => {
  it('is relayed only to the other party (all their sockets), with the typer’s nickname', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const c = await srv.signup();
    const a1 = await connect(srv, a.client);
    const a2 = await connect(srv, a.client);
    const b1 = await connect(srv, b.client);
    const b2 = await connect(srv, b.client);
    const lc = await connect(srv, c.client);

    a1.send({ type: 'typing.start', payload: { to: b.user.id } });
    for (const s of [b1, b2]) {
      const t = await s.next('typing');
      expect(t.payload).toEqual({ from: a.user.id, nickname: a.user.nickname, active: true });
    }
    a1.send({ type: 'typing.stop', payload: { to: b.user.id } });
    await b1.next('typing', (e) => !e.payload.active);
    await barrier(b1, lc, c.user.id);
    await barrier(b1, a2, a.user.id);
    expect(lc.of('typing')).toEqual([]);
    expect(a2.of('typing')).toEqual([]);
    expect(a1.of('typing')).toEqual([]);
  });

  it('stops by itself when not refreshed (short timeout configured for tests)', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const la = await connect(srv, a.client);
    const lb = await connect(srv, b.client);
    la.send({ type: 'typing.start', payload: { to: b.user.id } });
    await lb.next('typing');
    const started = performance.now();
    const stop = await lb.next('typing', (e) => !e.payload.active);
    expect(stop.payload).toEqual({ from: a.user.id, nickname: a.user.nickname, active: false });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('a refresh keeps it alive, and each refresh is relayed', async () => {
    const s = await startTestServer({ live: { typingTimeoutMs: 1500 } });
    try {
      const a = await s.signup();
      const b = await s.signup();
      const la = await connect(s, a.client);
      const lb = await connect(s, b.client);
      let lastRefresh = 0;
      for (let i = 0; i < 4; i++) {
        la.send({ type: 'typing.start', payload: { to: b.user.id } });
        lastRefresh = performance.now();
        await until(() => lb.of('typing').length === i + 1, `start ${i + 1}`);
        await new Promise((r) => setTimeout(r, 150));
      }
      await lb.next('typing', (e) => !e.payload.active);
      expect(performance.now() - lastRefresh).toBeGreaterThanOrEqual(1400);
      expect(lb.of('typing').map((e) => e.payload.active)).toEqual([true, true, true, true, false]);
    } finally {
      await s.close();
    }
  });

  it('stops when the message is sent, right after the message', async () => {
    const a = await noTimeout.signup();
    const b = await noTimeout.signup();
    const la = await connect(noTimeout, a.client);
    const lb = await connect(noTimeout, b.client);
    la.send({ type: 'typing.start', payload: { to: b.user.id } });
    await lb.next('typing');
    la.send({ type: 'chat.send', payload: { to: b.user.id, body: 'done', clientId: 't1' } });
    await lb.next('typing', (e) => !e.payload.active);
    const types = lb.events
      .map((e) => e.type)
      .filter((t) => t === 'typing' || t === 'chat.message');
    expect(types).toEqual(['typing', 'chat.message', 'typing']);
  });

  it('stops when the socket that announced it closes (not when another of the typer’s does)', async () => {
    const a = await noTimeout.signup();
    const b = await noTimeout.signup();
    const c = await noTimeout.signup();
    const a1 = await connect(noTimeout, a.client);
    const a2 = await connect(noTimeout, a.client);
    const lb = await connect(noTimeout, b.client);
    const lc = await connect(noTimeout, c.client);
    a1.send({ type: 'typing.start', payload: { to: b.user.id } });
    await lb.next('typing');
    a2.close();
    await until(() => noTimeout.server.live.stats().connections === 3, 'a2 gone');
    await barrier(lc, lb, b.user.id); // (a message from a itself would end the typing)
    expect(lb.of('typing').map((e) => e.payload.active)).toEqual([true]);
    a1.close();
    const stop = await lb.next('typing', (e) => !e.payload.active);
    expect(stop.payload.from).toBe(a.user.id);
  });

  it('refuses typing to yourself or to nobody', async () => {
    const a = await srv.signup();
    const la = await connect(srv, a.client);
    la.send({ type: 'typing.start', payload: { to: a.user.id } });
    la.send({ type: 'typing.start', payload: { to: 987_654 } });
    await until(() => la.of('error').length === 2, 'two errors');
    expect(la.of('error').map((e) => e.payload.code)).toEqual([
      'CANNOT_MESSAGE_SELF',
      'UNKNOWN_RECIPIENT',
    ]);
  });

  it('stops after the real 5 s without a refresh (default timing)', async () => {
    const s = await startTestServer();
    try {
      const a = await s.signup();
      const b = await s.signup();
      const la = await connect(s, a.client);
      const lb = await connect(s, b.client);
      la.send({ type: 'typing.start', payload: { to: b.user.id } });
      await lb.next('typing');
      const started = performance.now();
      await lb.next('typing', (e) => !e.payload.active, { ms: 15_000 });
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(4900);
      expect(elapsed).toBeLessThan(12_000);
    } finally {
      await s.close();
    }
  });
});
