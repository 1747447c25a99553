import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import type { RateLimiter } from '../security/rate-limiter';

/** 429 RATE_LIMITED with Retry-After when `keyOf(req)`'s bucket is empty. */
export function limitBy(
  limiter: RateLimiter,
  keyOf: (req: Request) => string | number,
): RequestHandler {
  return (req, _res, next) => {
    const decision = limiter.take(keyOf(req));
    if (decision.allowed) {
      next();
      return;
    }
    const retryAfterSec = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    next(
      new AppError('RATE_LIMITED', `Too many requests. Try again in ${retryAfterSec} s.`, {
        retryAfterSec,
      }),
    );
  };
}
