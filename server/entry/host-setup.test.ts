/**
 * A new forum set up without a browser, against the real host process (`npm run host`):
 * it prints the setup address with the token, writes the token to --setup-token-file, and
 * POST /api/forum/setup with it makes the owner; sign-up is refused before and works after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ForumState, Me } from '../../common/api';
import { errorOf, signupBody, tempDataDir, TestClient } from '../test/harness';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = tempDataDir();
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startHost(args: string[]): Promise<{ url: string; output: () => string }> {
  // The default setup mode, as a person running `npm run host` gets it.
  const { HEARTH_SETUP: _mode, ...env } = process.env;
  const c = spawn(process.execPath, ['--import', 'tsx', 'server/entry/host.ts', ...args], {
    cwd: ROOT,
    env: { ...env, HEARTH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = c;
  let out = '';
  c.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 45_000;
  for (;;) {
    const m = /This machine:\s+(http:\/\/\S+)/.exec(out);
    if (m?.[1] && /Press Ctrl\+C/.test(out)) return { url: m[1], output: () => out };
    if (c.exitCode !== null) throw new Error(`host exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`host did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm run host on a new forum', () => {
  it('prints the setup address with its token, and a script sets the forum up with the token file', async () => {
    const tokenFile = join(dataDir, 'setup-token');
    const host = await startHost([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      '--setup-token-file',
      tokenFile,
    ]);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The host prints the setup notice in a write of its own after the banner.
    await expect
      .poll(() => host.output(), { timeout: 10_000 })
      .toContain(`${host.url}/#/setup?token=${token}`);

    const anyone = new TestClient(host.url);
    expect((await anyone.get<ForumState>('/api/forum')).json.setupRequired).toBe(true);
    const early = await anyone.post('/api/auth/signup', signupBody());
    expect(early.status).toBe(409);
    expect(errorOf(early).code).toBe('SETUP_REQUIRED');
    const guess = await anyone.post('/api/forum/setup', {
      token: 'guessed',
      forum: { name: 'LAN night', description: '' },
      template: 'lan-party',
      owner: signupBody({ nickname: 'neighbour' }),
    });
    expect(guess.status).toBe(403);

    const owner = new TestClient(host.url);
    const res = await owner.post<Me>('/api/forum/setup', {
      token,
      forum: { name: 'LAN night', description: 'Saturday, bring a cable' },
      template: 'lan-party',
      owner: signupBody({ nickname: 'host_owner' }),
    });
    expect(res.status, res.text).toBe(201);
    expect((await owner.get<ForumState>('/api/forum')).json).toMatchObject({
      setupRequired: false,
      name: 'LAN night',
      role: 'owner',
    });
    expect((await anyone.post('/api/auth/signup', signupBody())).status).toBe(201);
    const reuse = await new TestClient(host.url).post('/api/forum/setup', {
      token,
      forum: { name: 'Mine now', description: '' },
      template: 'empty',
      owner: signupBody({ nickname: 'late_one' }),
    });
    expect(reuse.status).toBe(409);
  });
});
