import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPasswordHasher,
  PasswordHasherBusyError,
  type PasswordHasher,
} from './password-hasher';

describe('password hasher (worker threads)', () => {
  let hasher: PasswordHasher;
  beforeAll(async () => {
    hasher = await createPasswordHasher({ cost: 10, workers: 1, maxQueued: 64 });
  });
  afterAll(() => hasher.close());

  it('hashes with the configured cost and verifies', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$2b\$10\$/);
    expect(hasher.costOf(hash)).toBe(10);
    await expect(hasher.verify('correct horse', hash)).resolves.toBe(true);
    await expect(hasher.verify('wrong horse', hash)).resolves.toBe(false);
    await expect(hasher.verifyDummy('anything')).resolves.toBe(false);
  });

  it('is plain bcrypt: hashes interoperate with bcryptjs itself', async () => {
    const theirs = bcrypt.hashSync('interop', 4);
    await expect(hasher.verify('interop', theirs)).resolves.toBe(true);
    expect(bcrypt.compareSync('correct horse', await hasher.hash('correct horse'))).toBe(true);
  });

  it('keeps the event loop turning while hashing (the work is off the main thread)', async () => {
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    await Promise.all(Array.from({ length: 6 }, (_, i) => hasher.hash(`password-${i}`)));
    spinning = false;
    // Six cost-10 hashes take ~0.5 s. On the main thread the loop would turn about once
    // per hash; off it, it turns thousands of times. 200 is far from both, even under load.
    expect(turns).toBeGreaterThan(200);
    // On a thread at nice 10 the six hashes took 11 s beside the browser tests and a busy CPU.
  }, 60_000);

  it.runIf(process.platform === 'linux')(
    'runs its threads at a lower priority, not the server',
    async () => {
      const { readdirSync, readFileSync } = await import('node:fs');
      const niceOf = (tid: string) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const nices = readdirSync('/proc/self/task').map(niceOf);
      // The server's thread keeps the process's own value (0, or what it was started with:
      // `nice -n 5 npm test` gives 5); the one hashing thread runs at 10.
      expect(niceOf(String(process.pid))).toBeLessThan(10);
      expect(nices.filter((n) => n === 10)).toHaveLength(1);
    },
  );

  it('refuses work at once, with a retry delay, when its queue is full', async () => {
    const h = await createPasswordHasher({ cost: 4, workers: 1, maxQueued: 2 });
    try {
      // Submitted in one tick: the first goes to the thread, two wait, the fourth is refused
      // before any can finish, however fast or slow the machine is.
      const accepted = [h.hash('one'), h.hash('two'), h.verify('three', bcrypt.hashSync('x', 4))];
      const refused = h.hash('four');
      await expect(refused).rejects.toBeInstanceOf(PasswordHasherBusyError);
      const err = (await refused.catch((e: unknown) => e)) as PasswordHasherBusyError;
      expect(err.code).toBe('RATE_LIMITED');
      expect(err.status).toBe(429);
      expect(err.retryAfterSec).toBeGreaterThanOrEqual(1);
      expect(err.message).toBe(
        `The server is busy checking other passwords. Try again in ${err.retryAfterSec} s.`,
      );
      const done = await Promise.all(accepted);
      expect(done[0]).toMatch(/^\$2b\$04\$/);
      expect(done[1]).toMatch(/^\$2b\$04\$/);
      expect(done[2]).toBe(false);
      // Drained: work is accepted again.
      await expect(h.verify('one', String(done[0]))).resolves.toBe(true);
    } finally {
      await h.close();
    }
  });

  it('a login refused while the queue is full does not poison later ones', async () => {
    const h = await createPasswordHasher({ cost: 4, workers: 1, maxQueued: 0 });
    try {
      const busy = h.hash('fills the only thread');
      // The dummy hash for unknown users is made on first use: refused here…
      await expect(h.verifyDummy('x')).rejects.toBeInstanceOf(PasswordHasherBusyError);
      await busy;
      // …and made again next time, rather than the refusal being remembered.
      await expect(h.verifyDummy('x')).resolves.toBe(false);
    } finally {
      await h.close();
    }
  });

  it('rejects work after close', async () => {
    const h = await createPasswordHasher({ cost: 4, workers: 1, maxQueued: 64 });
    await h.close();
    await expect(h.hash('x')).rejects.toThrow(/closed/);
  });
});
