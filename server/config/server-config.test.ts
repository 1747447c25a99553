import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_LOGIN_BACKOFF,
  DEFAULT_RATE_LIMITS,
  resolveServerConfig,
} from './server-config';

describe('resolveServerConfig', () => {
  it('has safe defaults: this machine only, port 4000, cost 10, rate limits on', () => {
    const c = resolveServerConfig({ dataDir: '/tmp/x' }, {});
    expect(c).toMatchObject({
      dataDir: '/tmp/x',
      dbPath: join('/tmp/x', 'hearth.db'),
      host: '127.0.0.1',
      port: 4000,
      bcryptCost: 10,
      rateLimit: DEFAULT_RATE_LIMITS,
      logLevel: 'info',
      sessionTtlMs: 30 * 24 * 3600 * 1000,
      sessionRenewAfterMs: 3600 * 1000,
      allowedHosts: [],
    });
    expect(c.allowedOrigins.origins).toEqual([]);
    expect(c.hashWorkers).toBeGreaterThanOrEqual(1);
  });

  it('defaults the data folder to the desktop app’s', () => {
    const c = resolveServerConfig({}, { XDG_CONFIG_HOME: '/home/u/.cfg' });
    if (process.platform === 'linux') expect(c.dataDir).toBe('/home/u/.cfg/Hearth/forum');
    expect(c.dataDir).toMatch(/Hearth[\\/]forum$/);
  });

  it('reads HEARTH_* variables, and explicit options win over them', () => {
    const env = {
      HEARTH_DATA_DIR: '/srv/hearth',
      HEARTH_HOST: '0.0.0.0',
      HEARTH_PORT: '5000',
      HEARTH_FORUM_NAME: 'Attic',
      HEARTH_RATE_LIMIT: 'off',
      HEARTH_LOG_LEVEL: 'warn',
      HEARTH_SQLITE_BINDING: '/opt/b.node',
    };
    expect(resolveServerConfig({}, env)).toMatchObject({
      dataDir: '/srv/hearth',
      host: '0.0.0.0',
      port: 5000,
      forumName: 'Attic',
      rateLimit: false,
      logLevel: 'warn',
      sqliteNativeBinding: '/opt/b.node',
    });
    expect(
      resolveServerConfig(
        { dataDir: '/a', host: '127.0.0.1', port: 0, forumName: 'B', rateLimit: {} },
        env,
      ),
    ).toMatchObject({
      dataDir: '/a',
      host: '127.0.0.1',
      port: 0,
      forumName: 'B',
      rateLimit: DEFAULT_RATE_LIMITS,
    });
  });

  it('merges partial rate limits over the defaults', () => {
    const c = resolveServerConfig({ dataDir: '/x', rateLimit: { login: { burst: 3 } } }, {});
    expect(c.rateLimit).toEqual({
      ...DEFAULT_RATE_LIMITS,
      login: { burst: 3, perMinute: DEFAULT_RATE_LIMITS.login.perMinute },
    });
  });

  it.each([
    [{ port: 70000 }, /Invalid server option port/],
    [{ port: -1 }, /Invalid server option port/],
    [{ bcryptCost: 3 }, /Invalid server option bcryptCost/],
    [{ forumName: '' }, /Invalid server option forumName/],
    [{ rateLimit: { login: { burst: 0 } } }, /Invalid server option rateLimit.login.burst/],
    [{ allowedOrigins: ['not a url'] }, /Invalid server option allowedOrigins.0/],
    [{ colour: 'blue' }, /Invalid server option/],
  ])('rejects bad options %j', (options, message) => {
    expect(() => resolveServerConfig({ dataDir: '/x', ...(options as object) }, {})).toThrow(
      ConfigError,
    );
    expect(() => resolveServerConfig({ dataDir: '/x', ...(options as object) }, {})).toThrow(
      message,
    );
  });

  it.each([
    [
      { HEARTH_PORT: 'eighty' },
      'Invalid environment variable HEARTH_PORT: must be a port number from 0 to 65535',
    ],
    [
      { HEARTH_PORT: '99999' },
      'Invalid environment variable HEARTH_PORT: must be a port number from 0 to 65535',
    ],
    [
      { HEARTH_RATE_LIMIT: 'maybe' },
      'Invalid environment variable HEARTH_RATE_LIMIT: must be "on" or "off"',
    ],
    [
      { HEARTH_LOG_LEVEL: 'loud' },
      /Invalid environment variable HEARTH_LOG_LEVEL: must be one of debug/,
    ],
  ])('rejects bad environment %j', (env, message) => {
    expect(() => resolveServerConfig({ dataDir: '/x' }, env)).toThrow(message);
  });

  it('normalises allowed origins', () => {
    const c = resolveServerConfig(
      { dataDir: '/x', allowedOrigins: ['http://Host.lan:4000/path'] },
      {},
    );
    expect(c.allowedOrigins.origins).toEqual(['http://host.lan:4000']);
  });

  it('normalises allowed host names from options, or else from HEARTH_ALLOWED_HOSTS', () => {
    const fromOptions = resolveServerConfig(
      { dataDir: '/x', allowedHosts: ['Forum.Example.com', 'https://forum.example.com:8443/'] },
      { HEARTH_ALLOWED_HOSTS: 'ignored.example' },
    );
    expect(fromOptions.allowedHosts).toEqual(['forum.example.com']);
    expect(fromOptions.allowedOrigins.hosts.allows('forum.example.com:4000')).toBe(true);
    expect(fromOptions.allowedOrigins.hosts.allows('ignored.example')).toBe(false);

    const fromEnv = resolveServerConfig(
      { dataDir: '/x' },
      { HEARTH_ALLOWED_HOSTS: ' a.example , b.example:80 ,' },
    );
    expect(fromEnv.allowedHosts).toEqual(['a.example', 'b.example']);
  });

  it.each([
    [{ allowedHosts: ['bad name!'] }, {}, /Invalid server option allowedHosts: "bad name!"/],
    [{ allowedHosts: ['http://user@x.example/'] }, {}, /is not a host name/],
    [{}, { HEARTH_ALLOWED_HOSTS: 'ok.example,no/slash' }, /HEARTH_ALLOWED_HOSTS: "no\/slash"/],
  ])('rejects a bad allowed host %j %j', (options, env, message) => {
    expect(() => resolveServerConfig({ dataDir: '/x', ...options }, env)).toThrow(message);
  });

  it('reads trusted proxies from options, or else from HEARTH_TRUST_PROXY; nobody by default', () => {
    expect(resolveServerConfig({ dataDir: '/x' }, {}).trustProxy.none).toBe(true);
    const fromOptions = resolveServerConfig(
      { dataDir: '/x', trustProxy: ['127.0.0.1', '10.0.0.0/8'] },
      { HEARTH_TRUST_PROXY: '192.0.2.1' },
    ).trustProxy;
    expect(fromOptions.entries).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(fromOptions.trusts('10.1.2.3')).toBe(true);
    expect(fromOptions.trusts('192.0.2.1')).toBe(false);
    const fromEnv = resolveServerConfig(
      { dataDir: '/x' },
      { HEARTH_TRUST_PROXY: ' 192.0.2.1 , fd00::/8 ,' },
    ).trustProxy;
    expect(fromEnv.entries).toEqual(['192.0.2.1', 'fd00::/8']);
    expect(() =>
      resolveServerConfig({ dataDir: '/x' }, { HEARTH_TRUST_PROXY: '127.0.0.1,proxy.lan' }),
    ).toThrow(
      'Invalid environment variable HEARTH_TRUST_PROXY: "proxy.lan" is not an IP address or CIDR range (such as 127.0.0.1 or 10.0.0.0/8).',
    );
    expect(() => resolveServerConfig({ dataDir: '/x', trustProxy: ['10.0.0.0/40'] }, {})).toThrow(
      /Invalid server option trustProxy: "10.0.0.0\/40"/,
    );
  });

  it('applies the login backoff with rate limits, and not without', () => {
    expect(resolveServerConfig({ dataDir: '/x' }, {}).loginBackoff).toEqual(DEFAULT_LOGIN_BACKOFF);
    expect(
      resolveServerConfig({ dataDir: '/x', loginBackoff: { maxDelayMs: 60_000 } }, {}).loginBackoff,
    ).toEqual({ ...DEFAULT_LOGIN_BACKOFF, maxDelayMs: 60_000 });
    expect(resolveServerConfig({ dataDir: '/x', rateLimit: false }, {}).loginBackoff).toBe(false);
    expect(() =>
      resolveServerConfig({ dataDir: '/x', loginBackoff: { freeFailures: 0 } }, {}),
    ).toThrow(/Invalid server option loginBackoff.freeFailures/);
  });
});

describe('https and LAN announcements', () => {
  it('HTTPS comes from the option or HEARTH_HTTPS; a loopback host never announces', () => {
    expect(resolveServerConfig({}, {}).https).toBe(false);
    expect(resolveServerConfig({}, { HEARTH_HTTPS: 'on' }).https).toBe(true);
    expect(resolveServerConfig({ https: false }, { HEARTH_HTTPS: 'on' }).https).toBe(false);
    expect(() => resolveServerConfig({}, { HEARTH_HTTPS: 'yes' })).toThrow(
      /HEARTH_HTTPS.*must be "on" or "off"/,
    );
    expect(resolveServerConfig({ host: '0.0.0.0', advertise: true }, {}).advertise).toBe(true);
    expect(resolveServerConfig({ host: '0.0.0.0' }, {}).advertise).toBe(false);
    for (const host of ['127.0.0.1', '127.3.4.5', 'localhost', '::1', '[::1]']) {
      expect(resolveServerConfig({ host, advertise: true }, {}).advertise).toBe(false);
    }
  });
});
