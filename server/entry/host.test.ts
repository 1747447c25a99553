/**
 * The headless host as a real child process: durability across kill -9, graceful stop,
 * and the messages a person sees. Runs from source (`node --import tsx`), the same code the
 * bundle (out/main/host.js) is built from.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Post, PostPage } from '../../common/api';
import { openDb } from '../../db/open-db';
import { signupBody, tempDataDir, TestClient } from '../test/harness';

const ROOT = join(import.meta.dirname, '..', '..');
const children = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Host {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

function runHost(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/entry/host.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, HEARTH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => out, exit };
}

async function startHost(args: string[]): Promise<Host> {
  const h = runHost(args);
  const deadline = Date.now() + 45_000;
  for (;;) {
    const m = /This machine:\s+(http:\/\/\S+)/.exec(h.output());
    if (m?.[1]) return { ...h, url: m[1] };
    if (h.child.exitCode !== null) throw new Error(`host exited early:\n${h.output()}`);
    if (Date.now() > deadline) throw new Error(`host did not start:\n${h.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm run host', () => {
  it('keeps all 500 acknowledged writes through kill -9, and the file passes integrity_check', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const args = ['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--no-rate-limit'];
    const first = await startHost(args);
    expect(first.output()).toContain('Rate limits are OFF');
    const client = new TestClient(first.url);
    expect(
      (await client.post('/api/auth/signup', signupBody({ nickname: 'durable' }))).status,
    ).toBe(201);

    // 500 writes, 10 in flight at a time; only a 201 counts as acknowledged.
    const acknowledged: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 500) {
          const n = next++;
          const res = await client.post<Post>('/api/posts', {
            title: `write ${n}`,
            body: 'must survive',
            categoryIds: [1],
          });
          expect(res.status).toBe(201);
          acknowledged.push(res.json.id);
        }
      }),
    );
    expect(acknowledged).toHaveLength(500);

    first.child.kill('SIGKILL');
    expect(await first.exit).toBeNull(); // killed, no clean shutdown
    expect(existsSync(join(dataDir, 'hearth.db-wal'))).toBe(true);

    // Straight from the file the killed process left: every write is there, nothing torn.
    const db = openDb(join(dataDir, 'hearth.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT COUNT(*) FROM posts WHERE body = 'must survive'").pluck().get()).toBe(
      500,
    );
    db.close();

    // And through the API after a restart on the same folder.
    const second = await startHost(args);
    const reader = new TestClient(second.url);
    await reader.post('/api/auth/login', { login: 'durable', password: 'correct horse battery' });
    const seen = new Set<number>();
    let before: number | null = null;
    do {
      const page: PostPage = (
        await reader.get<PostPage>(`/api/posts?limit=100${before ? `&before=${before}` : ''}`)
      ).json;
      for (const p of page.items) seen.add(p.id);
      before = page.nextBefore;
    } while (before !== null);
    expect([...acknowledged].sort((a, b) => a - b)).toEqual([...seen].sort((a, b) => a - b));

    // A clean stop: exit 0, WAL checkpointed into the main file.
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(second.output()).toContain(
      'Stopped: connections closed, database checkpointed and closed.',
    );
    const wal = join(dataDir, 'hearth.db-wal');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const after = openDb(join(dataDir, 'hearth.db'), { readonly: true });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  }, 120_000);

  it('stops cleanly on SIGINT with exit code 0', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const host = await startHost([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      '--name',
      'Quiet one',
    ]);
    expect(host.output()).toContain('the forum "Quiet one" is running');
    expect(host.output()).toContain(`Database:      ${join(dataDir, 'hearth.db')}`);
    expect(host.output()).toContain(
      'On the LAN:    not visible (listening on 127.0.0.1 only; use --host 0.0.0.0 to share)',
    );
    const info = await new TestClient(host.url).get<{ name: string }>('/api/info');
    expect(info.json.name).toBe('Quiet one');
    host.child.kill('SIGINT');
    expect(await host.exit).toBe(0);
  }, 60_000);

  it('explains a port in use and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    try {
      const h = runHost(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir]);
      expect(await h.exit).toBe(1);
      expect(h.output()).toContain(
        `Port ${port} is already in use on 127.0.0.1: another Hearth, or another program, is listening there. ` +
          `Stop it, or pick another port: npm run host -- --port ${port + 1}`,
      );
      expect(h.output()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('rejects bad arguments with exit code 2, and prints help with 0', async () => {
    const bad = runHost(['--port', 'eighty']);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toBe(
      '--port must be a whole number from 0 to 65535 (got "eighty").\nRun with --help to see the options.\n',
    );
    const help = runHost(['--help']);
    expect(await help.exit).toBe(0);
    expect(help.output()).toMatch(/^Usage: npm run host -- \[options\]/);
  }, 60_000);
});
