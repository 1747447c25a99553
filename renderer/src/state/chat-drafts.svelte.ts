/**
 * Chat drafts the people list shows ("Draft: …"), read from and written to lib/drafts.ts by
 * the composer; one reactive record per page, so the list follows the composer as it types.
 */
import { loadDraft, saveDraft } from '../lib/drafts';

class ChatDrafts {
  #text = $state<Record<string, string>>({});

  /** The draft to peer `peerId` of user `userId` ('' when none). */
  get(userId: number, peerId: number): string {
    // Never written here: a read may happen inside a $derived, where state must not change.
    return this.#text[`${userId}:${peerId}`] ?? loadDraft(userId, `chat:${peerId}`);
  }

  set(userId: number, peerId: number, text: string): void {
    this.#text[`${userId}:${peerId}`] = text.trim() === '' ? '' : text;
    saveDraft(userId, `chat:${peerId}`, text);
  }
}

export const chatDrafts = new ChatDrafts();
