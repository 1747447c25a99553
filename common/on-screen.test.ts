import { describe, expect, it } from 'vitest';
import { isEventOnScreen, kindOfRoute } from './on-screen';

describe('kindOfRoute', () => {
  it('classifies routes', () => {
    expect(kindOfRoute('#/chat/alice')).toBe('chat');
    expect(kindOfRoute('#/post/42')).toBe('post');
    expect(kindOfRoute('#/chat')).toBe('other');
    expect(kindOfRoute('#/room/4')).toBe('room');
    expect(kindOfRoute('#/rooms')).toBe('other');
  });
});

describe('isEventOnScreen', () => {
  it('matches a post with its sub-views and a trailing slash', () => {
    expect(isEventOnScreen('#/post/42', '#/post/42/')).toBe(true);
    expect(isEventOnScreen('#/post/4', '#/post/42')).toBe(false);
    expect(isEventOnScreen('#/post/42', '#/post/42/comments')).toBe(true);
    expect(isEventOnScreen('#/chat/al', '#/chat/alice')).toBe(false);
  });
  it('a message is on screen only in its own conversation', () => {
    expect(isEventOnScreen('#/chat/alice', '#/chat/alice')).toBe(true);
    expect(isEventOnScreen('#/chat/alice', '#/chat/bob')).toBe(false);
    expect(isEventOnScreen('#/chat/alice', '#/notifications')).toBe(false);
    expect(isEventOnScreen('#/chat/alice', '#/')).toBe(false);
  });
  it('(rooms) a group or room message is on screen only in that room, wherever it is scrolled', () => {
    expect(isEventOnScreen('#/room/4', '#/room/4')).toBe(true);
    expect(isEventOnScreen('#/room/4', '#/room/4/')).toBe(true);
    expect(isEventOnScreen('#/room/4?message=90', '#/room/4')).toBe(true);
    expect(isEventOnScreen('#/room/4', '#/room/4?message=12')).toBe(true);
    expect(isEventOnScreen('#/room/4', '#/room/41')).toBe(false);
    expect(isEventOnScreen('#/room/4', '#/rooms')).toBe(false);
    expect(isEventOnScreen('#/room/4', '#/notifications')).toBe(false);
    expect(isEventOnScreen('#/room/4', null)).toBe(false);
  });
  it('a post activity is on screen in the live notifications list', () => {
    expect(isEventOnScreen('#/post/42', '#/notifications')).toBe(true);
    expect(isEventOnScreen('#/post/42', '#/notifications/')).toBe(true);
    expect(isEventOnScreen('#/post/42', '#/')).toBe(false);
  });
  it('nothing is on screen when no forum page shows', () => {
    expect(isEventOnScreen('#/post/42', null)).toBe(false);
    expect(isEventOnScreen('#/notifications', null)).toBe(false);
  });
  it('another view matches itself only', () => {
    expect(isEventOnScreen('#/notifications', '#/notifications')).toBe(true);
    expect(isEventOnScreen('#/notifications', '#/post/1')).toBe(false);
  });
});
