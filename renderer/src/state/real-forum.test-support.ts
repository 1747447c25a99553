/**
 * For renderer state tests that run the real forum server (the library itself, not
 * server/test/harness, which is Node-only code checked without the DOM library): one server
 * per test file on port 0 with a temp data folder, cleanup callbacks run after each test
 * (with stubbed globals undone), and the server closed and its folder removed at the end.
 * vitest.config.ts makes the first sign-up own the forum.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { createForumServer, type ForumServer } from '../../../server/index';

export interface RealForum {
  /** The running server (from beforeAll on). */
  readonly server: ForumServer;
  /** Run after each test, then emptied. */
  readonly cleanup: (() => void)[];
}

/** Registers the hooks; call once at the top of a test file. */
export function useRealForum(name: string): RealForum {
  let srv: ForumServer | undefined;
  let dataDir = '';
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `hearth-${name}-`));
    srv = await createForumServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      bcryptCost: 4,
      rateLimit: false,
      staticDir: null,
      logLevel: 'warn',
    });
  });
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
    vi.unstubAllGlobals();
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get server(): ForumServer {
      if (!srv) throw new Error('the forum server starts in beforeAll');
      return srv;
    },
    cleanup,
  };
}
