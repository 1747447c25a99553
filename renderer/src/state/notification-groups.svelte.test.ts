/**
 * The grouped notifications panel's `refresh()` against the real server (its database, its
 * socket events): a notification that lands while the first page is on its way is not lost,
 * and opening the panel merges the server's first page over the rows shown. Only the timing
 * of the page's answer is held back here, since a real server cannot order it on demand.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Post } from '@common/api';
import type { SocketClient } from '../lib/socket';
import { type ForumClient, until, useRealForum } from './real-forum.test-support';
import { NotificationGroupsState } from './notification-groups.svelte';

const forum = useRealForum('notification-groups');
const realFetch = globalThis.fetch;

async function postBy(client: ForumClient, title: string): Promise<Post> {
  const categories = await client.call<{ id: number }[]>('GET', '/api/categories');
  return client.call<Post>('POST', '/api/posts', {
    title,
    body: 'Comments welcome',
    categoryIds: [categories[0]!.id],
  });
}

const comment = (client: ForumClient, postId: number, body: string) =>
  client.call('POST', `/api/posts/${postId}/comments`, { body });

/**
 * The UI's `/api/…` requests go to the real server with `client`'s cookie. The first grouped
 * page is read on the server at once, and its answer handed over only on `release()`.
 */
function heldFirstPage(client: ForumClient) {
  let read = false;
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  let pages = 0;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const res = await realFetch(`${forum.server.url}${url}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie: client.cookie },
    });
    if (url.startsWith('/api/notifications/groups') && ++pages === 1) {
      read = true;
      await released;
    }
    return res;
  });
  return { read: () => read, release, pages: () => pages };
}

/** A socket that hears nothing: the rows shown go stale, as a panel's can between opens. */
const deafSocket = { on: () => () => undefined } as unknown as SocketClient;

describe('NotificationGroupsState.refresh', () => {
  it('asks again when a notification lands while the first page loads, so it is not lost', async () => {
    const me = await forum.signup();
    const other = await forum.signup();
    const post = await postBy(me.client, 'Loading race');
    const socket = forum.socketFor(me.client);
    await socket.ready;
    const server = heldFirstPage(me.client);
    const groups = new NotificationGroupsState(socket);
    forum.cleanup.push(() => groups.destroy());

    const loading = groups.load();
    await until(server.read, 'the first page read on the server');
    // Committed after the page was read; its live event arrives before the page does.
    await comment(other.client, post.id, 'Just in time');
    await until(() => groups.items.length === 1, 'the live row');
    server.release();
    await loading;
    // The page, read before the comment, replaced the live row...
    expect(groups.items).toEqual([]);
    // ...and the server's page asked again brings it back.
    await until(() => groups.items.length === 1, 'the row from the second page', 5_000);
    expect(server.pages()).toBe(2);
    expect(groups.items[0]).toMatchObject({
      key: `${post.id}:comment_on_post`,
      count: 1,
      unread: 1,
      actors: [{ id: other.user.id }],
    });
  });

  it('merges the server’s first page over the rows shown (the panel opening)', async () => {
    const me = await forum.signup();
    const ana = await forum.signup();
    const ben = await forum.signup();
    const first = await postBy(me.client, 'First');
    await comment(ana.client, first.id, 'one');
    forum.sameOriginFetch(me.client);
    const groups = new NotificationGroupsState(deafSocket);
    await groups.load();
    expect(groups.items.map((g) => [g.key, g.count])).toEqual([[`${first.id}:comment_on_post`, 1]]);

    // Meanwhile, on the server: the row grows (a second person) and a new one starts.
    await comment(ben.client, first.id, 'two');
    const second = await postBy(me.client, 'Second');
    await comment(ana.client, second.id, 'three');
    expect(groups.items.map((g) => g.count)).toEqual([1]);

    await groups.refresh();
    expect(
      groups.items.map((g) => [g.key, g.count, g.unread, g.actorCount, g.actors.map((a) => a.id)]),
    ).toEqual([
      [`${second.id}:comment_on_post`, 1, 1, 1, [ana.user.id]],
      [`${first.id}:comment_on_post`, 2, 2, 2, [ben.user.id, ana.user.id]],
    ]);
    expect(groups.items[1]!.excerpt).toBe('two');
  });

  it('does nothing before the first page (the load itself gives the rows)', async () => {
    const me = await forum.signup();
    const other = await forum.signup();
    const post = await postBy(me.client, 'Not yet');
    await comment(other.client, post.id, 'hello');
    forum.sameOriginFetch(me.client);
    const groups = new NotificationGroupsState(deafSocket);
    await groups.refresh();
    expect(groups.items).toEqual([]);
    await groups.load();
    expect(groups.items.map((g) => g.key)).toEqual([`${post.id}:comment_on_post`]);
  });
});
