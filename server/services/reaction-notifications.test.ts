/**
 * (issue 12) Grouped reaction notifications on a real server: "ana and 2 others reacted to
 * your post", one row per item and kind, growing live through the outbox; your own reaction
 * and a removed one notify nobody; a muted post is quiet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Comment,
  ItemReactions,
  Notification,
  Post,
  ReactionItemType,
} from '../../common/api';
import {
  actorsPhrase,
  groupVerb,
  type NotificationGroup,
  type NotificationGroupPage,
} from '../../common/attention';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

type Person = { client: TestClient; id: number; nickname: string; live: LiveClient };

let srv: TestServer;
let ana: Person, ben: Person, cat: Person, dan: Person;

beforeAll(async () => {
  srv = await startTestServer();
  const join = async (nickname: string): Promise<Person> => {
    const u = await srv.signup({ nickname });
    return { client: u.client, id: u.user.id, nickname, live: await connect(srv, u.client) };
  };
  ana = await join('ana_r');
  ben = await join('ben_r');
  cat = await join('cat_r');
  dan = await join('dan_r');
});
afterAll(async () => {
  closeAllClients();
  await srv.close();
});

async function react(
  who: Person,
  type: ReactionItemType,
  id: number,
  emoji = '👍',
  method: 'PUT' | 'DELETE' = 'PUT',
): Promise<void> {
  const res = await who.client.request<ItemReactions>(method, '/api/reactions', {
    json: { type, id, emoji },
  });
  expect(res.status).toBe(200);
}

async function groups(who: Person): Promise<NotificationGroup[]> {
  const res = await who.client.get<NotificationGroupPage>('/api/notifications/groups');
  expect(res.status).toBe(200);
  return res.json.items;
}

const reactionRows = async (who: Person) =>
  (await groups(who)).filter((g) => g.kind.startsWith('reaction_'));

/** The notification events `who` receives from now on. */
function collect(who: Person): () => Notification[] {
  const from = who.live.events.length;
  return () =>
    who.live.events.slice(from).flatMap((e) => (e.type === 'notification' ? [e.payload] : []));
}

async function newPost(who: Person): Promise<Post> {
  return (
    await who.client.post<Post>('/api/posts', { title: 'Reacted to', body: 'b', categoryIds: [1] })
  ).json;
}

describe('reaction notifications', () => {
  it('groups a post’s reactions in one row that grows live; own and removed notify nobody', async () => {
    const post = await newPost(ana);
    const since = collect(ana);
    await react(ana, 'post', post.id); // her own: nothing
    await react(ben, 'post', post.id);
    await ana.live.next('notification', (e) => e.payload.actor.id === ben.id);
    await react(cat, 'post', post.id, '❤️');
    await react(dan, 'post', post.id, '🎉');
    await react(ben, 'post', post.id, '😂'); // a second emoji by ben: same person
    await ana.live.next(
      'notification',
      (e) => e.payload.actor.id === ben.id && e.payload.text.includes('😂'),
    );
    // Removing a reaction writes no notification.
    await react(cat, 'post', post.id, '❤️', 'DELETE');
    await react(cat, 'post', post.id, '🎉');
    await ana.live.next('notification', (e) => e.payload.text.includes('cat_r reacted 🎉'));

    const live = since();
    expect(live.map((n) => n.actor.nickname)).toEqual([
      'ben_r',
      'cat_r',
      'dan_r',
      'ben_r',
      'cat_r',
    ]);
    expect(live.every((n) => n.kind === 'reaction_on_post' && n.postId === post.id)).toBe(true);
    expect(live[0]?.text).toBe('ben_r reacted 👍 to your post “Reacted to”');

    const rows = (await reactionRows(ana)).filter((g) => g.postId === post.id);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ kind: 'reaction_on_post', actorCount: 3, count: 5, unread: 5 });
    expect(row.actors.map((a) => a.nickname)).toEqual(['cat_r', 'ben_r']);
    expect(`${actorsPhrase(row.actors, row.actorCount)} ${groupVerb(row.kind)}`).toBe(
      'cat_r, ben_r and 1 other reacted to your post',
    );
    // The reactors heard nothing of their own reactions.
    for (const p of [ben, cat, dan]) {
      expect((await reactionRows(p)).some((g) => g.postId === post.id)).toBe(false);
    }
  });

  it('one row per comment, and per message', async () => {
    const post = await newPost(ben);
    const c1 = (await ana.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'one' }))
      .json;
    const c2 = (await ana.client.post<Comment>(`/api/posts/${post.id}/comments`, { body: 'two' }))
      .json;
    await react(ben, 'comment', c1.id);
    await react(cat, 'comment', c1.id);
    await react(dan, 'comment', c2.id);
    await ana.live.next('notification', (e) => e.payload.commentId === c2.id);

    ana.live.send({ type: 'chat.send', payload: { to: ben.id, body: 'hello', clientId: 'rn-1' } });
    const msg = await ben.live.next('chat.message', (e) => e.payload.clientId === 'rn-1');
    await react(ben, 'message', msg.payload.id, '❤️');
    const told = await ana.live.next('notification', (e) => e.payload.messageId === msg.payload.id);
    expect(told.payload).toMatchObject({
      kind: 'reaction_on_message',
      text: 'ben_r reacted ❤️ to your message',
    });

    const rows = await reactionRows(ana);
    const ofComment = (id: number) =>
      rows.filter((g) => g.kind === 'reaction_on_comment' && g.commentId === id);
    expect(ofComment(c1.id)).toHaveLength(1);
    expect(ofComment(c1.id)[0]).toMatchObject({
      actorCount: 2,
      count: 2,
      title: 'Reacted to',
      excerpt: 'one',
    });
    expect(ofComment(c2.id)[0]).toMatchObject({ actorCount: 1, count: 1, excerpt: 'two' });
    expect(ofComment(c1.id)[0]?.key).not.toBe(ofComment(c2.id)[0]?.key);
    const ofMessage = rows.filter((g) => g.kind === 'reaction_on_message');
    expect(ofMessage).toHaveLength(1);
    expect(ofMessage[0]).toMatchObject({ messageId: msg.payload.id, actorCount: 1 });
    expect(groupVerb('reaction_on_comment')).toBe('reacted to your comment on');
  });

  it('a post its author muted notifies nothing', async () => {
    const post = await newPost(dan);
    const level = await dan.client.request('PUT', `/api/posts/${post.id}/level`, {
      json: { level: 'muted' },
    });
    expect(level.status).toBe(200);
    await react(ana, 'post', post.id);
    // A later reaction on another post arrives: the muted one's would have come first.
    const other = await newPost(dan);
    await react(ana, 'post', other.id);
    const first = await dan.live.next('notification', (e) => e.payload.kind === 'reaction_on_post');
    expect(first.payload.postId).toBe(other.id);
    expect((await reactionRows(dan)).map((g) => g.postId)).toEqual([other.id]);
  });
});
