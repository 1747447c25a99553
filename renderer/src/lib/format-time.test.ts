import { describe, expect, it } from 'vitest';
import { dayLabel, localDayKey, messageTime, relativeTime, timeFormat } from './format-time';

const now = Date.parse('2025-06-15T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('relativeTime', () => {
  it('says just now for under 45 s', () => {
    expect(relativeTime(ago(10_000), now)).toBe('just now');
  });
  it('uses minutes, hours and days', () => {
    expect(relativeTime(ago(5 * 60_000), now)).toMatch(/5 min/);
    expect(relativeTime(ago(3 * 3_600_000), now)).toMatch(/3 h/);
    // Words, not abbreviations with full stops ("2 min. ago", "3 hr. ago").
    expect(relativeTime(ago(5 * 60_000), now)).not.toMatch(/\./);
    expect(relativeTime(ago(2 * 86_400_000), now)).toMatch(/2 days|2 days ago/);
  });
  it('falls back to a date after a week', () => {
    expect(relativeTime('2025-03-02T10:00:00Z', now)).toMatch(/Mar/);
    expect(relativeTime('2023-03-02T10:00:00Z', now)).toMatch(/2023/);
  });
  it('returns empty for garbage', () => {
    expect(relativeTime('nope', now)).toBe('');
  });
});

describe('messageTime', () => {
  it('shows the time only for today, and a day otherwise', () => {
    const local = new Date(now);
    const morning = new Date(local.getFullYear(), local.getMonth(), local.getDate(), 0, 5);
    expect(messageTime(morning.toISOString(), now)).not.toMatch(/Yesterday|Jun/);
    const yesterday = new Date(morning.getTime() - 3_600_000);
    expect(messageTime(yesterday.toISOString(), now)).toMatch(/^Yesterday /);
    expect(messageTime('2025-01-02T10:00:00Z', now)).toMatch(/Jan/);
  });
});

describe('timeFormat', () => {
  const early = new Date(2025, 5, 15, 1, 44);
  const late = new Date(2025, 5, 15, 13, 4);
  it('writes a 12-hour clock without a leading zero', () => {
    expect(timeFormat('en-US').format(early)).toMatch(/^1:44\s?AM$/);
    expect(timeFormat('en-US').format(late)).toMatch(/^1:04\s?PM$/);
  });
  it('keeps two-digit hours on a 24-hour clock', () => {
    expect(timeFormat('en-GB').format(early)).toBe('01:44');
    expect(timeFormat('de-DE').format(late)).toBe('13:04');
  });
});

describe('day dividers', () => {
  it('labels today, yesterday, then the weekday and date (the year only when not this one)', () => {
    const local = new Date(now);
    const morning = new Date(local.getFullYear(), local.getMonth(), local.getDate(), 0, 5);
    expect(dayLabel(morning.toISOString(), now)).toBe('Today');
    const lateYesterday = new Date(morning.getTime() - 3_600_000);
    expect(dayLabel(lateYesterday.toISOString(), now)).toBe('Yesterday');
    const older = new Date(local.getFullYear(), 2, 3, 12);
    expect(dayLabel(older.toISOString(), now)).toMatch(/March/);
    expect(dayLabel(older.toISOString(), now)).not.toMatch(/2025/);
    expect(dayLabel('2023-01-02T12:00:00Z', now)).toMatch(/2023/);
    expect(dayLabel('garbage', now)).toBe('');
  });

  it('keys messages by local calendar day', () => {
    const local = new Date(now);
    const a = new Date(local.getFullYear(), local.getMonth(), local.getDate(), 0, 1);
    const b = new Date(local.getFullYear(), local.getMonth(), local.getDate(), 23, 59);
    const c = new Date(b.getTime() + 120_000);
    expect(localDayKey(a.toISOString())).toBe(localDayKey(b.toISOString()));
    expect(localDayKey(b.toISOString())).not.toBe(localDayKey(c.toISOString()));
  });
});
