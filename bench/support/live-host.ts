/**
 * The Hearth server under test, in its own process: createForumServer on the seeded data
 * folder (rate limits off, bcrypt cost 10), plus the stats probe. Started by bench/live.ts.
 * Usage: node --import tsx --expose-gc bench/support/live-host.ts <dataDir> [liveTuningJson]
 */
import { createForumServer, type ForumServer, type ForumServerOptions } from '../../server/index';
import { listenLowPort, serveProbe } from './server-probe';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: live-host.ts <dataDir> [liveTuningJson]');
// Checked by createForumServer's own schema (an unknown or bad field fails the start).
const live = JSON.parse(process.argv[3] ?? '{}') as ForumServerOptions['live'];

let server: ForumServer | undefined;
const port = await listenLowPort(async (p) => {
  server = await createForumServer({
    dataDir,
    host: '127.0.0.1',
    port: p,
    rateLimit: false,
    staticDir: null,
    logLevel: 'error',
    bcryptCost: 10,
    ...(live ? { live } : {}),
  });
});
serveProbe({
  connections: () => server?.live.stats().connections ?? 0,
  stop: async () => {
    await server?.close();
  },
});
process.send?.({ type: 'ready', port });
