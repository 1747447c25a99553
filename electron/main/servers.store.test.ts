import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServersStore } from './servers.store';
import { openSettingsStore } from './settings.store';

let dir: string;
let clock: number;
const now = () => new Date(clock++ * 1000);
const logs: string[] = [];
const log = (m: string) => logs.push(m);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-servers-'));
  clock = 1_700_000_000;
  logs.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const host = { forumName: 'Home', port: 4000, dataDir: '/data/home', lanVisible: true };

describe('servers store', () => {
  it('starts empty without a file', () => {
    const store = openServersStore(dir, log, now);
    expect(store.list()).toEqual([]);
    expect(store.last()).toBeNull();
    expect(store.warnings).toEqual([]);
  });

  it('keeps the last used first, deduplicated by origin or data folder, across reopen', () => {
    const store = openServersStore(dir, log, now);
    store.touch({ kind: 'joined', name: 'Office', url: 'http://10.0.0.5:4000/#/chat' });
    store.touch({ kind: 'hosted', name: 'Home', host });
    store.touch({ kind: 'joined', name: 'Club', url: 'http://10.0.0.9:4000' });
    // Using Office again moves it first, and a path on the URL does not make a new entry.
    store.touch({ kind: 'joined', name: 'Office', url: 'http://10.0.0.5:4000/' });
    expect(store.list().map((s) => s.name)).toEqual(['Office', 'Club', 'Home']);

    const reopened = openServersStore(dir, log, now);
    expect(reopened.list().map((s) => s.name)).toEqual(['Office', 'Club', 'Home']);
    const first = reopened.last();
    expect(first).toMatchObject({ kind: 'joined', url: 'http://10.0.0.5:4000' });
    expect(reopened.list().find((s) => s.kind === 'hosted')).toMatchObject({ host });
  });

  it('removes a server and persists it', () => {
    const store = openServersStore(dir, log, now);
    const club = store.touch({ kind: 'joined', name: 'Club', url: 'http://10.0.0.9:4000' });
    store.touch({ kind: 'hosted', name: 'Home', host });
    expect(store.remove(club.id)).toBe(true);
    expect(store.remove(club.id)).toBe(false);
    expect(
      openServersStore(dir, log, now)
        .list()
        .map((s) => s.name),
    ).toEqual(['Home']);
  });

  it.each([
    ['not JSON', '{"version":1,"servers":['],
    ['wrong shape', '{"version":1,"servers":[{"kind":"joined","id":"x"}]}'],
    ['future version', '{"version":9,"servers":[]}'],
  ])('resets a corrupt file (%s) with a warning, keeping the old file', (_why, content) => {
    writeFileSync(join(dir, 'servers.json'), content);
    const store = openServersStore(dir, log, now);
    expect(store.list()).toEqual([]);
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toMatch(/servers\.json was unreadable .* reset/);
    expect(logs).toEqual(store.warnings);
    const files = readdirSync(dir);
    const backup = files.find((f) => f.startsWith('servers.json.corrupt-'));
    expect(backup).toBeDefined();
    if (backup) expect(readFileSync(join(dir, backup), 'utf8')).toBe(content);
    // The reset file is valid and the store keeps working.
    expect(JSON.parse(readFileSync(join(dir, 'servers.json'), 'utf8'))).toEqual({
      version: 1,
      servers: [],
    });
    store.touch({ kind: 'joined', name: 'Club', url: 'http://10.0.0.9:4000' });
    expect(openServersStore(dir, log, now).list()).toHaveLength(1);
  });

  it('leaves no temp file behind', () => {
    const store = openServersStore(dir, log, now);
    store.touch({ kind: 'joined', name: 'Club', url: 'http://10.0.0.9:4000' });
    expect(readdirSync(dir)).toEqual(['servers.json']);
  });
});

describe('settings store', () => {
  it('has defaults, persists updates and validates them', () => {
    const store = openSettingsStore(dir, log);
    expect(store.get()).toEqual({
      // Not chosen yet: closing hides to the tray only where one shows (tray-support.ts).
      closeToTray: null,
      closeToTrayNoticeShown: false,
      dnd: false,
      quietHours: null,
      startAtLogin: false,
      openLastOnStart: true,
    });
    store.update({ dnd: true, quietHours: { start: '22:00', end: '07:00' } });
    expect(openSettingsStore(dir, log).get()).toMatchObject({
      dnd: true,
      quietHours: { start: '22:00', end: '07:00' },
    });
    expect(() => store.update({ quietHours: { start: '25:00', end: '07:00' } })).toThrow();
  });

  it('fills fields missing from an older file and resets a corrupt one', () => {
    writeFileSync(join(dir, 'settings.json'), '{"dnd":true}');
    expect(openSettingsStore(dir, log).get()).toMatchObject({ dnd: true, closeToTray: null });
    writeFileSync(join(dir, 'settings.json'), 'garbage');
    const store = openSettingsStore(dir, log);
    expect(store.get().dnd).toBe(false);
    expect(store.warnings[0]).toMatch(/settings\.json was unreadable/);
  });
});
