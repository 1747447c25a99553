/**
 * Builds the renderer once for the whole run (when out/renderer is missing or stale). Each
 * worker then starts its own forum server (the `forumUrl` fixture in fixtures.ts).
 */
import { ensureRendererBuilt } from './forum-server';

export default function globalSetup(): void {
  ensureRendererBuilt();
}
