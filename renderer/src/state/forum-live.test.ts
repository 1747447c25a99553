/**
 * The forum's shape, live, in a member's window against the real server: settings
 * (`forum.updated`), their own role (`user.updated`), and categories (`category.*`) created,
 * recoloured, renamed, reordered, archived and deleted by the owner over REST. Also the admin
 * views' state (categories admin, people & roles) following another admin's changes. Only
 * the page's same-origin fetch is routed to the server; the server, its database and the
 * sockets are real.
 */
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CategoryAdminItem, CategoryInfo, Me, Post } from '@common/api';
// The library itself, not server/test/harness (Node-only code, checked without the DOM library).
import { until, useRealForum, type ForumClient } from './real-forum.test-support';
import { SocketClient, type WebSocketLike } from '../lib/socket';
import { CategoryAdminState } from './category-admin.svelte';
import { FeedState } from './feed.svelte';
import { followForumShape } from './forum-live';
import { PeopleState } from './people.svelte';
import { SessionState } from './session.svelte';

const forumServer = useRealForum('forum-live');
const cleanup = forumServer.cleanup;
const { signup, sameOriginFetch, socketFor } = forumServer;
type Client = ForumClient;

// One owner for the whole file: the first sign-up.
let owner: { client: Client; user: Me };
beforeAll(async () => {
  owner = await signup();
  expect(owner.user.role).toBe('owner');
});

/** A member's signed-in window: session, feed and the forum's live shape, as Shell wires them. */
async function memberWindow() {
  const m = await signup();
  sameOriginFetch(m.client);
  const session = new SessionState();
  await session.init();
  expect(session.status).toBe('authed');
  const socket = socketFor(m.client);
  const feed = new FeedState(() => m.user.id);
  cleanup.push(followForumShape(socket, { session, feed, myId: m.user.id }));
  await socket.ready;
  await feed.loadCategories();
  return { ...m, session, feed, socket };
}

const names = (feed: FeedState) => feed.categories.map((c) => c.name);

describe('a member window follows the forum live', () => {
  it('takes new settings and their own role at once (what the UI offers follows)', async () => {
    const w = await memberWindow();
    expect(w.session.canManage).toBe(false);

    await owner.client.call('PATCH', '/api/forum', { name: 'Loom Society', signupOpen: false });
    await until(() => w.session.forumName === 'Loom Society', 'the new name');
    expect(w.session.forum?.signupOpen).toBe(false);
    await owner.client.call('PATCH', '/api/forum', { signupOpen: true });

    await owner.client.call('PUT', `/api/users/${w.user.id}/role`, { role: 'admin' });
    await until(() => w.session.me?.role === 'admin', 'the admin role');
    expect(w.session.canManage).toBe(true);
    await owner.client.call('PUT', `/api/users/${w.user.id}/role`, { role: 'moderator' });
    await until(() => w.session.me?.role === 'moderator', 'the moderator role');
    expect(w.session.canManage).toBe(false);

    // Someone else's role change leaves mine alone.
    const other = await signup();
    await owner.client.call('PUT', `/api/users/${other.user.id}/role`, { role: 'admin' });
    await owner.client.call('PATCH', '/api/forum', { description: 'marker' });
    await until(() => w.session.forum?.description === 'marker', 'the marker');
    expect(w.session.me?.role).toBe('moderator');
  });

  it('shows categories as admins shape them: new, recoloured, renamed, moved, archived, deleted', async () => {
    const w = await memberWindow();
    const before = names(w.feed);
    const cat = await owner.client.call<CategoryInfo>('POST', '/api/categories', {
      name: 'Punch cards',
      color: '#2563eb',
    });
    await until(() => names(w.feed).includes('Punch cards'), 'the new category');
    expect(w.feed.categories.find((c) => c.id === cat.id)?.color).toBe('#2563eb');

    // A post in it, then a rename and a recolour: the post's pill reads the new look.
    const post = await owner.client.call<Post>('POST', '/api/posts', {
      title: 'Cards',
      body: 'Jacquard',
      categoryIds: [cat.id],
    });
    await owner.client.call('PATCH', `/api/categories/${cat.id}`, {
      name: 'Jacquard cards',
      color: null,
    });
    await until(() => names(w.feed).includes('Jacquard cards'), 'the rename');
    expect(w.feed.look(cat.id, post.categories[0]!.name)).toEqual({
      name: 'Jacquard cards',
      color: null,
    });
    expect(w.feed.categories.find((c) => c.id === cat.id)).not.toHaveProperty('color');

    // Moved to the top: the order follows (one event per category moved).
    const all = await owner.client.call<CategoryAdminItem[]>('GET', '/api/forum/categories');
    const order = [cat.id, ...all.filter((c) => c.id !== cat.id).map((c) => c.id)];
    await owner.client.call('PUT', '/api/categories/order', { ids: order });
    await until(() => w.feed.categories[0]?.id === cat.id, 'the new order');
    expect(names(w.feed).slice(1)).toEqual(before);

    // Archived: out of the picker and filters, its name still known for its posts.
    await owner.client.call('PATCH', `/api/categories/${cat.id}`, { archived: true });
    await until(() => !w.feed.categories.some((c) => c.id === cat.id), 'the archive');
    expect(w.feed.look(cat.id, 'stale')).toEqual({ name: 'Jacquard cards', color: null });
    await owner.client.call('PATCH', `/api/categories/${cat.id}`, { archived: false });
    await until(() => w.feed.categories.some((c) => c.id === cat.id), 'the unarchive');

    // An empty one, deleted while the feed filters by it: gone, and the filter goes back to all.
    const empty = await owner.client.call<CategoryInfo>('POST', '/api/categories', {
      name: 'Empty drawer',
    });
    await until(() => names(w.feed).includes('Empty drawer'), 'the empty one');
    await w.feed.load(empty.id);
    await owner.client.call('DELETE', `/api/categories/${empty.id}`);
    await until(() => !names(w.feed).includes('Empty drawer'), 'the deletion');
    await until(() => w.feed.category === null, 'the filter reset');
    // And the list, order included, is the server's once the changes have settled.
    const listed = await owner.client.call<{ id: number }[]>('GET', '/api/categories');
    const ids = () => w.feed.categories.map((c) => c.id).join();
    await until(() => ids() === listed.map((c) => c.id).join(), "the server's order");
  });
});

describe('a window that was away', () => {
  it('catches up on resume: settings, role and categories changed while it was offline', async () => {
    const m = await signup();
    sameOriginFetch(m.client);
    const session = new SessionState();
    await session.init();
    let offline = false;
    const url = `${forumServer.server.url.replace(/^http/, 'ws')}/ws`;
    const socket = new SocketClient({
      url,
      // Offline: every attempt goes to a closed port and fails, as with the network gone.
      createSocket: (u) =>
        new WebSocket(offline ? 'ws://127.0.0.1:9/ws' : u, {
          headers: { cookie: m.client.cookie, origin: forumServer.server.url },
        }) as unknown as WebSocketLike,
    });
    cleanup.push(() => socket.close());
    socket.connect();
    const feed = new FeedState(() => m.user.id);
    cleanup.push(followForumShape(socket, { session, feed, myId: m.user.id }));
    await socket.ready;
    await feed.loadCategories();

    offline = true;
    socket.dropConnection();
    await until(() => socket.status === 'reconnecting', 'the lost connection');
    await owner.client.call('PATCH', '/api/forum', { name: 'While you were out' });
    await owner.client.call('PUT', `/api/users/${m.user.id}/role`, { role: 'admin' });
    const cat = await owner.client.call<CategoryInfo>('POST', '/api/categories', {
      name: 'Missed',
      color: '#ca8a04',
    });

    offline = false;
    await until(() => {
      socket.reconnectNow();
      return (
        session.forumName === 'While you were out' &&
        session.me?.role === 'admin' &&
        feed.categories.some((c) => c.id === cat.id)
      );
    }, 'the replayed changes');
    expect(feed.look(cat.id, '?')).toEqual({ name: 'Missed', color: '#ca8a04' });
  });
});

describe('the admin views follow other admins live', () => {
  it('categories admin: counts, changes and deletions made elsewhere', async () => {
    sameOriginFetch(owner.client);
    const socket = socketFor(owner.client);
    const admin = new CategoryAdminState(socket);
    cleanup.push(() => admin.destroy());
    await socket.ready;
    await admin.load();

    const other = await signup();
    await owner.client.call('PUT', `/api/users/${other.user.id}/role`, { role: 'admin' });
    const cat = await other.client.call<CategoryInfo>('POST', '/api/categories', {
      name: 'Gears',
      color: '#16a34a',
    });
    await until(() => admin.items.some((c) => c.id === cat.id), 'the created category');
    await other.client.call('POST', '/api/posts', {
      title: 'Teeth',
      body: 'Counting them',
      categoryIds: [cat.id],
    });
    await until(() => admin.items.find((c) => c.id === cat.id)?.postCount === 1, 'the count');
    await other.client.call('PATCH', `/api/categories/${cat.id}`, { archived: true });
    await until(() => admin.archived.some((c) => c.id === cat.id), 'the archive');
    expect(admin.active.some((c) => c.id === cat.id)).toBe(false);

    // Moving the first active one down, from this view: the server's order comes back.
    const [first, second] = admin.active;
    expect(await admin.move(first!.id, 1)).toBe(true);
    expect(admin.active.slice(0, 2).map((c) => c.id)).toEqual([second!.id, first!.id]);
    expect(await admin.move(admin.active[0]!.id, -1)).toBe(false);
  });

  it('people & roles: a role given by the owner elsewhere, a newcomer joining', async () => {
    const a = await signup();
    await owner.client.call('PUT', `/api/users/${a.user.id}/role`, { role: 'admin' });
    sameOriginFetch(a.client);
    const socket = socketFor(a.client);
    const people = new PeopleState(socket);
    cleanup.push(() => people.destroy());
    await socket.ready;
    await people.load();
    expect(people.sorted[0]).toMatchObject({ id: owner.user.id, role: 'owner' });

    const b = await signup();
    await until(() => people.people.some((p) => p.id === b.user.id), 'the newcomer');
    expect(people.people.find((p) => p.id === b.user.id)?.role).toBe('member');
    await owner.client.call('PUT', `/api/users/${b.user.id}/role`, { role: 'moderator' });
    await until(
      () => people.people.find((p) => p.id === b.user.id)?.role === 'moderator',
      'the new role',
    );
    // Only the owner gives roles: an admin's attempt is refused, and nothing changes.
    await expect(people.setRole(b.user.id, 'admin')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(people.people.find((p) => p.id === b.user.id)?.role).toBe('moderator');
  });
});
