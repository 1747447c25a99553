import type { Migration } from '../migrate';
import { m001Initial } from './001-initial';
import { m002Live } from './002-live';

/**
 * Every migration, in order. Append only: a released migration never changes, because
 * databases in the field already ran it. To change the schema, add `002-<what>.ts` here and
 * update db/schema.sql (db/schema.test.ts checks that they agree).
 */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002Live];
