import { describe, expect, it } from 'vitest';
import { mentionDecision, shouldNotifyMention, type MentionFacts } from './mention-policy';

const base: MentionFacts = { actorId: 1, mentionedId: 2, canSee: true, alreadyTold: false };

describe('mentionDecision', () => {
  it.each<[Partial<MentionFacts>, ReturnType<typeof mentionDecision>]>([
    [{}, 'notify'],
    [{ mentionedId: 1 }, 'self'],
    [{ mentionedId: 1, canSee: false }, 'self'],
    [{ canSee: false }, 'cannot-see'],
    [{ canSee: false, alreadyTold: true }, 'cannot-see'],
    [{ alreadyTold: true }, 'already-told'],
    [{ silenced: true }, 'silenced'],
    [{ silenced: false }, 'notify'],
    [{ canSee: false, silenced: true }, 'cannot-see'],
  ])('%j → %s', (facts, decision) => {
    expect(mentionDecision({ ...base, ...facts })).toBe(decision);
    expect(shouldNotifyMention({ ...base, ...facts })).toBe(decision === 'notify');
  });
});
