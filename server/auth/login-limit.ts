/**
 * Rate limits on sign-in: per IP address and user name (guessing one account's password), and a
 * looser one per IP address alone (trying many accounts). Successful sign-ins do not count. Over
 * the limit the answer is 429 with Retry-After. Counters live in this process's memory: a restart
 * resets them, and several processes each count on their own.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { TooManyAttemptsError } from './auth-errors.js';

/** How many more attempts one IP may make, across user names, than per user name. */
const PER_IP_FACTOR = 5;

export function loginRateLimits(perMinute: number): RequestHandler[] {
  const common = {
    windowMs: 60_000,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: ((_req, _res, next) => next(new TooManyAttemptsError())) as RequestHandler,
  };
  const ip = (req: { ip?: string | undefined }) => ipKeyGenerator(req.ip ?? 'unknown');
  const username = (req: { body?: unknown }) => {
    const name = (req.body as { username?: unknown } | undefined)?.username;
    return typeof name === 'string' ? name.trim().toLowerCase().slice(0, 100) : '';
  };
  return [
    rateLimit({
      ...common,
      identifier: 'login-user',
      limit: perMinute,
      keyGenerator: (req) => `${ip(req)}|${username(req)}`,
    }),
    rateLimit({
      ...common,
      identifier: 'login-ip',
      limit: perMinute * PER_IP_FACTOR,
      keyGenerator: (req) => ip(req),
    }),
  ];
}
