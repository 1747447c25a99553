/**
 * Saved servers: forums this computer hosts and forums it joined, last used first. Kept
 * in `servers.json` in userData. The launcher lists them; the next start reopens the first.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { openJsonFile } from './json-file.store';

export const hostConfigSchema = z.strictObject({
  forumName: z.string().trim().min(1).max(80),
  port: z.number().int().min(1).max(65535),
  dataDir: z.string().min(1),
  /** true: 0.0.0.0 (everyone on the network); false: 127.0.0.1 (only this computer). */
  lanVisible: z.boolean(),
  /**
   * HTTPS with the forum's own certificate. Absent in forums saved before it existed: those
   * stay plain HTTP (no silent switch; their people's bookmarks and apps use http).
   */
  https: z.boolean().optional(),
  /** With https: also serve plain HTTP on this port, for old devices; null: none. */
  httpPort: z.number().int().min(1).max(65535).nullable().optional(),
});
export type HostConfig = z.infer<typeof hostConfigSchema>;

const savedServerSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('joined'),
    id: z.string().min(1),
    name: z.string().max(200),
    url: z.url(),
    lastUsedAt: z.string(),
    /** SHA-256 of its certificate (64 hex), pinned when joined over HTTPS (issue 14). */
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('hosted'),
    id: z.string().min(1),
    name: z.string().max(200),
    host: hostConfigSchema,
    lastUsedAt: z.string(),
  }),
]);
export type SavedServer = z.infer<typeof savedServerSchema>;

const fileSchema = z.strictObject({
  version: z.literal(1),
  servers: z.array(savedServerSchema).max(200),
});

export type SavedServerInput =
  | { kind: 'joined'; name: string; url: string; fingerprint?: string }
  | { kind: 'hosted'; name: string; host: HostConfig };

export interface ServersStore {
  /** Last used first. */
  list(): SavedServer[];
  last(): SavedServer | null;
  /** Add or update a server and mark it as just used. */
  touch(input: SavedServerInput): SavedServer;
  remove(id: string): boolean;
  readonly warnings: readonly string[];
}

/** Stable identity: a joined forum is its origin; a hosted forum is its data folder. */
export function serverId(input: SavedServerInput): string {
  return input.kind === 'joined'
    ? `joined:${new URL(input.url).origin}`
    : `hosted:${input.host.dataDir}`;
}

export function openServersStore(
  userDataDir: string,
  log: (message: string) => void,
  now: () => Date = () => new Date(),
): ServersStore {
  const file = openJsonFile(
    join(userDataDir, 'servers.json'),
    fileSchema,
    () => ({ version: 1 as const, servers: [] }),
    log,
    now,
  );
  let servers = sortByLastUsed(file.read().servers);

  function save(): void {
    file.write({ version: 1, servers });
  }

  return {
    list: () => servers.map((s) => ({ ...s })),
    last: () => (servers[0] ? { ...servers[0] } : null),
    touch(input) {
      const id = serverId(input);
      const lastUsedAt = now().toISOString();
      // A pin is kept across visits until a new one is given (re-trust after a change).
      const pinned = servers.find((s) => s.id === id);
      const fingerprint =
        input.kind === 'joined'
          ? (input.fingerprint ?? (pinned?.kind === 'joined' ? pinned.fingerprint : undefined))
          : undefined;
      const entry: SavedServer =
        input.kind === 'joined'
          ? {
              kind: 'joined',
              id,
              name: input.name,
              url: new URL(input.url).origin,
              lastUsedAt,
              ...(fingerprint ? { fingerprint } : {}),
            }
          : { kind: 'hosted', id, name: input.name, host: input.host, lastUsedAt };
      servers = [entry, ...servers.filter((s) => s.id !== id)];
      save();
      return { ...entry };
    },
    remove(id) {
      const before = servers.length;
      servers = servers.filter((s) => s.id !== id);
      if (servers.length === before) return false;
      save();
      return true;
    },
    get warnings() {
      return file.warnings;
    },
  };
}

function sortByLastUsed(list: SavedServer[]): SavedServer[] {
  return [...list].sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
}
