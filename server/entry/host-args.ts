import { isIP } from 'node:net';
import { normalizeAllowedHost, splitHostList } from '../config/allowed-hosts';
import { invalidProxyEntry } from '../security/trusted-proxies';

/** What the headless host was asked to do. Parsing is pure, so it is unit-tested. */
export type HostArgs =
  { kind: 'run'; options: HostRunOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export interface HostRunOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  forumName?: string;
  rateLimit?: false;
  allowedHosts?: string[];
  live?: { plainTransport: true };
  trustProxy?: string[];
  setupTokenFile?: string;
  https?: boolean;
  advertise?: boolean;
  httpPort?: number;
}

export const HOST_USAGE = `Usage: npm run host -- [options]

Runs the Hearth forum server without the desktop app.

Options:
  --port <n>          Port to listen on (default 4000; 0 picks a free one)
  --host <address>    Interface: 0.0.0.0 for the whole LAN (default), 127.0.0.1 for this machine only
  --data-dir <dir>    Folder for hearth.db (default: the desktop app's data folder)
  --name <text>       Forum name shown in the app's launcher (default "Hearth forum")
  --allowed-host <name>
                      Also answer to this host name (a DNS name for the forum, or the name a
                      reverse proxy forwards). Repeat it, or separate names with commas. IP
                      addresses, localhost and this machine's name always work; other names
                      get 421, which blocks DNS-rebinding attacks
  --trust-proxy <address|cidr>
                      A reverse proxy in front of Hearth (such as 127.0.0.1, or 10.0.0.0/8):
                      its X-Forwarded-For gives rate limits the real client address, and its
                      X-Forwarded-Proto https makes the session cookie Secure. Repeat it, or
                      separate entries with commas. Nobody else's X-Forwarded-* is believed
  --setup-token-file <path>
                      A new forum needs setup with a one-time token (the host prints the
                      setup address with it); also write the token to this file, for scripts
                      and tests (POST /api/forum/setup, docs/api.md)
  --https             Serve HTTPS with a certificate made at first start and kept in the data
                      folder (tls/): browsers get notifications, invites carry its fingerprint
  --http              Serve plain HTTP only (the default)
  --http-port <n>     With --https: also serve plain HTTP on this second port, for old
                      devices that refuse the certificate (0 picks a free one). The HTTPS
                      port stays TLS only
  --no-advertise      Do not announce the forum on the LAN (mDNS _hearth._tcp); a host on
                      127.0.0.1 never announces
  --no-rate-limit     Turn rate limits off, for load tests only
  --plain-transport   Send live frames through ws.send, without the live layer's own
                      transport (for bisecting a bug: server/live/transport/README.md)
  -h, --help          Show this help

Environment: HEARTH_PORT, HEARTH_HOST, HEARTH_DATA_DIR, HEARTH_FORUM_NAME,
HEARTH_ALLOWED_HOSTS=a.example,b.example,
HEARTH_TRUST_PROXY=127.0.0.1,10.0.0.0/8, HEARTH_HTTPS=on, HEARTH_HTTP_PORT=4001, HEARTH_RATE_LIMIT=off, HEARTH_LOG_LEVEL=debug|info|warn|error|silent. Options win.`;

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const WITH_VALUE = new Set([
  '--port',
  '--host',
  '--data-dir',
  '--name',
  '--allowed-host',
  '--trust-proxy',
  '--setup-token-file',
  '--http-port',
]);

const fail = (message: string): HostArgs => ({
  kind: 'error',
  message: `${message}\nRun with --help to see the options.`,
});

export function parseHostArgs(argv: readonly string[]): HostArgs {
  const options: HostRunOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--no-rate-limit') {
      options.rateLimit = false;
      continue;
    }
    if (arg === '--https' || arg === '--http') {
      options.https = arg === '--https';
      continue;
    }
    if (arg === '--no-advertise') {
      options.advertise = false;
      continue;
    }
    if (arg === '--plain-transport') {
      options.live = { plainTransport: true };
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!WITH_VALUE.has(name)) {
      return fail(
        arg.startsWith('-') ? `Unknown option ${name}.` : `Unexpected argument "${arg}".`,
      );
    }
    let value: string | undefined;
    if (eq > 0 && name !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return fail(`${name} needs a value.`);
      i++;
    }
    switch (name) {
      case '--port': {
        const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
        if (!(port >= 0 && port <= 65535)) {
          return fail(`--port must be a whole number from 0 to 65535 (got "${value}").`);
        }
        options.port = port;
        break;
      }
      case '--http-port': {
        const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
        if (!(port >= 0 && port <= 65535)) {
          return fail(`--http-port must be a whole number from 0 to 65535 (got "${value}").`);
        }
        options.httpPort = port;
        break;
      }
      case '--host':
        if (isIP(value) === 0 && !HOSTNAME.test(value)) {
          return fail(
            `--host must be an IP address such as 0.0.0.0 or 127.0.0.1 (got "${value}").`,
          );
        }
        options.host = value;
        break;
      case '--data-dir':
        if (value.trim() === '') return fail('--data-dir needs a folder.');
        options.dataDir = value;
        break;
      case '--name':
        if (value.trim() === '' || value.trim().length > 80) {
          return fail('--name must be 1 to 80 characters.');
        }
        options.forumName = value.trim();
        break;
      case '--setup-token-file':
        if (value.trim() === '') return fail('--setup-token-file needs a file path.');
        options.setupTokenFile = value;
        break;
      case '--allowed-host': {
        const entries = splitHostList(value);
        if (entries.length === 0) return fail('--allowed-host needs a host name.');
        for (const entry of entries) {
          const name = normalizeAllowedHost(entry);
          if (name === null) {
            return fail(
              `--allowed-host must be a host name such as forum.example.com (got "${entry.slice(0, 100)}").`,
            );
          }
          options.allowedHosts = [...(options.allowedHosts ?? []), name];
        }
        break;
      }
      case '--trust-proxy': {
        const entries = value
          .split(',')
          .map((e) => e.trim())
          .filter((e) => e !== '');
        if (entries.length === 0) return fail('--trust-proxy needs an address or CIDR range.');
        for (const entry of entries) {
          const problem = invalidProxyEntry(entry);
          if (problem) return fail(`--trust-proxy: ${problem}.`);
        }
        options.trustProxy = [...(options.trustProxy ?? []), ...entries];
        break;
      }
    }
  }
  if (options.httpPort !== undefined) {
    if (options.https !== true) {
      return fail('--http-port goes with --https: without it the forum is plain HTTP already.');
    }
    if (options.httpPort !== 0 && options.httpPort === (options.port ?? 4000)) {
      return fail(`--http-port must differ from --port (both are ${options.httpPort}).`);
    }
  }
  return { kind: 'run', options };
}
