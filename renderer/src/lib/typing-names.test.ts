import { describe, expect, it } from 'vitest';
import { conversationLabel, typingLine } from './typing-names';

describe('typingLine', () => {
  it('names one or two people, then says several', () => {
    expect(typingLine([])).toBe('');
    expect(typingLine(['ana'])).toBe('ana is typing');
    expect(typingLine(['ana', 'ben'])).toBe('ana and ben are typing');
    expect(typingLine(['ana', 'ben', 'cy'])).toBe('several people are typing');
  });
  it('labels rooms with # and groups by name', () => {
    expect(conversationLabel({ kind: 'room', name: 'General' })).toBe('# General');
    expect(conversationLabel({ kind: 'group', name: 'ana, ben' })).toBe('ana, ben');
  });
});
