export { openDb, closeDb, DatabaseOpenError, type Db, type OpenDbOptions } from './open-db';
export {
  migrate,
  latestVersion,
  DatabaseTooNewError,
  MigrationError,
  type Migration,
  type MigrateResult,
} from './migrate';
export { MIGRATIONS } from './migrations/index';
export {
  sqliteCode,
  isDatabaseBusy,
  isConstraintViolation,
  isForeignKeyViolation,
  isUniqueViolation,
} from './sqlite-errors';
