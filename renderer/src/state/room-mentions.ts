/**
 * (rooms) Keeps the sidebar's "@N" of each group and room live: the server counts mentions
 * when the list loads (`ConversationSummary.mentionCount`); after that a `mention`
 * notification in a room adds one, reading it (here or on another device: the server reads a
 * room's mentions with the room, issue 13) takes it away, and a room with nothing unread has
 * no mention either. No count is made up here: each step follows a server event.
 */
import type { SocketClient } from '../lib/socket';
import type { RoomsState } from './rooms.svelte';

export function followRoomMentions(
  socket: SocketClient,
  rooms: Pick<RoomsState, 'list' | 'open' | 'byId'>,
): () => void {
  // Mentions that arrived live: notification id → its room (to undo on `notifications.read`).
  const roomOf = new Map<number, number>();
  const offs = [
    socket.on('notification', (e) => {
      const n = e.payload;
      if (n.kind !== 'mention' || n.conversationId === undefined || n.read) return;
      if (roomOf.has(n.id)) return;
      roomOf.set(n.id, n.conversationId);
      const c = rooms.byId(n.conversationId);
      if (c && rooms.open?.id !== c.id) c.mentionCount += 1;
    }),
    socket.on('notifications.read', (e) => {
      if (e.payload.all) {
        for (const c of rooms.list) c.mentionCount = 0;
        roomOf.clear();
        return;
      }
      for (const id of e.payload.ids ?? []) {
        const roomId = roomOf.get(id);
        if (roomId === undefined) continue;
        roomOf.delete(id);
        const c = rooms.byId(roomId);
        if (c && c.mentionCount > 0) c.mentionCount -= 1;
      }
    }),
    socket.on('unread', (e) => {
      const counts = e.payload.conversations ?? {};
      for (const c of rooms.list)
        if (!counts[String(c.id)] && c.mentionCount > 0) c.mentionCount = 0;
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
