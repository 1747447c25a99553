/**
 * A small JSON file in userData, parsed with a schema. A missing file gives the defaults;
 * a corrupt or invalid one is moved aside (kept for the curious) and reset, with a warning
 * the launcher shows. Writes go to a temp file and are renamed over the old one, so a crash
 * mid-write never leaves half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

export interface JsonFile<T> {
  read(): T;
  write(value: T): void;
  /** Warnings from the last read (e.g. a corrupt file was reset). */
  readonly warnings: readonly string[];
}

export function openJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  defaults: () => z.output<S>,
  log: (message: string) => void,
  now: () => Date = () => new Date(),
): JsonFile<z.output<S>> {
  const warnings: string[] = [];

  function reset(why: string): z.output<S> {
    const backup = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(path, backup);
    } catch {
      // Nothing to keep; the reset still goes on.
    }
    const message = `${path} was unreadable (${why}); it was reset and the old file kept as ${backup}.`;
    warnings.push(message);
    log(message);
    const value = defaults();
    write(value);
    return value;
  }

  function read(): z.output<S> {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return defaults();
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return reset('not valid JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return reset(parsed.error.issues[0]?.message ?? 'invalid content');
    return parsed.data;
  }

  function write(value: z.output<S>): void {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
    renameSync(tmp, path);
  }

  return { read, write, warnings };
}
