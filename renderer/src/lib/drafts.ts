/**
 * Drafts of every composer (issue 13): per conversation, per post's comment box, and the
 * new-post form. Kept in this browser's localStorage, so they survive navigation, reloads and
 * restarts of the app, under a key naming the forum (its address: the UI is served by the
 * forum it talks to) and the user, so two forums or two accounts never see each other's.
 * Sending clears the draft.
 */
export type DraftScope =
  /** A private conversation, by the person (it is the one conversation with them). */
  | `chat:${number}`
  /** A group or room, by its conversation id: each has its own draft. */
  | `conversation:${number}`
  | `comment:${number}`
  | 'new-post';

const PREFIX = 'hearth.draft';

export function draftKey(userId: number, scope: DraftScope, forum = location.host): string {
  return `${PREFIX}.${forum}.${userId}.${scope}`;
}

export function loadDraft(userId: number, scope: DraftScope): string {
  try {
    return localStorage.getItem(draftKey(userId, scope)) ?? '';
  } catch {
    return '';
  }
}

/** An empty (or blank) text removes the draft. */
export function saveDraft(userId: number, scope: DraftScope, text: string): void {
  try {
    if (text.trim() === '') localStorage.removeItem(draftKey(userId, scope));
    else localStorage.setItem(draftKey(userId, scope), text);
  } catch {
    // Storage full or disabled: the composer still holds the text.
  }
}

export function clearDraft(userId: number, scope: DraftScope): void {
  saveDraft(userId, scope, '');
}
