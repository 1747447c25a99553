/**
 * The desktop launcher page is in the served folder (it shares the renderer build) but is
 * never served: checked with raw request targets against a real server, since fetch and
 * http.request would normalise the very encodings under test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { isLauncherPath, resolvedUiPath } from './static-ui';

const LAUNCHER = 'LAUNCHER-PAGE-MARKER';
let t: TestServer;
const uiDir = mkdtempSync(join(tmpdir(), 'hearth-ui-'));
beforeAll(async () => {
  mkdirSync(join(uiDir, 'assets'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><html><head></head><body>UI</body>');
  writeFileSync(join(uiDir, 'assets', 'app-1234.js'), 'console.log("hi")');
  writeFileSync(join(uiDir, 'launcher.html'), `<!doctype html><title>${LAUNCHER}</title>`);
  t = await startTestServer({ staticDir: uiDir });
});
afterAll(async () => {
  await t.close();
  rmSync(uiDir, { recursive: true, force: true });
});

/** Sends `GET <target>` exactly as written; resolves with the status and the whole answer. */
function rawGet(target: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      // Not end(): a half-closed client gets no answer to a request still in progress.
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`,
      );
    });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () =>
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }),
    );
  });
}

describe('the launcher page is never served', () => {
  it.each([
    '/launcher.html',
    '/LAUNCHER.HTML',
    '/Launcher.Html',
    '/launcher%2ehtml',
    '/launcher%2Ehtml',
    '/%6cauncher.html',
    '/%6C%61%75%6E%63%68%65%72%2E%68%74%6D%6C',
    '/assets/../launcher.html',
    '/assets/%2e%2e/launcher.html',
    '/assets/%2E%2E%2Flauncher.html',
    '/x/..%2flauncher.html',
    '/x/..%2Flauncher.html',
    '/x/..%5clauncher.html',
    '/x/y/..%2f..%2flauncher.html',
    '/./launcher.html',
    '/.%2flauncher.html',
    '//launcher.html',
    '/x\\..\\launcher.html',
    '/launcher.html.',
    '/launcher.html%20',
    '/launcher.html::$DATA',
    '/launcher.html%3a%3a$DATA',
    '/LAUNCH~1.HTM',
    '/launcher.html?x=1',
    '/launcher%252ehtml', // double encoding: decoded once, it names no file
    '/x/..%252flauncher.html',
    '/launcher.html%00',
    '/%E0%A4%A',
  ])('%s', async (target) => {
    const res = await rawGet(target);
    expect(res.text).not.toContain(LAUNCHER);
    // The server still answers (no crash, no hang): a 404, a 400 for a bad request line,
    // or the UI's index page for a double-encoded name that is no file at all.
    expect([200, 400, 404]).toContain(res.status);
    if (res.status === 200) expect(res.text).toContain('<body>UI</body>');
  });

  it('still serves the UI and its assets', async () => {
    expect((await rawGet('/')).text).toContain('<body>UI</body>');
    expect((await rawGet('/post/42')).text).toContain('<body>UI</body>');
    const asset = await rawGet('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.text).toContain('console.log("hi")');
    // Dot segments that stay inside the folder still reach real assets.
    expect((await rawGet('/x/../assets/app-1234.js')).status).toBe(200);
  });
});

describe('resolvedUiPath and isLauncherPath', () => {
  it('decode once, treat backslashes as slashes and resolve dot segments', () => {
    expect(resolvedUiPath('/a/%2e%2e/b')).toBe('/b');
    expect(resolvedUiPath('/a\\..\\b')).toBe('/b');
    expect(resolvedUiPath('/../../etc/passwd')).toBe('/etc/passwd');
    expect(resolvedUiPath('/%252e')).toBe('/%2e');
    expect(resolvedUiPath('/%E0%A4%A')).toBeNull();
    expect(resolvedUiPath('/a%00')).toBeNull();
  });

  it('name the launcher in every spelling, and nothing else', () => {
    expect(isLauncherPath('/x/..%2fLAUNCHER.html. ')).toBe(true);
    expect(isLauncherPath('/launch~12.htm')).toBe(true);
    expect(isLauncherPath('/launcher.html.js')).toBe(false);
    expect(isLauncherPath('/assets/launcher.html')).toBe(false);
    expect(isLauncherPath('/index.html')).toBe(false);
  });
});
