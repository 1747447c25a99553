/**
 * (rooms) Group and room messages alert by their level, against the real server over the UI's
 * own socket client and state (ChatState, RoomsState, AttentionState as Shell.svelte builds
 * them): a group on every message, a public room only when it mentions me (by default), "all"
 * on every message, mute on none; a mention alerts once (its notification, not the message as
 * well). The window is in the background with the desktop bridge, so every alert is an OS
 * notification, recorded in order; the page and the bridge are stand-ins, the rest is real.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DesktopBridge, DesktopNotification } from '@common/desktop';
import type { ConversationSummary } from '@common/conversations';
import { AttentionState } from './attention.svelte';
import { ChatState } from './chat.svelte';
import { useRealForum, until } from './real-forum.test-support';
import { RoomsState } from './rooms.svelte';
import type { RouterState } from './router.svelte';
import { ToastState } from './toasts.svelte';

const forum = useRealForum('roomalerts');

function stubBackgroundDesktop(): DesktopNotification[] {
  const notified: DesktopNotification[] = [];
  vi.stubGlobal(
    'document',
    Object.assign(new EventTarget(), {
      visibilityState: 'hidden',
      hasFocus: () => false,
      title: '',
    }),
  );
  const desktop: Pick<DesktopBridge, 'notify' | 'setUnreadCount' | 'onNavigate'> = {
    notify: (n) => notified.push(n),
    setUnreadCount: () => undefined,
    onNavigate: () => () => undefined,
  };
  vi.stubGlobal('window', { desktop, isSecureContext: true, focus: () => undefined });
  return notified;
}

describe('alerts for groups and rooms follow their level', () => {
  it('group: every message; room: mentions only, then all; mute: nothing; a mention once', async () => {
    const owner = await forum.signup(); // owns the forum: makes the room
    const ann = await forum.signup();
    const bob = await forum.signup();
    const room = await owner.client.call<ConversationSummary>('POST', '/api/conversations', {
      kind: 'room',
      name: 'lobby',
    });
    for (const p of [ann, bob]) {
      await p.client.call('POST', `/api/conversations/${room.id}/members`, {
        userIds: [p.user.id],
      });
    }
    const group = await bob.client.call<ConversationSummary>('POST', '/api/conversations', {
      kind: 'group',
      name: 'Band',
      members: [ann.user.id, owner.user.id],
    });

    const notified = stubBackgroundDesktop();
    forum.sameOriginFetch(ann.client);
    const socket = forum.socketFor(ann.client);
    const router = { current: { name: 'feed' }, go: () => undefined } as unknown as RouterState;
    const chat = new ChatState(socket, ann.user.id);
    const rooms = new RoomsState(socket, ann.user);
    const attention = new AttentionState(
      socket,
      router,
      chat,
      new ToastState(),
      ann.user.id,
      rooms,
      ann.user.nickname,
    );
    forum.cleanup.push(() => {
      attention.destroy();
      rooms.destroy();
      chat.destroy();
    });
    const arrived: string[] = [];
    socket.on('chat.message', (e) => arrived.push(e.payload.body));
    await socket.ready;
    await chat.loadRoster();
    await rooms.load();
    expect(rooms.byId(room.id)?.notify).toBe('mentions');
    expect(rooms.byId(group.id)?.notify).toBe('all');

    const bobs = forum.socketFor(bob.client);
    await bobs.ready;
    let n = 0;
    const say = async (conversationId: number, body: string) => {
      bobs.send({ type: 'chat.send', payload: { conversationId, body, clientId: `b${++n}` } });
      await until(() => arrived.includes(body), body);
    };

    await say(room.id, 'plain room talk'); // mentions only: quiet
    await say(group.id, 'group talk'); // a group: alerted
    await say(room.id, `hi @${ann.user.nickname}`); // the mention's notification alerts, once
    await until(() => notified.length === 2, 'the mention');
    await rooms.setPrefs(room.id, { notify: 'all' });
    await say(room.id, 'now all'); // "all": alerted
    await rooms.setPrefs(group.id, { muted: true });
    await say(group.id, 'muted talk'); // muted: quiet
    await rooms.setPrefs(room.id, { notify: 'none' });
    await say(room.id, `quiet @${ann.user.nickname}`); // "nothing": not even a mention
    // A private message last: once it has alerted, everything before it has been handled.
    bobs.send({
      type: 'chat.send',
      payload: { to: ann.user.id, body: 'sentinel', clientId: 'dm' },
    });
    await until(() => notified.some((x) => x.body === 'sentinel'), 'the sentinel');

    expect(notified.map((x) => ({ title: x.title, body: x.body, route: x.route }))).toEqual([
      { title: 'Band', body: `${bob.user.nickname}: group talk`, route: `#/room/${group.id}` },
      {
        title: `${bob.user.nickname} mentioned you`,
        body: `${bob.user.nickname} mentioned you in a message`,
        // A notification opens the room at the message (issue 13).
        route: expect.stringMatching(new RegExp(`^#/room/${room.id}\\?message=\\d+$`)),
      },
      { title: '# lobby', body: `${bob.user.nickname}: now all`, route: `#/room/${room.id}` },
      { title: bob.user.nickname, body: 'sentinel', route: `#/chat/${bob.user.nickname}` },
    ]);
  });
});
