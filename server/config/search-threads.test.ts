/** searchThreads (issue 12): the option, else HEARTH_SEARCH_THREADS, else the CPU count up to 8. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveServerConfig } from './server-config';

describe('searchThreads', () => {
  it('defaults to the CPU count, at most 8; the option wins over HEARTH_SEARCH_THREADS', () => {
    expect(resolveServerConfig({}, {}).searchThreads).toBe(
      Math.max(1, Math.min(8, availableParallelism())),
    );
    expect(resolveServerConfig({}, { HEARTH_SEARCH_THREADS: '0' }).searchThreads).toBe(0);
    expect(resolveServerConfig({}, { HEARTH_SEARCH_THREADS: '3' }).searchThreads).toBe(3);
    expect(
      resolveServerConfig({ searchThreads: 2 }, { HEARTH_SEARCH_THREADS: '3' }).searchThreads,
    ).toBe(2);
  });

  it('refuses what is not a number of threads from 0 to 64, naming it', () => {
    for (const bad of ['-1', 'two', '65', '1.5']) {
      expect(() => resolveServerConfig({}, { HEARTH_SEARCH_THREADS: bad })).toThrow(ConfigError);
    }
    expect(() => resolveServerConfig({}, { HEARTH_SEARCH_THREADS: '65' })).toThrow(
      /HEARTH_SEARCH_THREADS: must be a number of threads from 0 to 64/,
    );
    expect(() => resolveServerConfig({ searchThreads: 65 }, {})).toThrow(/searchThreads/);
  });
});
