/**
 * The first `npm start` downloads Electron (electron/launch-download.mjs, run by launch.mjs):
 * against a real HTTP mirror on 127.0.0.1 (ELECTRON_MIRROR), it shows progress and fills the
 * cache it names; a missing file, a refused connection and a stalled transfer each end with
 * the facts launch-options' downloadFailure() turns into the cause.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFailure, electronSource, type DownloadFacts } from './launch-options.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const SCRIPT = join(ROOT, 'electron', 'launch-download.mjs');
const { version } = JSON.parse(
  readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'),
) as { version: string };
const ZIP_NAME = `electron-v${version}-${process.platform}-${process.arch}.zip`;

let cache: string;
let server: Server | null = null;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'hearth-electron-cache-'));
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = null;
  rmSync(cache, { recursive: true, force: true });
});

async function mirror(handle: (path: string, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => handle(req.url ?? '/', res));
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Runs the download as launch.mjs does; async so the mirror in this process can answer. */
function download(electronMirror: string, extra: string[] = []) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_MIRROR: electronMirror,
    electron_config_cache: cache,
    // The stand-in zip is checked against the mirror's SHASUMS256.txt, not Electron's own.
    electron_use_remote_checksums: '1',
  };
  delete env.ELECTRON_GET_USE_PROXY;
  const child = spawn(process.execPath, [SCRIPT, ...extra], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ code: number | null; stdout: string; facts: DownloadFacts | null }>((done) =>
    child.on('exit', (code) => {
      let facts: DownloadFacts | null;
      try {
        facts = JSON.parse(stderr.trim().split('\n').pop() ?? '') as DownloadFacts;
      } catch {
        facts = null;
      }
      done({ code, stdout, facts });
    }),
  );
}

describe('downloading Electron on first start', () => {
  it('shows progress and puts the zip in the cache it names', async () => {
    const zip = randomBytes(3_000_000);
    const sha = createHash('sha256').update(zip).digest('hex');
    const url = await mirror((path, res) => {
      if (path === `/v${version}/SHASUMS256.txt`) res.end(`${sha} *${ZIP_NAME}\n`);
      else if (path === `/v${version}/${ZIP_NAME}`) {
        res.setHeader('content-length', zip.length);
        // In pieces, as a network delivers it, so progress has steps to show.
        let sent = 0;
        const next = () => {
          if (sent >= zip.length) return res.end();
          res.write(zip.subarray(sent, sent + 300_000));
          sent += 300_000;
          setTimeout(next, 5);
        };
        next();
      } else res.writeHead(404).end();
    });
    const result = await download(url);
    expect(result.code).toBe(0);
    const progress = result.stdout.split('\n').filter((l) => l.includes('downloading Electron'));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toBe(`hearth: downloading Electron ${version}: 100% (3 MB)`);
    expect(result.stdout).toContain(`is in the cache (${cache}`);
    const cached = readdirSync(cache, { recursive: true, encoding: 'utf8' }).find((f) =>
      f.endsWith(ZIP_NAME),
    );
    expect(cached).toBeDefined();
    // By hash: a deep comparison of 3 MB takes vitest half a minute.
    expect(
      createHash('sha256')
        .update(readFileSync(join(cache, cached ?? '')))
        .digest('hex'),
    ).toBe(sha);
  });

  it('a file the mirror does not have: HTTP 404, told as such', async () => {
    const url = await mirror((_path, res) => res.writeHead(404).end('no'));
    const result = await download(url);
    expect(result.code).toBe(1);
    expect(result.facts?.status).toBe(404);
    expect(downloadFailure(result.facts, electronSource({ ELECTRON_MIRROR: url }))).toBe(
      `HTTP 404 from ${new URL(url).host}: this Electron version is not there (check ELECTRON_MIRROR)`,
    );
  });

  it('a refused connection: ECONNREFUSED', async () => {
    const url = await mirror(() => undefined);
    await new Promise((done) => server?.close(done));
    server = null;
    const result = await download(url);
    expect(result.code).toBe(1);
    expect(result.facts?.code).toBe('ECONNREFUSED');
    expect(downloadFailure(result.facts, electronSource({ ELECTRON_MIRROR: url }))).toMatch(
      /^127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\): check ELECTRON_MIRROR$/,
    );
  });

  it('a transfer that stalls: a timeout, not a hang', async () => {
    const url = await mirror((path, res) => {
      if (path.endsWith('SHASUMS256.txt')) return res.end(`${'0'.repeat(64)} *${ZIP_NAME}\n`);
      res.setHeader('content-length', 1_000_000);
      res.write(Buffer.alloc(1000));
      // ...and nothing more.
    });
    const started = Date.now();
    const result = await download(url, ['--stall-ms', '1000']);
    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.facts).toMatchObject({ code: 'ETIMEDOUT', message: 'no data for 1 s' });
    expect(downloadFailure(result.facts, electronSource({ ELECTRON_MIRROR: url }))).toMatch(
      /^timed out downloading from 127\.0\.0\.1:\d+ \(no data for 1 s\)/,
    );
  });
});

const electronInstalled = existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt'));

describe.skipIf(electronInstalled || process.platform === 'win32')(
  'npm start without an Electron binary',
  () => {
    it('says where it downloads from and into, then why it failed, and falls back', async () => {
      const url = await mirror(() => undefined);
      await new Promise((done) => server?.close(done));
      server = null;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ELECTRON_MIRROR: url,
        electron_config_cache: cache,
        DISPLAY: ':0',
        HEARTH_USER_DATA: join(cache, 'no-profile'),
      };
      delete env.ELECTRON_OVERRIDE_DIST_PATH;
      const result = spawnSync(
        process.execPath,
        [join(ROOT, 'electron', 'launch.mjs'), '--check'],
        {
          env,
          encoding: 'utf8',
        },
      );
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toBe(
        `hearth: downloading Electron ${version} (about 100 MB, first start only) from ${url} (ELECTRON_MIRROR) into the cache ${cache}…`,
      );
      const check = JSON.parse(lines.at(-1) ?? '{}') as { electron: boolean; reason: string };
      expect(check.electron).toBe(false);
      expect(check.reason).toMatch(
        /^the Electron binary is not installed and could not be downloaded: 127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\): check ELECTRON_MIRROR$/,
      );
    });
  },
);
