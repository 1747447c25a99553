/**
 * Reactions in a member's window against the real server: a bar's batched load, someone
 * else's reaction arriving live (the bar and the feed card), my own toggle counted once
 * (the REST answer and its echo), and the feed's "Posts I liked" filter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Me, Post } from '@common/api';
import { until, useRealForum, type ForumClient } from './real-forum.test-support';
import { FeedState } from './feed.svelte';
import { ReactionsState } from './reactions.svelte';
import { SessionState } from './session.svelte';

const errors: string[] = [];
const forumServer = useRealForum('reactions');
const cleanup = forumServer.cleanup;
const { signup, sameOriginFetch, socketFor } = forumServer;
type Client = ForumClient;

// One owner for the whole file: the first sign-up.
let owner: { client: Client; user: Me };
beforeAll(async () => {
  owner = await signup();
  expect(owner.user.role).toBe('owner');
});

/** A member's signed-in window: session, feed and reactions, as Shell wires them. */
async function memberWindow() {
  const m = await signup();
  sameOriginFetch(m.client);
  const session = new SessionState();
  await session.init();
  expect(session.status).toBe('authed');
  const socket = socketFor(m.client);
  const feed = new FeedState(() => m.user.id);
  const reactions = new ReactionsState(
    socket,
    m.user,
    (msg) => errors.push(msg),
    (id, e, d) => feed.reacted(id, e, d),
  );
  cleanup.push(() => reactions.destroy());
  await socket.ready;
  await feed.load();
  return { ...m, session, feed, socket, reactions };
}

const counts = (w: { reactions: ReactionsState }, id: number) =>
  (w.reactions.of('post', id) ?? []).map((r) => [r.emoji, r.count, r.mine]);

describe('reactions in a window', () => {
  it('load in a batch, follow others live, count my own click once, feed the filter', async () => {
    const post = await owner.client.call<Post>('POST', '/api/posts', {
      title: 'Reactions',
      body: 'x',
      categoryIds: [1],
    });
    await owner.client.call('PUT', '/api/reactions', { type: 'post', id: post.id, emoji: '🎉' });
    const w = await memberWindow();
    // The feed's first page carries the count.
    expect(w.feed.posts.find((p) => p.id === post.id)?.reactions).toEqual([
      { emoji: '🎉', count: 1 },
    ]);
    w.reactions.want('post', post.id);
    await until(() => w.reactions.of('post', post.id) !== undefined, 'the batched load');
    expect(counts(w, post.id)).toEqual([['🎉', 1, false]]);

    // Someone else reacts: the bar and the feed card follow.
    await owner.client.call('PUT', '/api/reactions', { type: 'post', id: post.id, emoji: '👍' });
    await until(() => counts(w, post.id).length === 2, 'the live reaction');
    const card = () => w.feed.posts.find((p) => p.id === post.id)?.reactions;
    await until(() => card()?.some((r) => r.emoji === '👍') === true, 'the card count');

    // Mine: the answer shows it, the echo is not counted again.
    await w.reactions.toggle('post', post.id, '👍');
    expect(counts(w, post.id)).toEqual([
      ['🎉', 1, false],
      ['👍', 2, true],
    ]);
    await until(() => card()?.find((r) => r.emoji === '👍')?.count === 2, 'the card echo');
    await new Promise((r) => setTimeout(r, 200));
    expect(counts(w, post.id)[1]).toEqual(['👍', 2, true]);

    w.feed.setFilter('liked');
    await until(() => !w.feed.loading && w.feed.posts.length === 1, 'the liked filter');
    expect(w.feed.posts[0]!.id).toBe(post.id);

    await w.reactions.toggle('post', post.id, '👍');
    await new Promise((r) => setTimeout(r, 200));
    expect(counts(w, post.id)).toEqual([
      ['🎉', 1, false],
      ['👍', 1, false],
    ]);
    expect(errors).toEqual([]);
  });
});
