/**
 * The server-host lifecycle against the real forum server: server/entry/utility.ts runs in
 * a Node child process (through tsx) in place of Electron's utilityProcess.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostStartConfig } from '@common/host-protocol';
import { createServerHost, type ForkHost, type HostState, type ServerHost } from './server-host';
import WebSocket from 'ws';
import { createHash } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';

const ENTRY = resolve(import.meta.dirname, '../../server/entry/utility.ts');

let dir: string;
let host: ServerHost | null = null;
const children: ChildProcess[] = [];
const logLines: string[] = [];

/** utilityProcess stand-in: a Node child with an IPC channel, loading TypeScript via tsx. */
function nodeFork(entry: string, execArgv = ['--import', 'tsx']): ForkHost {
  return (log) => {
    const proc = fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    children.push(proc);
    const pipe = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) log(line);
    };
    proc.stdout?.on('data', pipe);
    proc.stderr?.on('data', pipe);
    return {
      postMessage: (m) => {
        if (proc.connected) proc.send(m);
      },
      onMessage: (l) => proc.on('message', l),
      onExit: (l) => proc.on('exit', (code) => l(code)),
      kill: () => proc.kill('SIGKILL'),
    };
  };
}

function makeHost(over: Partial<Parameters<typeof createServerHost>[0]> = {}): ServerHost {
  host = createServerHost({
    fork: nodeFork(ENTRY),
    logPath: join(dir, 'logs', 'server.log'),
    appendLog: (line) => logLines.push(line),
    readyTimeoutMs: 30_000,
    backoffMs: (attempt) => 100 * attempt,
    ...over,
  });
  return host;
}

function config(over: Partial<HostStartConfig> = {}): HostStartConfig {
  return {
    dataDir: join(dir, 'forum'),
    host: '127.0.0.1',
    port: 0,
    forumName: 'Test forum',
    ...over,
  };
}

function waitForState(
  h: ServerHost,
  test: (s: HostState) => boolean,
  timeoutMs = 30_000,
): Promise<HostState> {
  return new Promise((resolvePromise, reject) => {
    if (test(h.state())) return resolvePromise(h.state());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting; state is ${JSON.stringify(h.state())}`));
    }, timeoutMs);
    const off = h.onState((s) => {
      if (test(s)) {
        clearTimeout(timer);
        off();
        resolvePromise(s);
      }
    });
  });
}

const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-host-'));
  logLines.length = 0;
});
afterEach(async () => {
  await host?.stop();
  host = null;
  for (const c of children.splice(0)) if (alive(c)) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// Real children that start, crash and restart with backoff: 1–6 s each quiet, over 20 s on a
// loaded machine.
describe('server host lifecycle (real server in a Node child)', { timeout: 60_000 }, () => {
  it('starts with a ready handshake, serves /api/info, and stops gracefully with the WAL checkpointed', async () => {
    const h = makeHost();
    const states: string[] = [];
    h.onState((s) => {
      // Transitions only: a running server also reports its online count (same state).
      if (states.at(-1) !== s.state) states.push(s.state);
    });
    const result = await h.start(config());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(h.state()).toMatchObject({ state: 'running', url: result.url, port: result.port });

    const info = await (await fetch(`${result.url}/api/info`)).json();
    expect(info).toMatchObject({ app: 'hearth', name: 'Test forum' });

    const proc = children[0];
    await h.stop();
    expect(states).toEqual(['starting', 'running', 'stopping', 'stopped']);
    expect(proc?.exitCode).toBe(0);
    // Graceful close: the database is closed, so SQLite checkpointed and removed the WAL.
    const files = readdirSync(join(dir, 'forum'));
    const wal = files.find((f) => f.endsWith('-wal'));
    if (wal) expect(statSync(join(dir, 'forum', wal)).size).toBe(0);
    expect(files.some((f) => f.endsWith('.db') || f.endsWith('.sqlite'))).toBe(true);
    await expect(fetch(`${result.url}/api/info`)).rejects.toThrow();
    expect(logLines.some((l) => l.includes('[host] server closed'))).toBe(true);
  });

  it('reports how many people are online (the tray and launcher "N online")', async () => {
    const h = makeHost();
    const result = await h.start(config());
    if (!result.ok) throw new Error('the server did not start');
    await waitForState(h, (s) => s.state === 'running' && s.online === 0);

    const signup = await fetch(`${result.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        nickname: 'tray_watcher',
        email: 'tray@example.com',
        password: 'correct horse battery',
        firstName: 'Tray',
        lastName: 'Watcher',
        age: 30,
        gender: 'other',
      }),
    });
    expect(signup.status).toBe(201);
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const ws = new WebSocket(`${result.url.replace('http', 'ws')}/ws`, { headers: { cookie } });
    await new Promise((resolveOpen, reject) => {
      ws.once('open', resolveOpen);
      ws.once('error', reject);
    });
    await waitForState(h, (s) => s.state === 'running' && s.online === 1);
    ws.close();
    await waitForState(h, (s) => s.state === 'running' && s.online === 0);
  });

  it('restarts a crashed server with growing backoff on the same port and data', async () => {
    const h = makeHost();
    const first = await h.start(config());
    if (!first.ok) throw new Error(first.message);
    const restarts: HostState[] = [];
    h.onState((s) => s.state === 'restarting' && restarts.push(s));

    children[0]?.kill('SIGKILL');
    await waitForState(h, (s) => s.state === 'restarting');
    const second = await waitForState(h, (s) => s.state === 'running');
    expect(second).toMatchObject({ url: first.url });

    children[1]?.kill('SIGKILL');
    await waitForState(h, (s) => s.state === 'restarting');
    await waitForState(h, (s) => s.state === 'running');
    expect(restarts.map((s) => (s.state === 'restarting' ? [s.attempt, s.inMs] : null))).toEqual([
      [1, 100],
      [2, 200],
    ]);
    const info = await (await fetch(`${first.url}/api/info`)).json();
    expect(info).toMatchObject({ app: 'hearth' });
    expect(children).toHaveLength(3);
  });

  it('gives up after 3 crashes in a minute and names the log', async () => {
    const h = makeHost();
    await h.start(config());
    for (let i = 0; i < 3; i++) {
      await waitForState(h, (s) => s.state === 'running');
      children[i]?.kill('SIGKILL');
      await waitForState(h, (s) => s.state === 'restarting' || s.state === 'failed');
    }
    const failed = await waitForState(h, (s) => s.state === 'failed');
    expect(failed).toMatchObject({ state: 'failed', logPath: join(dir, 'logs', 'server.log') });
    if (failed.state === 'failed') expect(failed.message).toMatch(/stopped 3 times in a minute/);
    // No more restarts are scheduled.
    await new Promise((r) => setTimeout(r, 500));
    expect(children).toHaveLength(3);
    expect(h.state().state).toBe('failed');
  });

  it('counts only crashes inside the window', async () => {
    let clock = 0;
    const h = makeHost({ now: () => clock });
    await h.start(config());
    for (let i = 0; i < 3; i++) {
      await waitForState(h, (s) => s.state === 'running');
      clock += 61_000; // each crash is more than a minute after the previous one
      children[i]?.kill('SIGKILL');
      await waitForState(h, (s) => s.state === 'restarting');
    }
    const state = await waitForState(h, (s) => s.state === 'running');
    expect(state.state).toBe('running');
  });

  it('reports a busy port without restarting', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const h = makeHost();
      const result = await h.start(config({ port }));
      expect(result).toMatchObject({ ok: false, code: 'PORT_IN_USE' });
      if (!result.ok) expect(result.message).toContain(String(port));
      expect(h.state().state).toBe('stopped');
      await new Promise((r) => setTimeout(r, 500));
      expect(children).toHaveLength(1);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it('treats a child that never becomes ready as a crash (ready timeout), then gives up', async () => {
    // A child that stays alive but never says hello.
    const hang = join(dir, 'hang.mjs');
    writeFileSync(hang, 'setInterval(() => {}, 1000);\n');
    const h = makeHost({ fork: nodeFork(hang, []), readyTimeoutMs: 300, backoffMs: () => 50 });
    const result = await h.start(config());
    expect(result).toMatchObject({ ok: false, code: 'FAILED' });
    expect(h.state().state).toBe('failed');
    expect(logLines.filter((l) => l.includes('no ready signal'))).toHaveLength(3);
    // Every hung child was killed.
    await new Promise((r) => setTimeout(r, 200));
    expect(children.every((c) => !alive(c))).toBe(true);
  });

  it('kills a child that ignores stop once the stop timeout has passed', async () => {
    // Does the handshake, then ignores `stop`, SIGTERM and the channel closing.
    const deaf = join(dir, 'deaf.mjs');
    writeFileSync(
      deaf,
      [
        "process.on('SIGTERM', () => {});",
        "process.on('disconnect', () => {});",
        "process.on('message', (m) => {",
        "  if (m.type === 'start') process.send({ type: 'ready', url: 'http://127.0.0.1:9', port: 9 });",
        '});',
        "process.send({ type: 'hello', pid: process.pid });",
        'setInterval(() => {}, 1000);',
        '',
      ].join('\n'),
    );
    const stopTimeoutMs = 1500;
    const h = makeHost({ fork: nodeFork(deaf, []), stopTimeoutMs });
    const result = await h.start(config());
    expect(result).toMatchObject({ ok: true, port: 9 });
    const proc = children[0];
    if (!proc) throw new Error('no child was forked');

    const startedAt = Date.now();
    const stopping = h.stop();
    // Timers never fire early: within the grace period the child is still asked nicely.
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(proc)).toBe(true);
    expect(h.state().state).toBe('stopping');

    await stopping;
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(stopTimeoutMs - 50);
    expect(proc.signalCode).toBe('SIGKILL');
    expect(h.state().state).toBe('stopped');
    expect(logLines.some((l) => l.includes(`did not stop within ${stopTimeoutMs} ms`))).toBe(true);
    // The killed child is not taken for a crash: nothing restarts it.
    await new Promise((r) => setTimeout(r, 300));
    expect(children).toHaveLength(1);
    expect(h.state().state).toBe('stopped');
  });

  it('keeps data across a stop and a new start on the same folder', async () => {
    const h = makeHost();
    const a = await h.start(config());
    if (!a.ok) throw new Error(a.message);
    const signup = await fetch(`${a.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: a.url },
      body: JSON.stringify({
        nickname: 'alice',
        email: 'alice@example.com',
        password: 'correct horse',
        firstName: 'Alice',
        lastName: 'Liddell',
        age: 30,
        gender: 'female',
      }),
    });
    expect(signup.status).toBe(201);
    await h.stop();
    const b = await h.start(config());
    if (!b.ok) throw new Error(b.message);
    const login = await fetch(`${b.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: b.url },
      body: JSON.stringify({ login: 'alice', password: 'correct horse' }),
    });
    expect(login.status).toBe(200);
  });
});

describe('hosting over HTTPS (the host form’s default for new forums)', { timeout: 60_000 }, () => {
  it('reports the certificate and the plain port for old devices; both answer on real sockets', async () => {
    const h = makeHost();
    const plainProbe = createServer();
    await new Promise<void>((r) => plainProbe.listen({ host: '127.0.0.1', port: 0 }, r));
    const httpPort = (plainProbe.address() as AddressInfo).port;
    await new Promise((r) => plainProbe.close(r));

    const result = await h.start(config({ https: true, httpPort }));
    if (!result.ok) throw new Error(`the server did not start: ${result.message}`);
    expect(result.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const state = h.state();
    if (state.state !== 'running') throw new Error('not running');
    expect(state.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(state.plainPort).toBe(httpPort);

    // The plain port serves the same forum; the HTTPS one presents the reported certificate.
    const info = await (await fetch(`http://127.0.0.1:${httpPort}/api/info`)).json();
    expect(info).toMatchObject({ app: 'hearth', name: 'Test forum' });
    const presented = await new Promise<string>((resolvePromise, reject) => {
      const socket = tlsConnect({
        host: '127.0.0.1',
        port: result.port,
        rejectUnauthorized: false,
      });
      socket.on('secureConnect', () => {
        resolvePromise(createHash('sha256').update(socket.getPeerCertificate().raw).digest('hex'));
        socket.end();
      });
      socket.on('error', reject);
    });
    expect(presented).toBe(state.fingerprint);
  });

  it('says which port is taken when the plain-HTTP one is', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen({ host: '127.0.0.1', port: 0 }, r));
    const taken = (busy.address() as AddressInfo).port;
    try {
      const h = makeHost();
      const result = await h.start(config({ https: true, httpPort: taken }));
      expect(result).toMatchObject({
        ok: false,
        code: 'PORT_IN_USE',
        message: `Port ${taken} is already in use on 127.0.0.1.`,
      });
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });
});
