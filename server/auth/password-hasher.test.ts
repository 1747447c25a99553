import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher, type PasswordHasher } from './password-hasher';

describe('password hasher (worker threads)', () => {
  let hasher: PasswordHasher;
  beforeAll(async () => {
    hasher = await createPasswordHasher({ cost: 10, workers: 1 });
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
  });

  it.runIf(process.platform === 'linux')(
    'runs its threads at a lower priority, not the server',
    async () => {
      const { readdirSync, readFileSync } = await import('node:fs');
      const niceOf = (tid: string) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const nices = readdirSync('/proc/self/task').map(niceOf);
      expect(niceOf(String(process.pid))).toBe(0);
      expect(nices.filter((n) => n === 10)).toHaveLength(1); // the one hashing thread
    },
  );

  it('rejects work after close', async () => {
    const h = await createPasswordHasher({ cost: 4, workers: 1 });
    await h.close();
    await expect(h.hash('x')).rejects.toThrow(/closed/);
  });
});
