import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors/app-error';
import type { RateLimiter } from '../security/rate-limiter';

export interface LimitOptions {
  /**
   * Give the token back when the request fails validation (4xx other than 429): for content
   * limits, where only accepted posts should count. Login and sign-up count every attempt.
   */
  onlyAccepted?: boolean;
}

/** 429 RATE_LIMITED with Retry-After when `keyOf(req)`'s bucket is empty. */
export function limitBy(
  limiter: RateLimiter,
  keyOf: (req: Request) => string | number,
  options: LimitOptions = {},
): RequestHandler {
  return (req, res, next) => {
    const key = keyOf(req);
    const decision = limiter.take(key);
    if (decision.allowed) {
      if (options.onlyAccepted) {
        res.once('finish', () => {
          if (res.statusCode >= 400 && res.statusCode < 500) limiter.refund(key);
        });
      }
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
