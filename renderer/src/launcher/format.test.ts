import { describe, expect, it } from 'vitest';
import { pathParts, portProblem, usedAgo } from './format';

describe('pathParts', () => {
  it('cuts after each separator and keeps every character', () => {
    const path = '/home/sam/.config/Hearth/logs/server.log';
    expect(pathParts(path)).toEqual([
      '/',
      'home/',
      'sam/',
      '.config/',
      'Hearth/',
      'logs/',
      'server.log',
    ]);
    expect(pathParts(path).join('')).toBe(path);
  });

  it('handles Windows paths, doubled separators, a trailing one and the empty path', () => {
    expect(pathParts('C:\\Users\\Sam\\AppData\\Hearth\\server.log')).toEqual([
      'C:\\',
      'Users\\',
      'Sam\\',
      'AppData\\',
      'Hearth\\',
      'server.log',
    ]);
    expect(pathParts('//srv//share/')).toEqual(['//', 'srv//', 'share/']);
    expect(pathParts('server.log')).toEqual(['server.log']);
    expect(pathParts('')).toEqual([]);
  });
});

describe('portProblem', () => {
  it('accepts the unprivileged range only', () => {
    expect(portProblem(4000)).toBeNull();
    expect(portProblem(1024)).toBeNull();
    expect(portProblem(65535)).toBeNull();
    expect(portProblem(80)).toBe('Use a port between 1024 and 65535.');
    expect(portProblem(65536)).toBe('Use a port between 1024 and 65535.');
  });

  it('asks for a number when the field is empty or not whole', () => {
    expect(portProblem(null)).toBe('Enter a port number, e.g. 4000.');
    expect(portProblem(4000.5)).toBe('Enter a port number, e.g. 4000.');
  });
});

describe('usedAgo', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('says how long ago in the largest sensible unit', () => {
    expect(usedAgo(ago(20_000), now)).toBe('Used just now');
    expect(usedAgo(ago(5 * 60_000), now)).toBe('Used 5 min ago');
    expect(usedAgo(ago(3 * 3600_000), now)).toBe('Used 3 h ago');
    expect(usedAgo(ago(26 * 3600_000), now)).toBe('Used 1 day ago');
    expect(usedAgo(ago(3 * 86_400_000), now)).toBe('Used 3 days ago');
  });

  it('is empty for an unreadable date', () => {
    expect(usedAgo('not a date', now)).toBe('');
  });
});
