import { afterAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';

const presenceOf = (live: LiveClient, userId: number): boolean[] =>
  live
    .of('presence')
    .filter((e) => e.payload.userId === userId)
    .map((e) => e.payload.online);

let s: TestServer | undefined;
afterAll(async () => {
  closeAllClients();
  await s?.close();
});

/**
 * The presence batch that switches to contacts only was greeted while presence still went to
 * everyone (no contacts loaded for the snapshots): its arrivals' contacts are read in one
 * query at the flush, not one per arrival, and each `presence` still reaches the contacts.
 */
it('the batch that switches presence to contacts only reads its arrivals’ contacts in one query', async () => {
  s = await startTestServer({ live: { presenceBroadcastMax: 10, presenceBatchMs: 1200 } });
  const ctx = s.server.context;
  const users = [];
  for (let i = 0; i < 21; i++) users.push(await s.signup());
  const [hubUser, ...rest] = users as [(typeof users)[number], ...typeof users];
  // Every even user has exchanged a message with the hub user: their only contact.
  for (const [i, u] of rest.entries()) {
    if (i % 2 === 0) {
      ctx.chat.commit([
        { send: { senderId: hubUser.user.id, to: u.user.id, body: 'hi', clientId: `h${i}` } },
      ]);
    }
  }
  const lone: number[] = [];
  const contacts = ctx.chat.contacts.bind(ctx.chat);
  ctx.chat.contacts = (userId: number) => {
    lone.push(userId);
    return contacts(userId);
  };
  const batches: number[] = [];
  const many = ctx.stores.contacts.many.bind(ctx.stores.contacts);
  ctx.stores.contacts.many = (ids: readonly number[]) => {
    batches.push(ids.length);
    return many(ids);
  };

  const hub = await connect(s, hubUser.client);
  await Promise.all(rest.map((u) => connect(s!, u.client)));
  expect(s.server.live.hub.presenceToContactsOnly).toBe(false); // the batch is still open
  await until(() => s!.server.live.hub.presenceToContactsOnly, 'presence to contacts only');
  const even = rest.filter((_, i) => i % 2 === 0).map((u) => u.user.id);
  await until(() => even.every((id) => presenceOf(hub, id).length > 0), 'arrivals at the hub');

  expect(batches).toContain(users.length);
  expect(lone).toEqual([]);
  for (const id of even) expect(presenceOf(hub, id)).toEqual([true]);
  for (const [i, u] of rest.entries()) {
    if (i % 2 === 1) expect(presenceOf(hub, u.user.id)).toEqual([]);
  }
});
