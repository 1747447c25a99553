/**
 * (rooms × search) A group's message is found by its members, named by its conversation
 * (no peer), and by nobody else; a member removed no longer finds it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResults } from '../../common/api';
import type { ConversationSummary } from '../../common/conversations';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

describe('searching group and room messages', () => {
  it('members find it with its conversation; others and removed members do not', async () => {
    const [ann, bob, cy] = [await srv.signup(), await srv.signup(), await srv.signup()];
    const dee = await srv.signup();
    const group = await ann.client.post<ConversationSummary>('/api/conversations', {
      kind: 'group',
      name: 'Bakers',
      members: [bob.user.id, cy.user.id],
    });
    expect(group.status).toBe(201);
    const live = await connect(srv, ann.client);
    live.send({
      type: 'chat.send',
      payload: { conversationId: group.json.id, body: 'sourdough at noon', clientId: 'rs1' },
    });
    const sent = await live.next('chat.message', (e) => e.payload.clientId === 'rs1');

    const find = async (c: typeof ann.client) =>
      (await c.get<SearchResults>('/api/search?q=sourdough&kind=messages')).json.messages?.items ??
      [];
    const hits = await find(bob.client);
    expect(hits.map((h) => h.id)).toEqual([sent.payload.id]);
    expect(hits[0]).toMatchObject({
      from: { id: ann.user.id },
      conversation: { id: group.json.id, name: 'Bakers' },
    });
    expect(hits[0]!.peer).toBeUndefined();
    expect(await find(dee.client)).toEqual([]);

    const removed = await ann.client.request(
      'DELETE',
      `/api/conversations/${group.json.id}/members/${cy.user.id}`,
    );
    expect(removed.status).toBe(204);
    expect(await find(cy.client)).toEqual([]);
  });
});
