import type { z } from 'zod';
import { AppError } from '../errors/app-error';

function toAppError(
  error: z.ZodError,
  where: 'body' | 'query' | 'path',
  input?: unknown,
): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError('VALIDATION_FAILED', 'The request is invalid.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return new AppError('VALIDATION_FAILED', `Unknown field "${key}".`, { field: key });
  }
  const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
  const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
  if (field === undefined && where === 'body' && !isObject) {
    return new AppError('VALIDATION_FAILED', 'The request body must be a JSON object.');
  }
  // Body schemas carry messages written for people (common/api.ts); query and path values
  // get their name in front, since the generic messages do not say which one is wrong.
  const message = where === 'body' ? issue.message : `Invalid ${field ?? where}: ${issue.message}`;
  return new AppError('VALIDATION_FAILED', message, field === undefined ? {} : { field });
}

/** Parses a JSON body from unknown; the first problem becomes VALIDATION_FAILED + field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw toAppError(result.error, 'body', body);
  return result.data;
}

/** Query values; an empty one (`?category=&before=`) means the parameter is absent. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const present =
    typeof query === 'object' && query !== null
      ? Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''))
      : query;
  const result = schema.safeParse(present);
  if (!result.success) throw toAppError(result.error, 'query');
  return result.data;
}

/** A path parameter such as `:id`. */
export function parseParam<S extends z.ZodType>(
  schema: S,
  value: unknown,
  name: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', `Invalid ${name} in the path: "${String(value)}".`, {
      field: name,
    });
  }
  return result.data;
}
