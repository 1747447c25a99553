import { describe, expect, it } from 'vitest';
import type { DesktopBridge, HostStatus, LauncherBridge } from '@common/desktop';
import { DESKTOP_BRIDGE, LAUNCHER_BRIDGE } from '../ipc-contract';
import { buildBridge, type IpcRendererLike } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const calls: Array<[string, string, unknown[]]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      calls.push(['invoke', channel, args]);
      return `result of ${channel}`;
    },
    send: (channel, ...args) => void calls.push(['send', channel, args]),
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, payload);
  };
  return { ipc, calls, emit, count: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

describe('buildBridge', () => {
  it('gives the forum page every DesktopBridge method, on the contract channels', async () => {
    const fake = fakeIpcRenderer();
    const desktop = buildBridge<DesktopBridge>(fake.ipc, DESKTOP_BRIDGE);
    const n = { title: 'alice', body: 'hi', route: '#/chat/alice', tag: 'chat-1' };
    desktop.notify(n);
    desktop.setUnreadCount(3);
    desktop.switchForum();
    expect(await desktop.getInfo()).toBe('result of desktop:get-info');
    expect(fake.calls).toEqual([
      ['send', 'desktop:notify', [n]],
      ['send', 'desktop:set-unread-count', [3]],
      ['send', 'desktop:switch-forum', []],
      ['invoke', 'desktop:get-info', []],
    ]);
    expect(Object.keys(desktop).sort()).toEqual(Object.keys(DESKTOP_BRIDGE).sort());
  });

  it('passes the payload alone to a subscriber, and unsubscribes', () => {
    const fake = fakeIpcRenderer();
    const desktop = buildBridge<DesktopBridge>(fake.ipc, DESKTOP_BRIDGE);
    const routes: string[] = [];
    const off = desktop.onNavigate((route) => routes.push(route));
    fake.emit('desktop:navigate', '#/post/4');
    off();
    fake.emit('desktop:navigate', '#/post/5');
    expect(routes).toEqual(['#/post/4']);
    expect(fake.count('desktop:navigate')).toBe(0);
  });

  it('refuses a subscription without a callback', () => {
    const desktop = buildBridge<DesktopBridge>(fakeIpcRenderer().ipc, DESKTOP_BRIDGE);
    expect(() => desktop.onNavigate(undefined as never)).toThrow(TypeError);
  });

  it('gives the launcher invokes with their arguments and the host-status event', async () => {
    const fake = fakeIpcRenderer();
    const launcher = buildBridge<LauncherBridge>(fake.ipc, LAUNCHER_BRIDGE);
    await launcher.checkPort(4000, true);
    launcher.copyText('http://192.168.1.20:4000');
    const statuses: HostStatus[] = [];
    launcher.onHostStatus((s) => statuses.push(s));
    fake.emit('launcher:host-status', { state: 'starting' });
    expect(fake.calls).toEqual([
      ['invoke', 'launcher:check-port', [4000, true]],
      ['send', 'launcher:copy-text', ['http://192.168.1.20:4000']],
    ]);
    expect(statuses).toEqual([{ state: 'starting' }]);
  });

  it('uses each channel once across both bridges', () => {
    const channels = [...Object.values(DESKTOP_BRIDGE), ...Object.values(LAUNCHER_BRIDGE)].map(
      (e) => e.channel,
    );
    expect(new Set(channels).size).toBe(channels.length);
  });
});
