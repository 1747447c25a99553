import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, draftKey, loadDraft, saveDraft } from './drafts';

const store = new Map<string, string>();
beforeEach(() => {
  store.clear();
  globalThis.localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
    clear: () => store.clear(),
    key: () => null,
    length: 0,
  } as Storage;
  globalThis.location = { host: 'forum.lan:8080' } as Location;
});

describe('drafts', () => {
  it('are kept per forum, user and composer, and cleared when empty or sent', () => {
    saveDraft(1, 'comment:7', 'half a thought');
    saveDraft(1, 'chat:3', 'see you');
    saveDraft(2, 'comment:7', 'someone else');
    expect(loadDraft(1, 'comment:7')).toBe('half a thought');
    expect(loadDraft(1, 'chat:3')).toBe('see you');
    expect(loadDraft(2, 'comment:7')).toBe('someone else');
    expect(loadDraft(1, 'comment:8')).toBe('');
    expect(store.has(draftKey(1, 'comment:7', 'forum.lan:8080'))).toBe(true);
    expect(store.has(draftKey(1, 'comment:7', 'other.lan:8080'))).toBe(false);
    saveDraft(1, 'comment:7', '   ');
    expect(loadDraft(1, 'comment:7')).toBe('');
    clearDraft(1, 'chat:3');
    expect(store.size).toBe(1);
  });
});
