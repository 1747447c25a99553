import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeDb } from '../db/open-db';
import { resolveServerConfig, type ForumServerOptions } from './config/server-config';
import type { ServerContext } from './context';
import { createContext } from './create-context';
import { createApp } from './http/app';
import { attachLiveServer, type LiveServer } from './live/live-server';
import { closeListeners, createListeners, listen, localUrl } from './listeners';
import { openStorage } from './open-storage';
import { startEventLogPruner } from './store/event-log-pruner';
import { startRevisionPurger, type RevisionPurger } from './store/revision-purger';
import { startWalCheckpointer } from './store/wal-checkpointer';
import { createLogger } from './logging/logger';
import type { AdvertFacts } from './lan/advert';
import { announceForum } from './lan/forum-announcement';
import { loadOrCreateCertificate, type HostCertificate } from './tls/certificate';
import { version as appVersion } from '../package.json';

export interface ForumServer {
  /** Where this machine reaches the server, e.g. `http://127.0.0.1:4000`. */
  url: string;
  port: number;
  /** The interface it listens on (0.0.0.0 means every interface). */
  host: string;
  dataDir: string;
  dbPath: string;
  /**
   * This forum's session cookie name, `hearth_<forum id>`: fixed for the data folder, and
   * different for every forum, so forums sharing a host keep separate sessions.
   */
  sessionCookieName: string;
  /** The HTTP server, for attaching an `upgrade` handler (the WebSocket live layer). */
  httpServer: Server;
  /** Services, stores, event bus and config; the live layer builds on these. */
  context: ServerContext;
  /** The WebSocket live layer at /ws (hub, stats). */
  live: LiveServer;
  /** Purges deleted items' revisions after 30 days (hourly; `runOnce` for tests). */
  revisionPurger: RevisionPurger;
  /**
   * While the forum has no owner (and `setup` is `token`): the one-time setup token, and the
   * address of the setup page with it (`<url>/#/setup?token=…`, as Jupyter prints its
   * token). Null once set up. The desktop app hands the address to its own window.
   */
  setupToken(): string | null;
  setupUrl(): string | null;
  /** Stops accepting, ends connections, checkpoints and closes the database. Idempotent. */
  close(): Promise<void>;
  /** The forum's id (its cookie name's tail): invites and LAN announcements carry it. */
  forumId: string;
  /**
   * Over HTTPS: the certificate's SHA-256 (hex; invites carry it, the desktop app pins it),
   * its public key's hash (Chromium's `--ignore-certificate-errors-spki-list`), where it is
   * kept, and when it expires. Null over plain HTTP.
   */
  certificate: Pick<HostCertificate, 'sha256' | 'spkiSha256' | 'certPath' | 'notAfter'> | null;
  /** Whether the forum is being announced on the LAN (mDNS `_hearth._tcp`). */
  advertising: boolean;
  /**
   * HTTPS with "also serve HTTP for old devices": the second, plain-HTTP listener (its own
   * port; the same app, sessions and live layer). Null otherwise.
   */
  plainHttp: { port: number; url: string; server: Server } | null;
}

/**
 * The one composition root: resolves the config, opens and migrates the database, starts
 * the hashing threads, builds the services and the Express app, and listens. Nothing in
 * server/ does any of this at import time. Errors keep their `code` (EADDRINUSE, EACCES…)
 * so callers can explain them.
 */
export async function createForumServer(options: ForumServerOptions = {}): Promise<ForumServer> {
  const config = resolveServerConfig(options);
  const log = createLogger('server', {
    level: config.logLevel,
    ...(config.logSink ? { sink: config.logSink } : {}),
  });

  const { db, hasher } = await openStorage(config, log);
  // Checkpoints in a worker thread: an automatic one inside a commit stalls the event loop.
  const checkpointer = await startWalCheckpointer(db, {
    everyMs: 500,
    ...(config.sqliteNativeBinding ? { nativeBinding: config.sqliteNativeBinding } : {}),
    log: log.scoped('db'),
  });

  const context = createContext(config, log, db, hasher);
  if (config.setup === 'token' && context.forum.setupRequired()) {
    const token = context.setupToken.make();
    if (config.setupTokenFile) {
      try {
        writeFileSync(config.setupTokenFile, `${token}\n`, { mode: 0o600 });
      } catch (err) {
        await hasher.close();
        await checkpointer.stop();
        closeDb(db);
        throw err;
      }
    }
    log.info('the forum needs setup: open the setup address the host printed');
  }
  const pruner = startEventLogPruner(context.events, {
    retentionMs: config.live.eventRetentionMs,
    maxRows: config.live.eventMaxRows,
    log: log.scoped('db'),
  });
  const revisionPurger = startRevisionPurger(context.stores.revisions, {
    clock: config.clock,
    log: log.scoped('db'),
  });
  let cert: HostCertificate | null = null;
  if (config.https) {
    try {
      cert = await loadOrCreateCertificate(config.dataDir, { commonName: config.forumName });
    } catch (err) {
      pruner.stop();
      revisionPurger.stop();
      await checkpointer.stop();
      await hasher.close();
      closeDb(db);
      throw err;
    }
    if (cert.status !== 'kept') {
      log.info(`certificate ${cert.status}: ${cert.certPath} (back it up with the database)`, {
        sha256: cert.sha256,
      });
    }
  }
  // Old devices (HTTPS with a plain-HTTP port too): its upgrades reach the one live layer.
  const { httpServer, plainServer } = createListeners(config, createApp(context), cert);
  const live = attachLiveServer(context, httpServer);

  try {
    await listen(httpServer, config.host, config.port);
    if (plainServer) await listen(plainServer, config.host, config.httpPort ?? 0);
  } catch (err) {
    if (httpServer.listening) httpServer.close();
    await live.close();
    pruner.stop();
    revisionPurger.stop();
    await checkpointer.stop();
    await hasher.close();
    closeDb(db);
    throw err;
  }
  httpServer.on('error', (err) => log.error('http server error', { err }));
  plainServer?.on('error', (err) => log.error('plain http server error', { err }));
  context.sessions.startSweeper();

  const port = (httpServer.address() as AddressInfo).port;
  const url = localUrl(config.host, port, cert !== null);
  const forumId = context.sessions.cookie.name.slice('hearth_'.length);
  const advertFacts = (): AdvertFacts => ({
    name: context.forum.settings().name,
    forumId,
    version: appVersion,
    port,
    https: cert !== null,
    online: context.invites.showOnline() ? live.stats().online : null,
  });
  const announcement = announceForum(
    config.advertise,
    advertFacts,
    context.publisher,
    log.scoped('lan'),
  );
  if (config.rateLimit === false) {
    log.warn(
      'Rate limits are OFF (rateLimit: false, --no-rate-limit or HEARTH_RATE_LIMIT=off): use this only for load tests and benchmarks.',
    );
  }
  if (config.bcryptCost < 10) {
    log.warn(`bcrypt cost is ${config.bcryptCost}: below 10 is only for tests.`);
  }
  log.info('forum server listening', { url, host: config.host, db: config.dbPath });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      context.sessions.stopSweeper();
      // Withdrawn first: nobody should be sent to a forum that is going away.
      await announcement.stop();
      // Upgraded sockets are not the HTTP server's to close: the live layer ends them first.
      await live.close();
      await closeListeners([httpServer, plainServer]);
      await hasher.close();
      await context.search.close();
      // Posts and comments still queued for their group commit (a request cut at the grace
      // period): stored before the database closes.
      context.writer.flushGrouped();
      pruner.stop();
      revisionPurger.stop();
      await checkpointer.stop();
      closeDb(db);
      log.info('forum server closed');
    })());

  return {
    url,
    port,
    host: config.host,
    dataDir: config.dataDir,
    dbPath: config.dbPath,
    sessionCookieName: context.sessions.cookie.name,
    httpServer,
    context,
    live,
    revisionPurger,
    forumId,
    certificate: cert
      ? {
          sha256: cert.sha256,
          spkiSha256: cert.spkiSha256,
          certPath: cert.certPath,
          notAfter: cert.notAfter,
        }
      : null,
    advertising: announcement.advertising,
    plainHttp: plainServer
      ? {
          port: (plainServer.address() as AddressInfo).port,
          url: localUrl(config.host, (plainServer.address() as AddressInfo).port),
          server: plainServer,
        }
      : null,
    setupToken: () => (context.forum.setupRequired() ? context.setupToken.current : null),
    setupUrl: () => {
      const token = context.forum.setupRequired() ? context.setupToken.current : null;
      return token === null ? null : setupAddress(url, token);
    },
    close,
  };
}

/** Where the UI's setup screen opens with its token (the token rides in the fragment, so it never reaches a server log). */
export function setupAddress(base: string, token: string): string {
  return `${base}/#/setup?token=${encodeURIComponent(token)}`;
}
