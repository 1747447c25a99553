import type { Response } from 'express';

/** Sends JSON that is already serialized (a cached page), skipping Express's re-encoding. */
export function sendJsonBytes(res: Response, status: number, body: Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
