import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError } from '../../db/migrate';
import { ConfigError } from '../config/server-config';
import { explainStartError } from './start-errors';

const where = { host: '0.0.0.0', port: 4000, dataDir: '/srv/hearth' };
const errno = (code: string, syscall?: string) => Object.assign(new Error(code), { code, syscall });

describe('explainStartError', () => {
  it('names the port and what to do when it is taken', () => {
    expect(explainStartError(errno('EADDRINUSE', 'listen'), where)).toBe(
      'Port 4000 is already in use on 0.0.0.0: another Hearth, or another program, is listening there. ' +
        'Stop it, or pick another port: npm run host -- --port 4001',
    );
  });

  it('explains privileged ports, foreign addresses and unusable folders', () => {
    expect(explainStartError(errno('EACCES', 'listen'), { ...where, port: 80 })).toMatch(
      /^Not allowed to listen on port 80/,
    );
    expect(
      explainStartError(errno('EADDRNOTAVAIL', 'listen'), { ...where, host: '10.9.9.9' }),
    ).toMatch(/^10\.9\.9\.9 is not an address of this machine/);
    expect(explainStartError(errno('EACCES', 'mkdir'), where)).toBe(
      'Cannot use the data folder /srv/hearth (EACCES). Pick another with --data-dir.',
    );
  });

  it('passes our own errors through as written', () => {
    expect(
      explainStartError(new ConfigError('Invalid environment variable HEARTH_PORT: x'), where),
    ).toBe('Invalid environment variable HEARTH_PORT: x');
    const tooNew = new DatabaseTooNewError('/srv/hearth/hearth.db', 9, 1);
    expect(explainStartError(tooNew, where)).toBe(tooNew.message);
  });
});
