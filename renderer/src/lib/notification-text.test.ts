import { describe, expect, it } from 'vitest';
import { notificationParts } from './notification-text';

const strong = (parts: { text: string; strong: boolean }[]) =>
  parts.filter((p) => p.strong).map((p) => p.text);
const joined = (parts: { text: string }[]) => parts.map((p) => p.text).join('');

describe('notificationParts', () => {
  it('makes the actor and the post title strong, the rest plain', () => {
    const text = 'jonas commented on your post “Why is the sky blue?”';
    const parts = notificationParts({ text, actor: { nickname: 'jonas' } });
    expect(parts).toEqual([
      { text: 'jonas', strong: true },
      { text: ' commented on your post “', strong: false },
      { text: 'Why is the sky blue?', strong: true },
      { text: '”', strong: false },
    ]);
  });

  it('keeps a title with quotes of its own whole, and text after the title plain', () => {
    const text = 'maya posted “He said “hi” twice” in General, Music';
    const parts = notificationParts({ text, actor: { nickname: 'maya' } });
    expect(strong(parts)).toEqual(['maya', 'He said “hi” twice']);
    expect(joined(parts)).toBe(text);
  });

  it('falls back to plain text when the sentence has another shape', () => {
    const parts = notificationParts({ text: 'Welcome to the forum', actor: { nickname: 'sam' } });
    expect(parts).toEqual([{ text: 'Welcome to the forum', strong: false }]);
  });
});
