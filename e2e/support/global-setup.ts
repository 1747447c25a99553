/**
 * One real forum server for the whole browser E2E run. Specs reach it through
 * HEARTH_E2E_URL (workers inherit the environment set here) and use unique nicknames, so they
 * do not depend on each other.
 */
import { ensureRendererBuilt, startForum } from './forum-server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureRendererBuilt();
  const forum = await startForum({ forumName: 'Hearth' });
  process.env.HEARTH_E2E_URL = forum.url;
  console.log(`e2e: forum server at ${forum.url} (data in ${forum.dataDir})`);
  return () => forum.stop();
}
