import { createForumServer, type ForumServer, type ForumServerOptions } from '../../server/index';
import { listenLowPort, serveProbe } from './server-probe';

/**
 * The Hearth server under test, as the bench hosts run it in their own process:
 * createForumServer on the seeded data folder (rate limits off, bcrypt cost 10, quiet log)
 * on a low port, plus the stats probe. Resolves with the port.
 */
export async function startBenchServer(
  dataDir: string,
  live?: ForumServerOptions['live'],
): Promise<number> {
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
  return port;
}

/**
 * The server in this process on the seeded `dataDir` (any port, rate limits off, quiet log),
 * for the in-process micro-measures that call its services directly (`server.context`).
 */
export function inProcessForum(dataDir: string): Promise<ForumServer> {
  return createForumServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    rateLimit: false,
    staticDir: null,
    logLevel: 'error',
    setup: 'first-signup',
  });
}
