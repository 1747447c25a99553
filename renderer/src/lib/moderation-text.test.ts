import { describe, expect, it } from 'vitest';
import type { ModerationLogEntry } from '@common/api';
import { actionVerb, entryDetail } from './moderation-text';

const entry = (over: Partial<ModerationLogEntry>): ModerationLogEntry => ({
  id: 1,
  at: '2026-12-05T10:00:00.000Z',
  actor: { id: 1, nickname: 'mo' },
  action: 'post.pin',
  targetType: 'post',
  targetId: 4,
  targetUser: { id: 2, nickname: 'ann' },
  reason: null,
  detail: null,
  ...over,
});

describe('moderation log text', () => {
  it('names known actions and passes unknown ones through', () => {
    expect(actionVerb('post.lock')).toBe('locked');
    expect(actionVerb('user.suspend')).toBe('suspended');
    expect(actionVerb('something.new')).toBe('something.new');
  });
  it('reads the detail of suspensions, role changes and categories', () => {
    expect(entryDetail(entry({ action: 'user.suspend', detail: { until: null } }))).toBe(
      'indefinitely',
    );
    expect(
      entryDetail(entry({ action: 'user.role', detail: { from: 'member', to: 'moderator' } })),
    ).toBe('member → moderator');
    expect(
      entryDetail(
        entry({ action: 'category.create', targetType: 'category', detail: { name: 'Chess' } }),
      ),
    ).toBe('“Chess”');
    expect(entryDetail(entry({}))).toBeNull();
  });
});
