/**
 * CORS for the configured origins only. The explorer is served by the same process (same origin,
 * no CORS at all); this is for a separately hosted client or a development server. A request from
 * any other origin gets no CORS headers (the browser then keeps the answer from the page), and its
 * preflight is refused outright.
 */
import type { RequestHandler } from 'express';
import { AccessDeniedError } from './auth-errors.js';

const ALLOWED_HEADERS = 'Content-Type, Authorization, X-CSRF-Token, X-Casegraph-Mapping, Idempotency-Key';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';

/** CORS headers for exactly these origins (`https://host[:port]`). */
export function corsForOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map((origin) => origin.toLowerCase()));
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const isPreflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (!origin || !allowed.has(origin.toLowerCase())) {
      if (isPreflight) {
        next(new AccessDeniedError('ORIGIN_NOT_ALLOWED', 'This origin may not call the API'));
        return;
      }
      next();
      return;
    }
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    if (isPreflight) {
      res.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
