import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { httpServerTimeouts } from './config/http-timeouts';
import type { ServerConfig } from './config/server-config';
import { resolveClients } from './http/client-ip';
import { expressHttpClasses, isExpressApp } from './http/express-objects';
import type { HostCertificate } from './tls/certificate';

/** In-flight requests get this long to finish when closing before connections are cut. */
const CLOSE_GRACE_MS = 3000;

/** Where this machine reaches a listener on `host` (every interface: the loopback). */
export function localUrl(host: string, port: number, https = false): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${https ? 'https' : 'http'}://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Listens, or rejects with the error (its `code`: EADDRINUSE, EACCES…). */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port });
  });
}

/**
 * The forum's HTTP or HTTPS server and, for HTTPS with "also serve HTTP for old devices",
 * a plain-HTTP one on a port of its own: the same app, its upgrades handed to the first
 * (the one live layer reads the scheme from each request, as for a proxy). Not listening yet.
 */
export function createListeners(
  config: ServerConfig,
  app: RequestListener,
  cert: HostCertificate | null,
): { httpServer: Server; plainServer: Server | null } {
  // An https.Server is a tls.Server running Node's HTTP machinery: the same request and
  // upgrade events, timeouts and close methods as an http.Server, which is all that is used.
  // (http/express-objects.ts) Requests and responses born with Express's prototypes.
  const classes = isExpressApp(app) ? expressHttpClasses(app) : {};
  const options = { ...httpServerTimeouts(config.http), ...classes };
  const httpServer: Server = cert
    ? (createHttpsServer(
        { ...options, cert: cert.certPem, key: cert.keyPem },
        app,
      ) as unknown as Server)
    : createServer(options, app);
  resolveClients(httpServer, config.trustProxy);
  const plainServer: Server | null =
    cert && config.httpPort !== null ? createServer(options, app) : null;
  if (plainServer) {
    resolveClients(plainServer, config.trustProxy);
    plainServer.on('upgrade', (req, socket, head) => httpServer.emit('upgrade', req, socket, head));
  }
  return { httpServer, plainServer };
}

/** Stops accepting; in-flight requests get CLOSE_GRACE_MS before their connections are cut. */
export function closeListeners(servers: readonly (Server | null)[]): Promise<void> {
  return Promise.all(
    servers.map(
      (s) =>
        s &&
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeIdleConnections();
          setTimeout(() => s.closeAllConnections(), CLOSE_GRACE_MS).unref();
        }),
    ),
  ).then(() => undefined);
}
