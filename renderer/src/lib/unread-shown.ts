/**
 * Which of the server's unread counts to show. A message that arrives in the conversation being
 * read live (open at its latest, everything before read, the window looked at: the message list
 * says so) is read as it lands: the server counts it (an `unread` event) until the client's
 * `chat.read` comes back as another `unread` event a moment later. Showing the count there
 * would flash a badge for a message already on screen, so that one conversation shows 0. A
 * conversation opened with unread messages further up is not read live: its count goes down
 * as they come on screen (issue 13). Nothing is counted here: every number is the server's, or 0.
 */
export interface UnreadEntry {
  id: number;
  unread: number;
}

export function shownUnread(entry: UnreadEntry, openId: number | null, visible: boolean): number {
  return visible && entry.id === openId ? 0 : entry.unread;
}

export function shownUnreadTotal(
  entries: readonly UnreadEntry[],
  openId: number | null,
  visible: boolean,
): number {
  return entries.reduce((n, e) => n + shownUnread(e, openId, visible), 0);
}
