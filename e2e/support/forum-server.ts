/**
 * Starts the real forum server (createForumServer) on a free port with a temp data folder,
 * serving the built UI from out/renderer. Used by the Playwright global setup and bench/ui.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { packageCommand } from '../../build/node-bin.mjs';
import type { ForumServer, ForumServerOptions } from '../../server/index';

type ServerModule = typeof import('../../server/index');

/**
 * The server is TypeScript written for Vite/tsx (e.g. a JSON import without an import
 * attribute), which Playwright's own loader rejects; tsx loads it as `npm run host` does.
 */
async function loadServer(): Promise<ServerModule> {
  return (await tsImport('../../server/index.ts', import.meta.url)) as ServerModule;
}

export const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_OUT = join(ROOT, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when out/renderer is missing or older than its sources. */
export function ensureRendererBuilt(log: (msg: string) => void = console.log): void {
  const index = join(RENDERER_OUT, 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'renderer')),
    newestMtime(join(ROOT, 'common')),
    statSync(join(ROOT, 'electron.vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('e2e: out/renderer is missing or stale, building it (electron-vite build)…');
  // Node runs electron-vite's JS entry: `npx` is npx.cmd on Windows, which needs a shell.
  const { command, args, options } = packageCommand({
    root: ROOT,
    pkg: 'electron-vite',
    args: ['build'],
  });
  execFileSync(command, args, { ...options, cwd: ROOT, stdio: 'inherit' });
}

export interface RunningForum {
  server: ForumServer;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The forum's owner, made by setup; specs sign their own people up as members. */
export const E2E_OWNER = {
  nickname: 'e2e_owner',
  email: 'e2e_owner@example.com',
  password: 'correct horse battery',
  firstName: 'Forum',
  lastName: 'Owner',
  age: 40,
  gender: 'prefer-not-to-say',
} as const;

/**
 * A new forum needs setup before anyone signs up: done here through the API with the token
 * the server made (as a script would with --setup-token-file), with Hearth's usual eight
 * categories and a dedicated owner. A forum restarted on its data folder is already set up.
 */
async function completeSetup(server: ForumServer, forumName: string): Promise<void> {
  const token = server.setupToken();
  if (token === null) return;
  const res = await fetch(`${server.url}/api/forum/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      forum: { name: forumName, description: '' },
      template: 'general',
      owner: E2E_OWNER,
    }),
  });
  if (res.status !== 201) throw new Error(`forum setup failed: ${res.status} ${await res.text()}`);
}

export interface StartForumOptions extends ForumServerOptions {
  /** False: leave a new forum NOT set up (the setup screens' tests), token in setupToken(). */
  setUp?: boolean;
}

export async function startForum(allOptions: StartForumOptions = {}): Promise<RunningForum> {
  const { setUp = true, ...options } = allOptions;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'hearth-e2e-'));
  const { createForumServer } = await loadServer();
  const server = await createForumServer({
    host: '127.0.0.1',
    port: 0,
    rateLimit: false,
    staticDir: RENDERER_OUT,
    logLevel: 'warn',
    ...options,
    dataDir,
  });
  // An HTTPS forum (lan.spec.ts): this process's fetch trusts its certificate, as a person would.
  if (server.certificate) {
    const pem = readFileSync(server.certificate.certPath, 'utf8');
    setDefaultCACertificates([...getCACertificates('default'), pem]);
  }
  if (setUp) await completeSetup(server, server.context.config.forumName);
  return {
    server,
    url: server.url,
    dataDir,
    async stop() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
