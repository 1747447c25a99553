import { describe, expect, it } from 'vitest';
import { withoutControlChars } from './paste-clean';

describe('withoutControlChars', () => {
  it('drops C0 controls and DEL, keeps tabs, line breaks and everything else', () => {
    expect(withoutControlChars('a\u0000b\u0007c\u001bd\u007fe')).toBe('abcde');
    expect(withoutControlChars('line 1\r\nline 2\n\tindented')).toBe(
      'line 1\r\nline 2\n\tindented',
    );
    expect(withoutControlChars('émoji 😄 · ▯')).toBe('émoji 😄 · ▯');
  });
});
