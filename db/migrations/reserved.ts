import type { Migration } from '../migrate';

/**
 * A migration number assigned to another branch of this round (rooms 010, files 011, search
 * 012, reactions 013) that has not landed on this branch yet. The migration list must have no
 * gaps, so until the real one lands its number holds this no-op. When merging, replace each
 * placeholder by the real migration of that number (and delete this file once none is left).
 */
export const reservedMigration = (version: number, owner: string): Migration => ({
  version,
  name: `reserved for ${owner}`,
  up: '',
});
