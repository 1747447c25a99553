/**
 * (rooms × mentions) An @mention in a room notifies its person even at the room's default
 * level ("mentions only"), counts in that room's mentionCount until they read past it, and
 * stays silent for someone who muted the room or set it to "nothing", or who is not a member.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, NotificationPage } from '../../common/api';
import type { ConversationSummary } from '../../common/conversations';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

type Person = { client: TestClient; id: number; nickname: string };
const person = async (): Promise<Person> => {
  const u = await srv.signup();
  return { client: u.client, id: u.user.id, nickname: u.user.nickname };
};
const summary = async (p: Person, id: number): Promise<ConversationSummary> =>
  (await p.client.get<ConversationSummary[]>('/api/conversations')).json.find((c) => c.id === id)!;
const mentions = async (p: Person): Promise<Notification[]> =>
  (await p.client.get<NotificationPage>('/api/notifications')).json.items.filter(
    (n) => n.kind === 'mention',
  );

describe('mentions in rooms', () => {
  it('notify at "mentions only", count until read, and not when muted, "nothing" or outside', async () => {
    const [ann, bob, cy, dee] = [await person(), await person(), await person(), await person()];
    const general = (await ann.client.get<ConversationSummary[]>('/api/conversations')).json.find(
      (c) => c.isDefault,
    )!;
    expect(general.notify).toBe('mentions');
    // A group dee is not in: mentioning dee there tells dee nothing.
    const group = await ann.client.post<ConversationSummary>('/api/conversations', {
      kind: 'group',
      members: [bob.id, cy.id],
    });
    const muted = await cy.client.request('PATCH', `/api/conversations/${general.id}`, {
      json: { muted: true },
    });
    expect(muted.status).toBe(200);
    const la = await connect(srv, ann.client);
    const lb = await connect(srv, bob.client);
    la.send({
      type: 'chat.send',
      payload: {
        conversationId: general.id,
        body: `hey @${bob.nickname} and @${cy.nickname}`,
        clientId: 'rm1',
      },
    });
    la.send({
      type: 'chat.send',
      payload: { conversationId: group.json.id, body: `@${dee.nickname} psst`, clientId: 'rm2' },
    });
    const note = await lb.next('notification', (e) => e.payload.kind === 'mention');
    const sent = await la.next('chat.message', (e) => e.payload.clientId === 'rm1');
    expect(note.payload).toMatchObject({ messageId: sent.payload.id, conversationId: general.id });
    expect((await mentions(bob))[0]).toMatchObject({ conversationId: general.id });
    await la.next('chat.message', (e) => e.payload.clientId === 'rm2');

    expect(await summary(bob, general.id)).toMatchObject({ unread: 1, mentionCount: 1 });
    expect(await mentions(cy)).toEqual([]);
    expect(await mentions(dee)).toEqual([]);

    // Reading past it clears the count.
    lb.send({ type: 'chat.read', payload: { conversationId: general.id, upTo: sent.payload.id } });
    await expect
      .poll(async () => summary(bob, general.id))
      .toMatchObject({ unread: 0, mentionCount: 0 });

    // "Nothing" silences mentions too.
    await bob.client.request('PATCH', `/api/conversations/${general.id}`, {
      json: { notify: 'none' },
    });
    la.send({
      type: 'chat.send',
      payload: { conversationId: general.id, body: `again @${bob.nickname}`, clientId: 'rm3' },
    });
    await lb.next('chat.message', (e) => e.payload.clientId === 'rm3');
    expect(await mentions(bob)).toHaveLength(1);
  });
});
