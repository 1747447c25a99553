import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './routes';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['', { name: 'feed' }],
    ['#', { name: 'feed' }],
    ['#/', { name: 'feed' }],
    ['#/new', { name: 'new' }],
    ['#/new/', { name: 'new' }],
    ['#/post/42', { name: 'post', id: 42 }],
    ['#/chat/alice', { name: 'chat', nickname: 'alice' }],
    ['#/chat/a.b-c_d', { name: 'chat', nickname: 'a.b-c_d' }],
    ['#/notifications', { name: 'notifications' }],
    ['#/moderation', { name: 'moderation' }],
    ['#/post/0', { name: 'not-found', path: '/post/0' }],
    ['#/post/abc', { name: 'not-found', path: '/post/abc' }],
    ['#/chat/%E0%A4%A', { name: 'not-found', path: '/chat/%E0%A4%A' }],
    ['#/nope', { name: 'not-found', path: '/nope' }],
    ['#/u/ada', { name: 'profile', nickname: 'ada' }],
    ['#/u/a.b-c_d/', { name: 'profile', nickname: 'a.b-c_d' }],
    ['#/u/%E0%A4%A', { name: 'not-found', path: '/u/%E0%A4%A' }],
    ['#/account', { name: 'account' }],
    ['#/reset/AbC-_09', { name: 'reset', token: 'AbC-_09' }],
    ['#/reset/a%20b', { name: 'not-found', path: '/reset/a%20b' }],
    ['#/setup?token=abc_-9', { name: 'setup', token: 'abc_-9' }],
    ['#/setup', { name: 'setup', token: '' }],
    ['#/settings', { name: 'settings', tab: 'general' }],
    ['#/settings/people', { name: 'settings', tab: 'people' }],
    ['#/settings/categories', { name: 'settings', tab: 'categories' }],
    ['#/settings/nope', { name: 'not-found', path: '/settings/nope' }],
    ['#/rooms', { name: 'rooms' }],
    ['#/room/12', { name: 'room', id: 12 }],
    ['#/room/0', { name: 'not-found', path: '/room/0' }],
    // (issue 12) The feed's filter and a post's comment.
    ['#/?show=mine', { name: 'feed', show: 'mine' }],
    ['#/?show=liked', { name: 'feed', show: 'liked' }],
    ['#/?show=nope', { name: 'feed' }],
    ['#/post/42?comment=7', { name: 'post', id: 42, comment: 7 }],
    ['#/post/42?comment=x', { name: 'post', id: 42 }],
    // An invite link carries the fingerprint too; a damaged code is dropped, not trusted.
    [
      '#/join?invite=AbCdEfGhIjKlMnOpQrStUv&fp=x',
      { name: 'join', invite: 'AbCdEfGhIjKlMnOpQrStUv' },
    ],
    ['#/join?invite=short', { name: 'join', invite: null }],
    ['#/invite', { name: 'invite' }],
    // (issue 13) A conversation opened at a message; a bad one is dropped.
    ['#/chat/alice?message=12', { name: 'chat', nickname: 'alice', message: 12 }],
    ['#/chat/alice?message=0', { name: 'chat', nickname: 'alice' }],
    ['#/room/3?message=40', { name: 'room', id: 3, message: 40 }],
    ['#/room/3?message=x', { name: 'room', id: 3 }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips through routeHref', () => {
    const routes: Route[] = [
      { name: 'feed' },
      { name: 'new' },
      { name: 'post', id: 7 },
      { name: 'chat', nickname: 'bob.smith' },
      { name: 'notifications' },
      { name: 'profile', nickname: 'grace.h' },
      { name: 'account' },
      { name: 'reset', token: 'AbC-_09' },
      { name: 'moderation' },
      { name: 'setup', token: 'x1_y' },
      { name: 'settings', tab: 'general' },
      { name: 'settings', tab: 'categories' },
      { name: 'rooms' },
      { name: 'room', id: 3 },
      { name: 'feed', show: 'liked' },
      { name: 'post', id: 7, comment: 9 },
      { name: 'invite' },
      { name: 'join', invite: 'AbCdEfGhIjKlMnOpQrStUv' },
      { name: 'join', invite: null },
      { name: 'chat', nickname: 'bob.smith', message: 5 },
      { name: 'room', id: 3, message: 8 },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });
});

describe('the feed’s address (issue 13)', () => {
  it('keeps the order and the category, and drops what it does not know', () => {
    expect(parseRoute('#/?sort=activity&category=3')).toEqual({
      name: 'feed',
      sort: 'activity',
      category: 3,
    });
    expect(parseRoute('#/?sort=hot&category=x')).toEqual({ name: 'feed' });
    expect(routeHref({ name: 'feed', sort: 'activity', category: 3 })).toBe(
      '#/?sort=activity&category=3',
    );
    expect(routeHref({ name: 'feed', category: 3 })).toBe('#/?category=3');
    expect(routeHref({ name: 'feed' })).toBe('#/');
  });
});
