/**
 * `--pairs contacts` of bench/live.ts: who writes to whom, fixed before the run. Each client
 * gets exactly K contacts, symmetric (a is b's contact when b is a's): the clients in a
 * random order (a fixed seed, so every run and every target gets the same pairs) form a
 * ring, and each one's contacts are its K/2 neighbours on each side (for an odd K, also the
 * one opposite, which needs an even number of clients).
 */
import { rng } from './search-seed';

export interface ContactGraph {
  /** Each pair once, [lower id, higher id]. */
  pairs: [number, number][];
  /** Each user id's contacts. */
  of: Map<number, number[]>;
}

export function contactGraph(userIds: readonly number[], k: number, seed = 15): ContactGraph {
  const n = userIds.length;
  if (!Number.isInteger(k) || k < 1 || k >= n) {
    throw new Error(`--contacts must be between 1 and clients − 1 (${n - 1}): got ${k}`);
  }
  if (k % 2 === 1 && n % 2 === 1) {
    throw new Error('an odd --contacts needs an even number of clients');
  }
  const random = rng(seed);
  const ring = [...userIds];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ring[i], ring[j]] = [ring[j]!, ring[i]!];
  }
  const shifts = Array.from({ length: Math.floor(k / 2) }, (_, i) => i + 1);
  const pairs: [number, number][] = [];
  const of = new Map<number, number[]>(userIds.map((id) => [id, []]));
  const link = (a: number, b: number) => {
    pairs.push(a < b ? [a, b] : [b, a]);
    of.get(a)!.push(b);
    of.get(b)!.push(a);
  };
  for (const d of shifts) for (let i = 0; i < n; i++) link(ring[i]!, ring[(i + d) % n]!);
  // Odd K: the one opposite on the ring (each such pair once).
  if (k % 2 === 1) for (let i = 0; i < n / 2; i++) link(ring[i]!, ring[i + n / 2]!);
  return { pairs, of };
}
