/**
 * The headless forum host: `npm run host -- [--port 4000] [--host 0.0.0.0] [--data-dir DIR]`.
 * Bundled by electron-vite to out/main/host.js (the packaged app ships it too); also runs
 * from source with `node --import tsx server/entry/host.ts`.
 */
import { networkInterfaces } from 'node:os';
import { version } from '../../package.json';
import { resolveServerConfig } from '../config/server-config';
import { createForumServer, type ForumServer } from '../forum-server';
import { HOST_USAGE, parseHostArgs } from './host-args';
import { lanReach } from './lan-addresses';
import { formatFingerprint } from '../../common/fingerprint';
import { explainStartError } from './start-errors';

/** Closing waits for in-flight requests; past this, exit anyway. */
const STOP_TIMEOUT_MS = 10_000;

/** While the forum has no owner: where to set it up, token included (as Jupyter prints its token). */
function setupNotice(server: ForumServer): string {
  const url = server.setupUrl();
  if (url === null) return '';
  return [
    'This forum is new: set it up (name, categories, your owner account) at',
    `  ${url}`,
    'The address holds a one-time token: nobody else on the LAN can claim the forum without it.',
    '',
  ].join('\n');
}

function banner(server: ForumServer, forumName: string): string {
  const reach = lanReach(
    networkInterfaces(),
    server.host,
    server.port,
    server.certificate ? 'https' : 'http',
  );
  const lan =
    reach.kind === 'urls'
      ? reach.urls.join('\n                 ')
      : reach.kind === 'local-only'
        ? `not visible (listening on ${server.host} only; use --host 0.0.0.0 to share)`
        : 'no network interface found: only this machine can connect';
  return [
    '',
    `Hearth ${version}: the forum "${forumName}" is running.`,
    `  This machine:  ${server.url}`,
    `  On the LAN:    ${lan}`,
    `  Database:      ${server.dbPath}`,
    ...(server.certificate
      ? [
          `  Certificate:   ${server.certificate.certPath}`,
          `  Fingerprint:   SHA-256 ${formatFingerprint(server.certificate.sha256)}`,
        ]
      : []),
    ...(server.plainHttp
      ? [`  Plain HTTP:    port ${server.plainHttp.port}, for old devices (${plainReach(server)})`]
      : []),
    `  Announced:     ${server.advertising ? 'yes, on the LAN as _hearth._tcp (mDNS)' : 'no'}`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** Where old devices reach the plain-HTTP listener beside HTTPS. */
function plainReach(server: ForumServer): string {
  const port = server.plainHttp?.port ?? 0;
  const reach = lanReach(networkInterfaces(), server.host, port, 'http');
  return reach.kind === 'urls' ? reach.urls.join(', ') : `http://127.0.0.1:${port}`;
}

async function main(argv: string[]): Promise<void> {
  const args = parseHostArgs(argv);
  if (args.kind === 'help') {
    process.stdout.write(`${HOST_USAGE}\n`);
    return;
  }
  if (args.kind === 'error') {
    process.stderr.write(`${args.message}\n`);
    process.exitCode = 2;
    return;
  }

  // A LAN host by default; resolved here too, so errors can name the port and folder.
  let where = { host: '0.0.0.0', port: 4000, dataDir: args.options.dataDir ?? '' };
  let server: ForumServer;
  try {
    const config = resolveServerConfig(args.options, process.env, { host: '0.0.0.0' });
    where = { host: config.host, port: config.port, dataDir: config.dataDir };
    server = await createForumServer({
      advertise: true,
      ...args.options,
      host: config.host,
    });
  } catch (err) {
    process.stderr.write(`\n${explainStartError(err, where)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(banner(server, server.context.forum.settings().name));
  process.stdout.write(setupNotice(server));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`Second ${signal}: exiting without a clean shutdown.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    setTimeout(() => {
      process.stderr.write('Shutdown took too long; exiting.\n');
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    server
      .close()
      .then(() => {
        process.stdout.write('Stopped: connections closed, database checkpointed and closed.\n');
        process.exit(0);
      })
      .catch((err: unknown) => {
        process.stderr.write(`Error while stopping: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main(process.argv.slice(2));
