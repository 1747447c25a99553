/**
 * The search threads' pool with a stand-in thread (echo-worker.fixture.ts) that can die or
 * throw on request: searches run side by side, a thread that dies mid-search fails only
 * that search (503) and is replaced, an error inside a search is that search's error, and
 * close() ends every thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { createLogger, type LogRecord } from '../logging/logger';
import { SearchPool, SearchThreadsUnavailable, type SearchPoolOptions } from './search-pool';

const ECHO = {
  url: new URL('./echo-worker.fixture.ts', import.meta.url),
  execArgv: ['--import', 'tsx'],
};
const pools: SearchPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(options: Partial<SearchPoolOptions> = {}, logs: LogRecord[] = []): SearchPool {
  const p = new SearchPool({
    size: 2,
    file: 'unused',
    log: createLogger('test', { level: 'debug', sink: (r) => logs.push(r) }),
    script: ECHO,
    ...options,
  });
  pools.push(p);
  return p;
}
interface Echo {
  threadId: number;
  /** When the thread sent its answer, ms since the epoch. */
  answeredAt: number;
}
const echoOf = async (p: SearchPool, q: string): Promise<Echo> =>
  JSON.parse((await p.run(1, { q }, ['posts']))[0]!) as Echo;
const threadOf = async (p: SearchPool, q: string): Promise<number> => (await echoOf(p, q)).threadId;
/** Holds this (the main) thread, as a busy event loop does. */
const holdEventLoop = (ms: number): number => {
  const until = performance.now() + ms;
  while (performance.now() < until);
  return performance.timeOrigin + performance.now();
};
const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (err: unknown) => err,
  );

describe('SearchPool', () => {
  it('runs searches on all its threads at once', async () => {
    const p = pool({ size: 3 });
    await p.ready();
    expect(p.threads()).toHaveLength(3);
    const started = performance.now();
    const threads = await Promise.all(Array.from({ length: 6 }, () => threadOf(p, 'slow')));
    // Six searches of 200 ms on three threads: two rounds, not six.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(new Set(threads).size).toBe(3);
    expect(p.busyPeak).toBe(3);
  });

  // The thread runs the next search the moment it is done with one, without waiting for the
  // event loop to read its answer; with nothing handed ahead it waits for the event loop.
  it.each([
    { handed: 'one search ahead', ahead: 1, before: true },
    { handed: 'nothing ahead', ahead: 0, before: false },
  ])(
    'a busy thread handed $handed answers the next search while the event loop is held: $before',
    async ({ ahead, before }) => {
      const p = pool({ size: 1, ahead });
      await p.ready();
      const first = echoOf(p, 'busy');
      const next = echoOf(p, 'hello');
      const released = holdEventLoop(400);
      expect((await first).answeredAt).toBeLessThan(released);
      expect((await next).answeredAt < released).toBe(before);
    },
  );

  it('hands a search to a free thread before it hands one to a busy thread', async () => {
    const p = pool({ size: 2 });
    await p.ready();
    const [a, b] = await Promise.all([threadOf(p, 'busy'), threadOf(p, 'busy')]);
    expect(a).not.toBe(b);
    expect(p.busyPeak).toBe(2);
  });

  it('gives the search handed behind a dying thread’s to another thread', async () => {
    const p = pool({ size: 1 });
    await p.ready();
    const [before] = p.threads().map((w) => w.threadId);
    const [died, next] = await Promise.all([
      errorOf(p.run(1, { q: 'exit' }, ['posts'])),
      threadOf(p, 'hello'),
    ]);
    expect(died).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect(next).not.toBe(before);
    expect(p.threads().map((w) => w.threadId)).toEqual([next]);
  });

  it('fails only the search a dying thread was running, with 503, and replaces the thread', async () => {
    const logs: LogRecord[] = [];
    const p = pool({ size: 2 }, logs);
    await p.ready();
    const before = p.threads().map((w) => w.threadId);
    const [died, ok] = await Promise.all([
      errorOf(p.run(1, { q: 'exit' }, ['posts'])),
      threadOf(p, 'slow'),
    ]);
    expect(died).toBeInstanceOf(AppError);
    expect(died).toMatchObject({ code: 'UNAVAILABLE', status: 503, retryAfterSec: 1 });
    expect((died as AppError).message).toBe('The search was interrupted. Try again.');
    expect(before).toContain(ok);
    await p.ready();
    const after = p.threads().map((w) => w.threadId);
    expect(after).toHaveLength(2);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
    // The new thread searches.
    const answers = await Promise.all(Array.from({ length: 4 }, () => threadOf(p, 'slow')));
    expect(new Set(answers)).toEqual(new Set(after));
    expect(logs.some((r) => r.message === 'a search thread exited; starting another')).toBe(true);
  });

  it('turns an uncaught error in a thread into that search’s 503, and goes on', async () => {
    const p = pool({ size: 1 });
    const err = await errorOf(p.run(1, { q: 'throw' }, ['posts']));
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect(await threadOf(p, 'hello')).toBeGreaterThan(0);
  });

  it('passes an expected error on with its code, and a bug as a plain error (500, no details)', async () => {
    const p = pool({ size: 1 });
    expect(await errorOf(p.run(1, { q: 'refuse' }, ['posts']))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'nope',
    });
    const bug = await errorOf(p.run(1, { q: 'bug' }, ['posts']));
    expect(bug).toBeInstanceOf(Error);
    expect(bug).not.toBeInstanceOf(AppError);
  });

  it('refuses past its queue with 503, and after close()', async () => {
    const p = pool({ size: 1, maxQueued: 2 });
    await p.ready();
    const running = [
      p.run(1, { q: 'slow' }, ['posts']),
      p.run(1, { q: 'slow' }, ['posts']),
      p.run(1, { q: 'slow' }, ['posts']),
    ];
    expect(await errorOf(p.run(1, { q: 'slow' }, ['posts']))).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Search is busy. Try again in a moment.',
    });
    await Promise.all(running);
    await p.close();
    expect(p.threads()).toHaveLength(0);
    expect(await errorOf(p.run(1, { q: 'x' }, ['posts']))).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('gives up when no thread can start, so the caller can search in-process', async () => {
    const missing = {
      url: new URL('./no-such-worker.fixture.ts', import.meta.url),
      execArgv: ['--import', 'tsx'],
    };
    const logs: LogRecord[] = [];
    const p = pool({ size: 2, script: missing }, logs);
    expect(await errorOf(p.run(1, { q: 'x' }, ['posts']))).toBeInstanceOf(SearchThreadsUnavailable);
    expect(await errorOf(pool({ script: null }).run(1, { q: 'x' }, ['posts']))).toBeInstanceOf(
      SearchThreadsUnavailable,
    );
  });
});
