import { mkdirSync } from 'node:fs';
import { migrate } from '../db/migrate';
import { closeDb, openDb, type Db } from '../db/open-db';
import { createPasswordHasher, type PasswordHasher } from './auth/password-hasher';
import type { ServerConfig } from './config/server-config';
import type { Logger } from './logging/logger';

/** Opens and migrates the database, then starts the hashing threads; undoes it on failure. */
export async function openStorage(
  config: ServerConfig,
  log: Logger,
): Promise<{ db: Db; hasher: PasswordHasher }> {
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDb(
    config.dbPath,
    config.sqliteNativeBinding ? { nativeBinding: config.sqliteNativeBinding } : {},
  );
  try {
    const migrated = migrate(db);
    if (migrated.applied.length > 0) {
      log.info('database migrated', { from: migrated.from, to: migrated.to, file: config.dbPath });
    }
    const hasher = await createPasswordHasher({
      cost: config.bcryptCost,
      workers: config.hashWorkers,
      maxQueued: config.hashQueueMax,
    });
    return { db, hasher };
  } catch (err) {
    closeDb(db);
    throw err;
  }
}
