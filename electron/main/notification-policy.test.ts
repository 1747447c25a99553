import { describe, expect, it } from 'vitest';
import {
  decideNotification,
  escapeForLibnotify,
  inQuietHours,
  osNotificationText,
  type PolicyInput,
} from './notification-policy';

const noon = new Date(2025, 0, 15, 12, 0);

function input(
  over: Partial<Omit<PolicyInput, 'window'>> & { window?: Partial<PolicyInput['window']> },
): PolicyInput {
  return {
    dnd: over.dnd ?? false,
    quietHours: over.quietHours ?? null,
    now: over.now ?? noon,
    window: { focused: true, visible: true, route: '#/', ...over.window },
  };
}

describe('decideNotification: the matrix', () => {
  const chat = { route: '#/chat/alice' };
  const post = { route: '#/post/42' };
  const other = { route: '#/notifications' };

  // focus × visible view × DND × event kind, every combination with its expected outcome.
  const cases: Array<{
    name: string;
    event: { route: string };
    focused: boolean;
    visible: boolean;
    route: string | null;
    dnd: boolean;
    expected: boolean | 'dnd' | 'visible';
  }> = [];
  const events = [
    ['chat', chat, '#/chat/alice', '#/chat/bob'],
    ['post', post, '#/post/42', '#/post/7'],
    ['other', other, '#/notifications', '#/'],
  ] as const;
  for (const [kind, event, same, different] of events) {
    for (const focused of [true, false]) {
      for (const visible of [true, false]) {
        for (const [view, route] of [
          ['same view', same],
          ['other view', different],
          ['no forum', null],
        ] as const) {
          for (const dnd of [false, true]) {
            const onScreen = focused && visible && view === 'same view';
            cases.push({
              name: `${kind} · ${focused ? 'focused' : 'unfocused'} · ${visible ? 'visible' : 'hidden'} · ${view} · dnd ${dnd ? 'on' : 'off'}`,
              event,
              focused,
              visible,
              route,
              dnd,
              expected: dnd ? 'dnd' : onScreen ? 'visible' : true,
            });
          }
        }
      }
    }
  }

  it.each(cases)('$name', ({ event, focused, visible, route, dnd, expected }) => {
    const decision = decideNotification(event, input({ dnd, window: { focused, visible, route } }));
    if (expected === true) expect(decision).toEqual({ show: true });
    else expect(decision).toEqual({ show: false, reason: expected });
  });

  it('covers all 72 combinations', () => {
    expect(cases).toHaveLength(72);
  });

  // (rooms) A group's or room's message (or a mention in it): seen only in that room.
  it.each([
    ['#/room/4', '#/room/4', true, true, { show: false, reason: 'visible' }],
    ['#/room/4', '#/room/4?message=12', true, true, { show: false, reason: 'visible' }],
    ['#/room/4', '#/room/5', true, true, { show: true }],
    ['#/room/4', '#/rooms', true, true, { show: true }],
    ['#/room/4', '#/notifications', true, true, { show: true }],
    ['#/room/4', '#/room/4', false, true, { show: true }],
    ['#/room/4', '#/room/4', true, false, { show: true }],
    ['#/room/4', null, true, true, { show: true }],
  ] as const)(
    'room %s with %s shown (focused %s, visible %s)',
    (event, route, focused, visible, expected) => {
      expect(
        decideNotification({ route: event }, input({ window: { focused, visible, route } })),
      ).toEqual(expected);
    },
  );

  it('treats a post activity as seen while the live notifications list is open', () => {
    expect(decideNotification(post, input({ window: { route: '#/notifications' } }))).toEqual({
      show: false,
      reason: 'visible',
    });
    // …but a DM is not in that list.
    expect(decideNotification(chat, input({ window: { route: '#/notifications' } }))).toEqual({
      show: true,
    });
  });

  it('quiet hours silence everything, DND wins over them', () => {
    const night = new Date(2025, 0, 15, 23, 30);
    const quietHours = { start: '22:00', end: '07:00' };
    expect(
      decideNotification(chat, input({ now: night, quietHours, window: { focused: false } })),
    ).toEqual({
      show: false,
      reason: 'quiet-hours',
    });
    expect(decideNotification(chat, input({ now: night, quietHours, dnd: true }))).toEqual({
      show: false,
      reason: 'dnd',
    });
    expect(
      decideNotification(chat, input({ now: noon, quietHours, window: { focused: false } })),
    ).toEqual({
      show: true,
    });
  });
});

describe('inQuietHours', () => {
  const at = (h: number, m: number) => new Date(2025, 5, 1, h, m);
  it('handles a range crossing midnight', () => {
    const q = { start: '22:00', end: '07:00' };
    expect(inQuietHours(at(21, 59), q)).toBe(false);
    expect(inQuietHours(at(22, 0), q)).toBe(true);
    expect(inQuietHours(at(3, 0), q)).toBe(true);
    expect(inQuietHours(at(6, 59), q)).toBe(true);
    expect(inQuietHours(at(7, 0), q)).toBe(false);
  });
  it('handles a same-day range', () => {
    const q = { start: '12:30', end: '13:30' };
    expect(inQuietHours(at(12, 29), q)).toBe(false);
    expect(inQuietHours(at(13, 0), q)).toBe(true);
    expect(inQuietHours(at(13, 30), q)).toBe(false);
  });
  it('is off for null, equal bounds or malformed times', () => {
    expect(inQuietHours(at(3, 0), null)).toBe(false);
    expect(inQuietHours(at(3, 0), { start: '08:00', end: '08:00' })).toBe(false);
    expect(inQuietHours(at(3, 0), { start: '25:00', end: '07:00' })).toBe(false);
  });
});

describe('OS text', () => {
  it('escapes libnotify markup in the body on Linux only', () => {
    const n = { title: 'Tom & <Jerry>', body: '<b>hi</b> & "you"' };
    expect(osNotificationText(n, 'linux')).toEqual({
      title: 'Tom & <Jerry>',
      body: '&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;',
    });
    expect(osNotificationText(n, 'win32').body).toBe('<b>hi</b> & "you"');
    expect(escapeForLibnotify("it's")).toBe('it&#39;s');
  });
  it('flattens and clips long text', () => {
    const long = osNotificationText({ title: 't', body: `a\n\nb ${'x'.repeat(500)}` }, 'darwin');
    expect(long.body.startsWith('a b x')).toBe(true);
    expect(long.body).toHaveLength(300);
    expect(long.body.endsWith('…')).toBe(true);
  });
});
