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
 * and, before a change (policy.ts `auditKind`), checks that the audit store takes writes: a change
 * that could not be accounted for is refused (503) before it is made. What is recorded, and when,
 * is server/audit/audit-trail.ts's job (mounted before this).
 */
import type { Request, RequestHandler, Response } from 'express';
import { AuditUnavailableError, markDeniedByPolicy } from '../audit/audit-trail.js';
import { NotFoundError } from '../errors.js';
import { AccessDeniedError, UnauthenticatedError } from './auth-errors.js';
import type { AuthContext } from './auth-context.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE } from './cookies.js';
import { setIdentity, type Identity } from './identity.js';
import { auditKindOf, matchPolicy, type PolicyMatch } from './policy.js';
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
    try {
      if (match?.rule.access === 'public') {
        await checkAuditWritable(context, match);
        next();
        return;
      }
      const identity = await authenticate(context, req, res);
      if (!identity) {
        res.set('WWW-Authenticate', 'Bearer realm="casegraph"');
        throw new UnauthenticatedError();
      }
      setIdentity(req, identity);
      if (!match) {
        markDeniedByPolicy(res);
        throw new NotFoundError(`No API route ${req.method} ${req.originalUrl.split('?')[0]}`);
      }
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
      await checkAuditWritable(context, match);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Before a change: throws AuditUnavailableError when the audit store does not take writes now. */
async function checkAuditWritable(context: AuthContext, match: PolicyMatch): Promise<void> {
  if (!match.rule.audit || auditKindOf(match.rule) !== 'change') return;
  try {
    await context.audit.probe();
  } catch (error) {
    context.logger.error({ err: error }, 'audit log: the app store does not take writes; change refused');
    throw new AuditUnavailableError();
  }
}
