/**
 * Who is asking: set by the access-control middleware on every request it lets through, read by
 * the routes (`requireIdentity(req).username` is the owner of saved queries and workspaces).
 * Kept in a WeakMap rather than on `req`, so nothing else can set it by accident.
 */
import type { Request } from 'express';
import { UnauthenticatedError } from './auth-errors.js';
import type { Role } from './roles.js';

export interface Identity {
  username: string;
  role: Role;
  via: 'session' | 'token';
  /** Only for `session`: the id from the cookie (for CSRF and sign-out). */
  sessionId?: string;
  /** Only for `session`: when it ends at the latest (ms since epoch). */
  expiresAt?: number;
}

const identities = new WeakMap<Request, Identity>();

/** Records who is asking (the access-control middleware and sign-in only). */
export function setIdentity(req: Request, identity: Identity): void {
  identities.set(req, identity);
}

/** Who is asking, if anyone is signed in. */
export function requestIdentity(req: Request): Identity | undefined {
  return identities.get(req);
}

/** The signed-in user; 401 when there is none (a route the policy left open by mistake). */
export function requireIdentity(req: Request): Identity {
  const identity = identities.get(req);
  if (!identity) throw new UnauthenticatedError();
  return identity;
}
