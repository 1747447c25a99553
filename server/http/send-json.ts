import type { Response } from 'express';

/** Sends JSON that is already serialized (a cached page), skipping Express's re-encoding. */
export function sendJsonBytes(res: Response, status: number, body: Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/**
 * `res.status(status).json(value)` with the same bytes and headers, without Express's
 * content-type parsing and charset rewriting on the way (a hot write's answer: a comment).
 */
export function sendJson(res: Response, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
