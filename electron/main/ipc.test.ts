import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { LauncherBridge } from '@common/desktop';
import { DESKTOP_BRIDGE, LAUNCHER_BRIDGE } from '../ipc-contract';
import {
  checkSender,
  createIpc,
  registerBridge,
  type BridgeHandlers,
  type IpcEventLike,
  type IpcMainLike,
  type TrustContext,
} from './ipc';
import { DESKTOP_ARGS, LAUNCHER_ARGS } from './ipc-schemas';

const FORUM = 'http://192.168.1.20:4000';
const LAUNCHER = 'file:///opt/Hearth/resources/app.asar/out/renderer/launcher.html';
const WINDOW_ID = 7;

function ctx(forum: string | null = FORUM): TrustContext {
  return { forumOrigin: () => forum, launcherUrl: LAUNCHER, windowId: () => WINDOW_ID };
}

function event(
  url: string,
  over: { parent?: unknown; id?: number; noFrame?: boolean } = {},
): IpcEventLike {
  return {
    sender: { id: over.id ?? WINDOW_ID },
    senderFrame: over.noFrame ? null : { url, parent: over.parent ?? null },
  };
}

/** A stand-in for ipcMain that records listeners so tests can call them like Electron does. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => void>();
  const ipcMain: IpcMainLike = {
    handle: (channel, l) => void handlers.set(channel, l),
    on: (channel, l) => void listeners.set(channel, l),
  };
  return {
    ipcMain,
    invoke: async (channel: string, e: IpcEventLike, ...args: unknown[]) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`no handler for ${channel}`);
      return h(e, ...args);
    },
    send: (channel: string, e: IpcEventLike, ...args: unknown[]) =>
      listeners.get(channel)?.(e, ...args),
  };
}

describe('checkSender', () => {
  it.each([
    ['forum page at the server origin', event(`${FORUM}/#/chat/alice`), 'forum', true],
    ['launcher page', event(`${LAUNCHER}#/join`), 'launcher', true],
  ] as const)('trusts the %s', (_name, e, audience, ok) => {
    expect(checkSender(e, audience, ctx()).ok).toBe(ok);
  });

  it.each([
    ['another origin', event('http://192.168.1.66:4000/'), 'forum'],
    ['another port on the same host', event('http://192.168.1.20:4001/'), 'forum'],
    ['a look-alike host', event('http://192.168.1.20.evil.example:4000/'), 'forum'],
    ['a subframe at the server origin', event(`${FORUM}/`, { parent: {} }), 'forum'],
    ['a destroyed frame', event(`${FORUM}/`, { noFrame: true }), 'forum'],
    ['another webContents at the server origin', event(`${FORUM}/`, { id: 99 }), 'forum'],
    ['the launcher calling a forum channel', event(LAUNCHER), 'forum'],
    ['the forum calling a launcher channel', event(`${FORUM}/`), 'launcher'],
    [
      'another local file calling a launcher channel',
      event('file:///tmp/launcher.html'),
      'launcher',
    ],
    ['a remote page named launcher.html', event(`${FORUM}/launcher.html`), 'launcher'],
  ] as const)('refuses %s', (_name, e, audience) => {
    expect(checkSender(e, audience, ctx()).ok).toBe(false);
  });

  it('refuses forum calls when no forum is open', () => {
    expect(checkSender(event(`${FORUM}/`), 'forum', ctx(null)).ok).toBe(false);
  });
});

describe('createIpc', () => {
  it('runs a handler for a trusted sender with parsed arguments', async () => {
    const fake = fakeIpcMain();
    const ipc = createIpc(fake.ipcMain, ctx(), () => {});
    const handler = vi.fn(([n]: [number]) => n * 2);
    ipc.handle('x:double', 'forum', z.tuple([z.number().int()]), handler);
    await expect(fake.invoke('x:double', event(`${FORUM}/`), 21)).resolves.toBe(42);
    expect(handler).toHaveBeenCalledOnce();
  });

  it('rejects an untrusted sender before the handler runs, and logs why', async () => {
    const fake = fakeIpcMain();
    const log = vi.fn();
    const ipc = createIpc(fake.ipcMain, ctx(), log);
    const handler = vi.fn(() => 'secret');
    ipc.handle('x:get', 'forum', z.tuple([]), handler);
    await expect(fake.invoke('x:get', event('http://evil.example/'))).rejects.toThrow(
      /not allowed/,
    );
    expect(handler).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining('origin not trusted: http://evil.example'),
    );
  });

  it('rejects bad arguments from a trusted sender', async () => {
    const fake = fakeIpcMain();
    const ipc = createIpc(fake.ipcMain, ctx(), () => {});
    const handler = vi.fn();
    ipc.handle('x:port', 'launcher', z.tuple([z.number().int().min(1)]), handler);
    await expect(fake.invoke('x:port', event(LAUNCHER), 'not a number')).rejects.toThrow(
      /invalid arguments/,
    );
    await expect(fake.invoke('x:port', event(LAUNCHER), 1, 'extra')).rejects.toThrow(
      /invalid arguments/,
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it('drops a send() from an untrusted sender and delivers a trusted one', () => {
    const fake = fakeIpcMain();
    const ipc = createIpc(fake.ipcMain, ctx(), () => {});
    const handler = vi.fn();
    ipc.on('x:count', 'forum', z.tuple([z.number()]), handler);
    fake.send('x:count', event('http://evil.example/'), 5);
    fake.send('x:count', event(`${FORUM}/`, { parent: {} }), 5);
    fake.send('x:count', event(`${FORUM}/`), 'five');
    expect(handler).not.toHaveBeenCalled();
    fake.send('x:count', event(`${FORUM}/#/`), 5);
    expect(handler).toHaveBeenCalledWith([5], expect.anything());
  });

  it('follows the forum origin as the window switches forums', async () => {
    let origin: string | null = FORUM;
    const fake = fakeIpcMain();
    const ipc = createIpc(fake.ipcMain, { ...ctx(), forumOrigin: () => origin }, () => {});
    ipc.handle('x:ping', 'forum', z.tuple([]), () => 'pong');
    await expect(fake.invoke('x:ping', event(`${FORUM}/`))).resolves.toBe('pong');
    origin = 'http://10.0.0.9:4000';
    await expect(fake.invoke('x:ping', event(`${FORUM}/`))).rejects.toThrow();
    await expect(fake.invoke('x:ping', event('http://10.0.0.9:4000/'))).resolves.toBe('pong');
  });
});

describe('registerBridge', () => {
  function launcherHandlers(): BridgeHandlers<LauncherBridge> {
    const fail = () => Promise.reject(new Error('not in this test'));
    return {
      getState: fail,
      checkPort: async (port, lanVisible) =>
        port === 4000 && lanVisible ? { free: true } : fail(),
      chooseDataDir: fail,
      host: fail,
      testConnection: fail,
      join: fail,
      open: fail,
      remove: fail,
      showLog: () => {},
      copyText: () => {
        throw new Error('clipboard gone');
      },
      trustAndJoin: fail,
      diagnose: fail,
      addFirewallRule: fail,
    };
  }

  it('registers every launcher call on its contract channel, guarded and parsed', async () => {
    const fake = fakeIpcMain();
    const log = vi.fn();
    const ipc = createIpc(fake.ipcMain, ctx(), log);
    registerBridge(ipc, 'launcher', LAUNCHER_BRIDGE, LAUNCHER_ARGS, launcherHandlers());
    await expect(
      fake.invoke(LAUNCHER_BRIDGE.checkPort.channel, event(LAUNCHER), 4000, true),
    ).resolves.toEqual({ free: true });
    await expect(
      fake.invoke(LAUNCHER_BRIDGE.checkPort.channel, event(LAUNCHER), 70000, true),
    ).rejects.toThrow(/invalid arguments/);
    await expect(
      fake.invoke(LAUNCHER_BRIDGE.checkPort.channel, event(`${FORUM}/`), 4000, true),
    ).rejects.toThrow(/not allowed/);
    // Events are main → page: nothing is registered for them.
    await expect(
      fake.invoke(LAUNCHER_BRIDGE.onHostStatus.channel, event(LAUNCHER)),
    ).rejects.toThrow(/no handler/);
  });

  it('logs a send whose handler fails instead of throwing into ipcMain', () => {
    const fake = fakeIpcMain();
    const log = vi.fn();
    const ipc = createIpc(fake.ipcMain, ctx(), log);
    registerBridge(ipc, 'launcher', LAUNCHER_BRIDGE, LAUNCHER_ARGS, launcherHandlers());
    expect(() =>
      fake.send(LAUNCHER_BRIDGE.copyText.channel, event(LAUNCHER), 'text'),
    ).not.toThrow();
    expect(log).toHaveBeenCalledWith('[ipc] launcher:copy-text failed: clipboard gone');
  });

  it('the forum bridge takes a notification with extra keys, passing on only the declared ones', () => {
    const fake = fakeIpcMain();
    const ipc = createIpc(fake.ipcMain, ctx(), () => {});
    const notify = vi.fn();
    registerBridge(ipc, 'forum', DESKTOP_BRIDGE, DESKTOP_ARGS, {
      notify,
      setUnreadCount: () => {},
      getInfo: async () => ({ version: '1', hosting: null }),
      switchForum: () => {},
    });
    const n = { title: 't', body: 'b', route: '#/', tag: 'x' };
    fake.send(DESKTOP_BRIDGE.notify.channel, event(`${FORUM}/`), { ...n, onclick: 'evil' });
    expect(notify).toHaveBeenCalledWith(n);
  });
});
