/**
 * requireSession clears a stale cookie only when it tried every value it was sent: with
 * values left untried (only possible past Node's header limit), one of them may be the
 * live session, and clearing would sign that user out.
 */
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { startTestServer, type TestServer } from '../test/harness';
import { requireSession } from './require-session';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** Runs the guard on a Cookie header: the Set-Cookie it wrote and what it passed on. */
function guard(cookie: string): { setCookie: unknown; passed: unknown } {
  const headers: Record<string, unknown> = {};
  const req = { headers: { cookie }, secure: false } as unknown as Request;
  const res = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = value),
  } as unknown as Response;
  let passed: unknown = 'not called';
  requireSession(t.server.context.sessions)(req, res, (err?: unknown) => (passed = err));
  return { setCookie: headers['set-cookie'], passed };
}

describe('requireSession', () => {
  const sessions = () => t.server.context.sessions;
  const unknown = (n: number) =>
    Array.from({ length: n }, (_, i) => `${sessions().cookie.name}=${String(i).padStart(43, 'u')}`);

  it('clears the cookie when every value was tried and none is live', () => {
    const { setCookie, passed } = guard(unknown(30).join('; '));
    expect(setCookie).toBe(sessions().cookie.clear(false));
    expect((passed as AppError).code).toBe('UNAUTHENTICATED');
  });

  it('leaves it alone when values were left untried', () => {
    const { setCookie, passed } = guard(unknown(sessions().cookie.maxTokens + 1).join(';'));
    expect(setCookie).toBeUndefined();
    expect((passed as AppError).code).toBe('UNAUTHENTICATED');
  });
});
