/**
 * The forum's shape, kept live for a signed-in window: its settings (`forum.updated`), my role
 * (`user.updated`: what the UI offers follows at once) and its categories (`category.*`, for
 * the picker, the filters and every post's pills). A `resync` refetches both.
 */
import type { SocketClient } from '../lib/socket';
import type { FeedState } from './feed.svelte';
import type { SessionState } from './session.svelte';

export function followForumShape(
  socket: SocketClient,
  { session, feed, myId }: { session: SessionState; feed: FeedState; myId: number },
): () => void {
  const off = [
    socket.on('forum.updated', (e) => session.applySettings(e.payload.forum)),
    socket.on('user.updated', (e) => {
      if (e.payload.user.id === myId) session.applyMyRole(e.payload.user.role);
    }),
    socket.on('category.created', (e) => feed.applyCategory(e.payload.category)),
    socket.on('category.updated', (e) => feed.applyCategory(e.payload.category)),
    socket.on('category.deleted', (e) => feed.removeCategory(e.payload.id)),
    socket.on('resync', () => {
      void session.refreshForum();
      void feed.loadCategories();
    }),
  ];
  return () => {
    for (const f of off) f();
    feed.destroy();
  };
}
