/**
 * Signing in and out, and API tokens:
 *   POST   /api/auth/login   {username, password} → Me, and a new session cookie
 *   POST   /api/auth/logout  ends the session, clears the cookie (204)
 *   GET    /api/auth/me      → Me (with the CSRF token for the session)
 *   GET    /api/auth/tokens           the caller's tokens (never the tokens themselves)
 *   POST   /api/auth/tokens {name, expiresInDays?} → the token, shown this once (201)
 *   DELETE /api/auth/tokens/:id       (204; someone else's token is 404)
 * Who may call which is in `policy.ts`; this module only does the work.
 */
import { Router, type Request } from 'express';
import { NotFoundError } from '../errors.js';
import { parseBody } from '../http/validation.js';
import type { Me } from './auth-contract.js';
import type { AuthContext } from './auth-context.js';
import { loginBody, TOKEN_ID, tokenBody } from './auth-schemas.js';
import { InvalidCredentialsError } from './auth-errors.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from './cookies.js';
import { requireIdentity, setIdentity, type Identity } from './identity.js';
import { loginRateLimits } from './login-limit.js';
import { needsRehash, verifyNobody, verifyPassword } from './passwords.js';
import { csrfTokenFor } from './secrets.js';
import { createSession, deleteExpiredSessions, endSession } from './session-store.js';
import { createApiToken, deleteApiToken, listTokens } from './token-store.js';
import { findUser, rehashPassword, usernameSchema } from './user-store.js';

/** What `/api/auth/me` and sign-in answer for an identity. */
export function meOf(identity: Identity): Me {
  const me: Me = {
    username: identity.username,
    role: identity.role,
    csrfToken: identity.via === 'session' ? csrfTokenFor(identity.sessionId!) : null,
    via: identity.via,
  };
  if (identity.expiresAt !== undefined) me.expiresAt = new Date(identity.expiresAt).toISOString();
  return me;
}

function tokenId(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!TOKEN_ID.test(id)) throw new NotFoundError('No such token');
  return id;
}

/** The sign-in, sign-out, me and token routes (mounted on /api). */
export function authRoutes(context: AuthContext): Router {
  const router = Router();
  const { store, timeouts, credentials } = context;

  router.post(
    '/auth/login',
    ...loginRateLimits(context.settings.loginRateLimitPerMinute, store),
    async (req, res) => {
      const body = parseBody(loginBody, req.body);
      const name = usernameSchema.safeParse(body.username);
      const user = name.success ? await findUser(store, name.data) : undefined;
      // Verify even when there is no such user, so timing does not tell which names exist.
      const matches = user
        ? await verifyPassword(user.passwordHash, body.password)
        : await verifyNobody(body.password);
      if (!user || !matches || user.disabled) throw new InvalidCredentialsError();
      if (needsRehash(user.passwordHash)) await rehashPassword(store, user.username, body.password);

      // A new id at every sign-in: a session id planted before it is worth nothing after.
      const previous = readCookie(req, SESSION_COOKIE);
      if (previous !== undefined && previous.length <= 100) await endSession(store, previous, credentials);
      const session = await createSession(store, user.username, timeouts);
      setSessionCookie(req, res, session.id, timeouts.absoluteMs);
      const identity: Identity = {
        username: user.username,
        role: user.role,
        via: 'session',
        sessionId: session.id,
        expiresAt: session.expiresAt,
      };
      setIdentity(req, identity);
      deleteExpiredSessions(store, timeouts).catch((error: unknown) =>
        context.logger.warn({ err: error }, 'could not delete expired sessions'),
      );
      res.set('Cache-Control', 'no-store');
      res.json(meOf(identity));
    },
  );

  router.post('/auth/logout', async (req, res) => {
    const identity = requireIdentity(req);
    if (identity.via === 'session') await endSession(store, identity.sessionId!, credentials);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/auth/me', (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(meOf(requireIdentity(req)));
  });

  router.get('/auth/tokens', async (req, res) => {
    res.json({ tokens: await listTokens(store, requireIdentity(req).username) });
  });

  router.post('/auth/tokens', async (req, res) => {
    const body = parseBody(tokenBody, req.body);
    const created = await createApiToken(store, requireIdentity(req).username, body.name, body.expiresInDays);
    res.set('Cache-Control', 'no-store');
    res.status(201).json(created);
  });

  router.delete('/auth/tokens/:id', async (req, res) => {
    if (!(await deleteApiToken(store, requireIdentity(req).username, tokenId(req), credentials))) {
      throw new NotFoundError('No such token');
    }
    res.status(204).end();
  });

  return router;
}
