import { describe, expect, it } from 'vitest';
import { focusCommentNext, openingComment, takeCommentFocus } from './comment-focus';

describe('comment focus', () => {
  it('is taken once, and only by the post it was set for', () => {
    focusCommentNext(4, 40);
    expect(takeCommentFocus(5)).toBeNull();
    focusCommentNext(4, 40);
    expect(takeCommentFocus(4)).toBe(40);
    expect(takeCommentFocus(4)).toBeNull();
  });

  it('opens at the asked comment, else the first new one since the last visit', () => {
    expect(openingComment(7, 3, [1, 3, 5, 7])).toBe(7);
    expect(openingComment(null, 3, [1, 3, 5, 7])).toBe(5);
    expect(openingComment(null, 7, [1, 3, 5, 7])).toBeNull();
    expect(openingComment(null, null, [1, 3])).toBeNull();
    expect(openingComment(null, 0, [1, 3])).toBe(1);
  });
});
