/**
 * The one access-control middleware, mounted in app.ts before every `/api` router. For each
 * request it
 *   1. finds the route's rule in the policy table (`policy.ts`);
 *   2. lets public routes through;
 *   3. authenticates: a bearer token (`Authorization: Bearer cgt_…`), else the session cookie;
 *      no one valid → 401;
 *   4. denies what the table does not list (404, like a route that does not exist);
 *   5. checks the rule: session-only routes refuse tokens, a lower role gets 403;
 *   6. requires the CSRF token on POST/PUT/PATCH/DELETE made with the cookie (not with a token:
 *      a page on another site cannot set an Authorization header);
 * and, for rules that name an audit action, records the outcome when the answer is sent.
 */
import type { Request, RequestHandler, Response } from 'express';
import { NotFoundError } from '../errors.js';
import { AccessDeniedError, UnauthenticatedError } from './auth-errors.js';
import type { AuthContext } from './auth-context.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE } from './cookies.js';
import { requestIdentity, setIdentity, type Identity } from './identity.js';
import { matchPolicy, type PolicyMatch, type TargetSource } from './policy.js';
import { roleAtLeast } from './roles.js';
import { resolveSession } from './session-store.js';
import { constantTimeEqual, csrfTokenFor } from './secrets.js';
import { resolveApiToken } from './token-store.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is asking, or undefined for nobody (or nobody valid). */
export async function authenticate(
  context: AuthContext,
  req: Request,
  res: Response,
): Promise<Identity | undefined> {
  const header = req.get('authorization');
  if (header !== undefined) {
    // A credential that was sent but is wrong never falls back to the cookie.
    const bearer = /^Bearer +(\S{1,200})\s*$/i.exec(header);
    if (!bearer) return undefined;
    const user = await resolveApiToken(context.store, bearer[1]!, context.credentials);
    return user && { username: user.username, role: user.role, via: 'token' };
  }
  const sessionId = readCookie(req, SESSION_COOKIE);
  if (sessionId === undefined) return undefined;
  const found =
    sessionId.length <= 100
      ? await resolveSession(context.store, sessionId, context.timeouts, context.credentials)
      : undefined;
  if (!found) {
    clearSessionCookie(req, res);
    return undefined;
  }
  return {
    username: found.user.username,
    role: found.user.role,
    via: 'session',
    sessionId,
    expiresAt: found.session.expiresAt,
  };
}

/** True for routes that read their own body (the import); the app's JSON parser skips them. */
export function readsOwnBody(req: Request): boolean {
  return matchPolicy(req.method, req.baseUrl + req.path)?.rule.rawBody === true;
}

/** The middleware; mount it on /api before every router. */
export function accessControl(context: AuthContext): RequestHandler {
  return async (req, res, next) => {
    const path = req.baseUrl + req.path;
    const match = matchPolicy(req.method, path);
    if (match?.rule.audit) auditWhenAnswered(context, req, res, match);
    try {
      if (match?.rule.access === 'public') {
        next();
        return;
      }
      const identity = await authenticate(context, req, res);
      if (!identity) {
        res.set('WWW-Authenticate', 'Bearer realm="casegraph"');
        throw new UnauthenticatedError();
      }
      setIdentity(req, identity);
      if (!match) throw new NotFoundError(`No API route ${req.method} ${req.originalUrl.split('?')[0]}`);
      const { rule } = match;
      if (rule.sessionOnly && identity.via !== 'session') {
        throw new AccessDeniedError(
          'SESSION_REQUIRED',
          'Sign in with a password for this; API tokens cannot do it',
        );
      }
      if (rule.access !== 'public' && !roleAtLeast(identity.role, rule.access)) {
        throw new AccessDeniedError(
          'FORBIDDEN',
          `This needs the ${rule.access} role (you are ${identity.role})`,
        );
      }
      if (identity.via === 'session' && !SAFE_METHODS.has(req.method)) {
        const sent = req.get(CSRF_HEADER);
        if (sent === undefined || !constantTimeEqual(sent, csrfTokenFor(identity.sessionId!))) {
          throw new AccessDeniedError(
            'CSRF_FAILED',
            'Missing or wrong X-CSRF-Token header (GET /api/auth/me gives the token)',
          );
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** One request value named by a target source, as short text (undefined when absent). */
function sourceText(req: Request, match: PolicyMatch, source: TargetSource): string | undefined {
  const colon = source.indexOf(':');
  const kind = source.slice(0, colon);
  const key = source.slice(colon + 1);
  let value: unknown;
  if (kind === 'param') value = match.params[key];
  else if (kind === 'query') value = (req.query as Record<string, unknown>)[key];
  else if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
    value = (req.body as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What a request acted on: the one value, or `key=value` pairs when the rule names several. */
export function describeTarget(req: Request, match: PolicyMatch): string | null {
  const sources = match.rule.target ?? [];
  const parts = sources.flatMap((source) => {
    const text = sourceText(req, match, source);
    if (text === undefined) return [];
    return sources.length === 1 ? [text] : [`${source.slice(source.indexOf(':') + 1)}=${text}`];
  });
  return parts.length > 0 ? parts.join(' ') : null;
}

function auditWhenAnswered(context: AuthContext, req: Request, res: Response, match: PolicyMatch): void {
  res.once('close', () => {
    try {
      const identity = requestIdentity(req);
      const actor = match.rule.actor ? sourceText(req, match, match.rule.actor) : undefined;
      context.audit.record({
        username:
          identity?.username ?? (actor === undefined ? null : actor.trim().toLowerCase().slice(0, 100)),
        action: match.rule.audit!,
        target: describeTarget(req, match),
        // A client that went away before the answer: nginx's 499.
        status: res.writableFinished ? res.statusCode : 499,
        ip: req.ip ?? null,
      });
    } catch (error) {
      context.logger.error({ err: error }, 'audit log: could not record a request');
    }
  });
}
