/**
 * Builds the renderer once for the whole run (when out/renderer is missing or stale). Each
 * worker then starts its own forum server (the `forumUrl` fixture in fixtures.ts).
 * `HEARTH_E2E_STARTED=<file>`: touches that file as the tests begin (.ci/run starts its
 * Node 24 unit tests then, alongside the browser tests).
 */
import { writeFileSync } from 'node:fs';
import { ensureRendererBuilt } from './forum-server';

export default function globalSetup(): void {
  ensureRendererBuilt();
  const started = process.env.HEARTH_E2E_STARTED;
  if (started) writeFileSync(started, `${new Date().toISOString()}\n`);
}
