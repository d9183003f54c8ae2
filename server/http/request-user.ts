/**
 * Who is asking: the signed-in user, as the access-control middleware established it (session
 * cookie or API token). This is the owner of saved queries and workspaces. The old
 * `X-Casegraph-User` header is no longer read: a header anyone can set is not an identity.
 */
import type { Request } from 'express';
import { requireIdentity } from '../auth/identity.js';

/** The signed-in user's name; 401 if the request somehow reached a route without one. */
export function requestUser(req: Request): string {
  return requireIdentity(req).username;
}
