/**
 * Chat drafts (private conversations, groups and rooms) the sidebar shows ("Draft: …"), read from and written to lib/drafts.ts by
 * the composer; one reactive record per page, so the list follows the composer as it types.
 */
import { loadDraft, saveDraft, type DraftScope } from '../lib/drafts';

class ChatDrafts {
  #text = $state<Record<string, string>>({});

  /**
   * User `userId`'s draft in a conversation ('' when none): `chat:<peer>` for a private one,
   * `conversation:<id>` for a group or room.
   */
  get(userId: number, scope: DraftScope): string {
    // Never written here: a read may happen inside a $derived, where state must not change.
    return this.#text[`${userId}:${scope}`] ?? loadDraft(userId, scope);
  }

  set(userId: number, scope: DraftScope, text: string): void {
    this.#text[`${userId}:${scope}`] = text.trim() === '' ? '' : text;
    saveDraft(userId, scope, text);
  }
}

export const chatDrafts = new ChatDrafts();
