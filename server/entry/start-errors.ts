import { ConfigError } from '../config/server-config';
import { DatabaseTooNewError, MigrationError } from '../../db/migrate';
import { DatabaseOpenError } from '../../db/open-db';
import { PasswordHasherStartError } from '../auth/password-hasher';

/** A start-up failure, explained for the person at the terminal (pure, unit-tested). */
export function explainStartError(
  err: unknown,
  where: { host: string; port: number; dataDir: string },
): string {
  const e = err as NodeJS.ErrnoException & { syscall?: string };
  if (e?.code === 'EADDRINUSE') {
    return (
      `Port ${where.port} is already in use on ${where.host}: another Hearth, or another program, ` +
      `is listening there. Stop it, or pick another port: npm run host -- --port ${where.port + 1}`
    );
  }
  if (e?.code === 'EACCES' && e.syscall === 'listen') {
    return `Not allowed to listen on port ${where.port}. Pick a port above 1024: npm run host -- --port 4000`;
  }
  if (e?.code === 'EADDRNOTAVAIL') {
    return `${where.host} is not an address of this machine. Use 0.0.0.0 (every interface) or 127.0.0.1.`;
  }
  if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EROFS' || e?.code === 'ENOTDIR') {
    return `Cannot use the data folder ${where.dataDir} (${e.code}). Pick another with --data-dir.`;
  }
  if (e?.code === 'ENOSPC') return `The disk holding ${where.dataDir} is full.`;
  if (
    err instanceof ConfigError ||
    err instanceof DatabaseTooNewError ||
    err instanceof MigrationError ||
    err instanceof DatabaseOpenError ||
    err instanceof PasswordHasherStartError
  ) {
    return err.message;
  }
  return `Could not start the forum server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}
