/**
 * Discovery between two machines, for real: two network namespaces made here, joined by a
 * veth pair (nothing else: no traffic leaves them and loopback). In one, the headless host
 * announces its forum; in the other, a browser finds it, reaches it over the veth, and sees
 * it withdrawn when the host shuts down. Needs root and `ip` (CI has both); skips with the
 * reason printed where namespaces cannot be made. Every namespace is deleted afterwards,
 * even on failure.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoundForum } from '../../common/lan';
import { tempDataDir } from '../test/harness';
import { until } from '../test/ws-client';

const ROOT = join(import.meta.dirname, '..', '..');
const tag = `${process.pid % 100000}`;
const NS_A = `hearth-a-${tag}`;
const NS_B = `hearth-b-${tag}`;
const VETH_A = `hva${tag}`;
const VETH_B = `hvb${tag}`;
const ADDR_A = '10.231.7.1';
const ADDR_B = '10.231.7.2';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // Cleanup of something that may not exist.
  }
}

/** Makes the two namespaces and their link, or says why it cannot. */
function makeNamespaces(): string | null {
  if (process.platform !== 'linux') return 'network namespaces exist on Linux only';
  if (process.getuid?.() !== 0) return 'making network namespaces needs root';
  try {
    ip('netns', 'add', NS_A);
    ip('netns', 'add', NS_B);
    ip('link', 'add', VETH_A, 'type', 'veth', 'peer', 'name', VETH_B);
    ip('link', 'set', VETH_A, 'netns', NS_A);
    ip('link', 'set', VETH_B, 'netns', NS_B);
    for (const [ns, dev, addr] of [
      [NS_A, VETH_A, ADDR_A],
      [NS_B, VETH_B, ADDR_B],
    ] as const) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev);
      ip('-n', ns, 'link', 'set', dev, 'up', 'multicast', 'on');
      // mDNS goes to 224.0.0.251: without a default route it needs one of its own.
      ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', dev);
    }
    return null;
  } catch (err) {
    removeNamespaces();
    const detail =
      err instanceof Error && 'stderr' in err ? String(err.stderr).trim() : String(err);
    return `cannot make network namespaces here (${detail})`;
  }
}

function removeNamespaces(): void {
  // Deleting a namespace deletes the veth end inside it, and so the pair.
  tryIp('netns', 'del', NS_A);
  tryIp('netns', 'del', NS_B);
  tryIp('link', 'del', VETH_A);
}

const children = new Set<ChildProcess>();
function runIn(
  ns: string,
  args: string[],
  opts: { env?: Record<string, string>; stdin?: boolean } = {},
): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, HEARTH_LOG_LEVEL: 'info', ...opts.env },
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  return { child, out: () => out, exited };
}

function lastList(out: string): FoundForum[] | null {
  const lines = out.split('\n').filter((l) => l.startsWith('['));
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as FoundForum[]) : null;
}

const skipReason = makeNamespaces();
if (skipReason) console.log(`[skip] LAN discovery between namespaces: ${skipReason}`);
const dataDir = tempDataDir();
const dataDir2 = tempDataDir();

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  removeNamespaces();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(dataDir2, { recursive: true, force: true });
});

// Two hosts' processes, their discovery and its throttled announcements: ~12 s quiet, over 20 s
// on a loaded machine (its waits allow up to 45 s for a step).
describe.skipIf(skipReason !== null)(
  'LAN discovery between two hosts (network namespaces)',
  { timeout: 120_000 },
  () => {
    beforeAll(() => {
      // The namespaces reach each other over the veth and nowhere else.
      const routes = execFileSync('ip', ['-n', NS_A, 'route', 'show']).toString();
      expect(routes).not.toMatch(/^default/m);
    });

    it('finds the announced forum, reaches it, and sees it withdrawn when the host stops', async () => {
      const browse = runIn(NS_B, ['server/test/lan-browse.ts']);
      await until(() => browse.out().includes('browsing'), 'the browser to start', 30_000);

      const host = runIn(NS_A, [
        'server/entry/host.ts',
        '--port',
        '4747',
        '--host',
        '0.0.0.0',
        '--data-dir',
        dataDir,
        '--name',
        'Garden club',
        '--https',
      ]);
      await until(
        () => /Announced:\s+yes/.test(host.out()) || host.child.exitCode !== null,
        'the host',
        45_000,
      );
      expect(host.out()).toMatch(/Announced:\s+yes/);

      await until(
        () => (lastList(browse.out()) ?? []).length === 1,
        'the forum to be found',
        20_000,
      );
      const [found] = lastList(browse.out())!;
      expect(found).toMatchObject({
        url: `https://${ADDR_A}:4747`,
        https: true,
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      });
      expect(found!.forumId).toMatch(/^[0-9a-f]{12}$/);
      expect(found!.name).toBe('Garden club');

      // The address found works from the other namespace (the certificate is the host's own).
      const reach = runIn(NS_B, [
        '-e',
        `fetch(${JSON.stringify(`${found!.url}/api/forum`)}).then(r => r.json()).then(j => console.log('FORUM', JSON.stringify(j)), e => console.log('FAIL', e.cause?.code ?? e.message))`,
      ]);
      await reach.exited;
      expect(reach.out()).toMatch(/FAIL (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);

      host.child.kill('SIGTERM');
      expect(await host.exited).toBe(0);
      // The goodbye removes it at once, long before the records' TTL (75 s and more).
      await until(() => lastList(browse.out())?.length === 0, 'the forum to be withdrawn', 5000);
      browse.child.kill('SIGTERM');
      await browse.exited;
    });

    it('follows the forum without a restart: people online (throttled), a rename, the count hidden', async () => {
      const browse = runIn(NS_B, ['server/test/lan-browse.ts']);
      await until(() => browse.out().includes('browsing'), 'the browser to start', 30_000);
      const host = runIn(
        NS_A,
        ['server/entry/host.ts', '--port', '4748', '--data-dir', dataDir2, '--name', 'Book club'],
        { env: { HEARTH_SETUP: 'first-signup' } },
      );
      const forums = () => lastList(browse.out()) ?? [];
      await until(() => forums()[0]?.name === 'Book club', 'the forum to be found', 45_000);
      expect(forums()[0]).toMatchObject({ url: `http://${ADDR_A}:4748`, online: 0 });

      const drive = runIn(NS_B, ['server/test/lan-drive.ts', `http://${ADDR_A}:4748`], {
        stdin: true,
      });
      await until(() => drive.out().includes('driving'), 'the driver to start', 30_000);
      const step = async (cmd: string) => {
        drive.child.stdin!.write(`${cmd}\n`);
        await until(() => drive.out().includes(` ${cmd}\n`), cmd, 15_000);
        expect(drive.out()).toContain(`ok ${cmd}\n`);
      };
      await step('signup');
      await step('connect');
      // Someone came online: the count is re-announced within the 10 s gap plus a 2 s look.
      await until(() => forums()[0]?.online === 1, 'one person online to be announced', 15_000);

      // A rename goes out at once: the old instance says goodbye, the new one is found.
      const renamedAt = Date.now();
      await step('rename Reading circle');
      await until(
        () => forums().length === 1 && forums()[0]?.name === 'Reading circle',
        'the new name',
        5000,
      );
      expect(Date.now() - renamedAt).toBeLessThan(5000);
      expect(forums()[0]).toMatchObject({ online: 1, url: `http://${ADDR_A}:4748` });

      await step('hide-online');
      await until(() => forums()[0]?.online === null, 'the count to be hidden', 5000);
      expect(forums()[0]?.name).toBe('Reading circle');

      drive.child.stdin!.end();
      await drive.exited;
      host.child.kill('SIGTERM');
      expect(await host.exited).toBe(0);
      await until(() => forums().length === 0, 'the forum to be withdrawn', 5000);
      browse.child.kill('SIGTERM');
      await browse.exited;
    });
  },
);
