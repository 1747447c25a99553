import { describe, expect, it } from 'vitest';
import { HOST_USAGE, parseHostArgs } from './host-args';

describe('parseHostArgs', () => {
  it('runs with defaults when given nothing', () => {
    expect(parseHostArgs([])).toEqual({ kind: 'run', options: {} });
  });

  it('reads every option, as `--x v` or `--x=v`', () => {
    expect(
      parseHostArgs([
        '--port',
        '4001',
        '--host=127.0.0.1',
        '--data-dir',
        '/srv/h',
        '--name=Attic club',
        '--no-rate-limit',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 4001,
        host: '127.0.0.1',
        dataDir: '/srv/h',
        forumName: 'Attic club',
        rateLimit: false,
      },
    });
    expect(parseHostArgs(['--port=0', '--host', '::'])).toEqual({
      kind: 'run',
      options: { port: 0, host: '::' },
    });
    expect(parseHostArgs(['--host', 'my-box.local'])).toEqual({
      kind: 'run',
      options: { host: 'my-box.local' },
    });
  });

  it('--https and --http choose the scheme; --no-advertise keeps the forum off mDNS', () => {
    expect(parseHostArgs(['--https'])).toEqual({ kind: 'run', options: { https: true } });
    expect(parseHostArgs(['--https', '--http'])).toEqual({
      kind: 'run',
      options: { https: false },
    });
    expect(parseHostArgs(['--no-advertise', '--port', '0'])).toEqual({
      kind: 'run',
      options: { advertise: false, port: 0 },
    });
  });

  it('--http-port adds plain HTTP beside --https, on a port of its own', () => {
    expect(parseHostArgs(['--https', '--http-port', '4001'])).toEqual({
      kind: 'run',
      options: { https: true, httpPort: 4001 },
    });
    expect(parseHostArgs(['--https', '--http-port=0', '--port', '0'])).toEqual({
      kind: 'run',
      options: { https: true, httpPort: 0, port: 0 },
    });
    const without = parseHostArgs(['--http-port', '4001']);
    expect(without.kind === 'error' && without.message).toMatch(/^--http-port goes with --https/);
    const same = parseHostArgs(['--https', '--port', '4100', '--http-port', '4100']);
    expect(same.kind === 'error' && same.message).toMatch(
      /must differ from --port \(both are 4100\)/,
    );
    const bad = parseHostArgs(['--https', '--http-port', 'x']);
    expect(bad.kind === 'error' && bad.message).toMatch(/--http-port must be a whole number/);
  });

  it('--plain-transport turns the live layer’s own transport off', () => {
    expect(parseHostArgs(['--plain-transport'])).toEqual({
      kind: 'run',
      options: { live: { plainTransport: true } },
    });
  });

  it('collects --allowed-host names, repeated or comma-separated, normalised', () => {
    expect(
      parseHostArgs([
        '--allowed-host',
        'Forum.Example.com',
        '--allowed-host=a.lan, https://b.lan:8443/',
      ]),
    ).toEqual({
      kind: 'run',
      options: { allowedHosts: ['forum.example.com', 'a.lan', 'b.lan'] },
    });
  });

  it('collects --trust-proxy addresses and ranges, repeated or comma-separated', () => {
    expect(
      parseHostArgs(['--trust-proxy', '127.0.0.1', '--trust-proxy=10.0.0.0/8, fd00::/8']),
    ).toEqual({
      kind: 'run',
      options: { trustProxy: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8'] },
    });
    expect(HOST_USAGE).toMatch(/--trust-proxy <address\|cidr>/);
  });

  it('--setup-token-file names where the setup token is written', () => {
    expect(parseHostArgs(['--setup-token-file', '/tmp/token'])).toEqual({
      kind: 'run',
      options: { setupTokenFile: '/tmp/token' },
    });
    expect(parseHostArgs(['--setup-token-file=  '])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('--setup-token-file needs a file path.'),
    });
    expect(HOST_USAGE).toMatch(/--setup-token-file <path>/);
  });

  it('asks for help', () => {
    expect(parseHostArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseHostArgs(['--port', '1', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535 (got "abc").'],
    [['--port', '65536'], '--port must be a whole number from 0 to 65535 (got "65536").'],
    [['--port=-1'], '--port must be a whole number from 0 to 65535 (got "-1").'],
    [['--port'], '--port needs a value.'],
    [['--port', '--host', 'x'], '--port needs a value.'],
    [
      ['--host', 'not a host!'],
      '--host must be an IP address such as 0.0.0.0 or 127.0.0.1 (got "not a host!").',
    ],
    [['--data-dir', ' '], '--data-dir needs a folder.'],
    [['--name', 'x'.repeat(81)], '--name must be 1 to 80 characters.'],
    [['--allowed-host', ','], '--allowed-host needs a host name.'],
    [
      ['--allowed-host', 'ok.lan,bad name'],
      '--allowed-host must be a host name such as forum.example.com (got "bad name").',
    ],
    [['--trust-proxy', ' , '], '--trust-proxy needs an address or CIDR range.'],
    [
      ['--trust-proxy', '127.0.0.1,proxy.lan'],
      '--trust-proxy: "proxy.lan" is not an IP address or CIDR range (such as 127.0.0.1 or 10.0.0.0/8).',
    ],
    [
      ['--trust-proxy', '10.0.0.0/33'],
      '--trust-proxy: "10.0.0.0/33" is not an IP address or CIDR range (such as 127.0.0.1 or 10.0.0.0/8).',
    ],
    [['--verbose'], 'Unknown option --verbose.'],
    [['--no-rate-limit=yes'], 'Unknown option --no-rate-limit.'],
    [['serve'], 'Unexpected argument "serve".'],
  ])('rejects %j', (argv, message) => {
    expect(parseHostArgs(argv)).toEqual({
      kind: 'error',
      message: `${message}\nRun with --help to see the options.`,
    });
  });
});
