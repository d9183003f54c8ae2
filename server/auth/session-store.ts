/**
 * Browser sessions, kept in Neo4j (not in process memory, so they survive a restart and work
 * behind several processes) as `(:_Session {idHash, username, createdAt, lastSeenAt, expiresAt})`.
 * The session id itself exists only in the browser's cookie; the database holds its SHA-256.
 *
 * A session ends at whichever comes first: the absolute time-out (fixed at sign-in), the idle
 * time-out (no request for that long), sign-out, or its user being disabled. `lastSeenAt` is
 * written at most once a minute, so a busy page does not turn every read into a write.
 */
import neo4j, { type Node } from 'neo4j-driver';
import { cypher } from '../cypher-files.js';
import type { GraphTarget } from '../db/graph-target.js';
import type { CredentialCache } from './credential-cache.js';
import { randomSecret, sha256Hex } from './secrets.js';
import { userFromValue, type UserRecord } from './user-record.js';

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

export interface SessionRecord {
  idHash: string;
  username: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** How stale `lastSeenAt` may get before a request refreshes it. */
export function touchInterval(timeouts: SessionTimeouts): number {
  return Math.min(60_000, Math.floor(timeouts.idleMs / 10));
}

/** Starts a session for `username`; returns the id for the cookie (shown nowhere else). */
export async function createSession(
  target: GraphTarget,
  username: string,
  timeouts: SessionTimeouts,
  now = Date.now(),
): Promise<{ id: string; expiresAt: number }> {
  const id = randomSecret(32);
  const session: SessionRecord = {
    idHash: sha256Hex(id),
    username,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + timeouts.absoluteMs,
  };
  await target.driver.executeQuery(cypher('auth/session-create'), { session }, { database: target.database });
  return { id, expiresAt: session.expiresAt };
}

function sessionFromValue(value: unknown): SessionRecord | undefined {
  if (!value || !neo4j.isNode(value as Node)) return undefined;
  const p = (value as Node).properties as Record<string, unknown>;
  const number = (key: string) => (typeof p[key] === 'number' ? (p[key] as number) : Number.NaN);
  if (typeof p.idHash !== 'string' || typeof p.username !== 'string') return undefined;
  return {
    idHash: p.idHash,
    username: p.username,
    createdAt: number('createdAt'),
    lastSeenAt: number('lastSeenAt'),
    expiresAt: number('expiresAt'),
  };
}

/**
 * The live session with this id and its (enabled) user, or undefined. A session found expired,
 * or whose user is gone or disabled, is deleted on the way. With `credentials`, a session found
 * live is remembered there for a short while.
 */
export async function resolveSession(
  target: GraphTarget,
  sessionId: string,
  timeouts: SessionTimeouts,
  credentials?: CredentialCache,
  now = Date.now(),
): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
  const idHash = sha256Hex(sessionId);
  const cacheKey = sessionCacheKey(target, idHash);
  const known = credentials?.get<{ session: SessionRecord; user: UserRecord }>(cacheKey);
  // A remembered session serves only while no touch is due, so idle time-outs stay exact.
  if (known && now < known.session.expiresAt && now - known.session.lastSeenAt < touchInterval(timeouts)) {
    return known;
  }

  const { records } = await target.driver.executeQuery(
    cypher('auth/session-with-user'),
    { idHash },
    { database: target.database, routing: neo4j.routing.READ },
  );
  const session = sessionFromValue(records[0]?.get('s'));
  if (!session) return undefined;
  const user = userFromValue(records[0]?.get('u'));
  // NaN (a damaged record) fails every comparison below, so it counts as expired.
  const alive = now < session.expiresAt && now - session.lastSeenAt < timeouts.idleMs;
  if (!alive || !user || user.disabled) {
    await endSessionByHash(target, idHash, credentials);
    return undefined;
  }
  if (now - session.lastSeenAt >= touchInterval(timeouts)) {
    await target.driver.executeQuery(
      cypher('auth/session-touch'),
      { idHash, now },
      { database: target.database },
    );
    session.lastSeenAt = now;
  }
  const found = { session, user };
  credentials?.set(cacheKey, found, user, session.expiresAt);
  return found;
}

function sessionCacheKey(target: GraphTarget, idHash: string): string {
  return `${target.database}:session:${idHash}`;
}

async function endSessionByHash(
  target: GraphTarget,
  idHash: string,
  credentials: CredentialCache | undefined,
): Promise<void> {
  credentials?.forget(sessionCacheKey(target, idHash));
  await target.driver.executeQuery(cypher('auth/session-delete'), { idHash }, { database: target.database });
}

/** Ends one session (sign-out, or the old session at a new sign-in) and forgets it in `credentials`. */
export function endSession(
  target: GraphTarget,
  sessionId: string,
  credentials?: CredentialCache,
): Promise<void> {
  return endSessionByHash(target, sha256Hex(sessionId), credentials);
}

/** Ends every session of a user (forgetting them in `credentials`); returns how many there were. */
export async function endSessionsOf(
  target: GraphTarget,
  username: string,
  credentials?: CredentialCache,
): Promise<number> {
  credentials?.forgetUser(username);
  const { records } = await target.driver.executeQuery(
    cypher('auth/sessions-delete-user'),
    { username },
    { database: target.database },
  );
  return Number(records[0]?.get('ended') ?? 0);
}

/** Deletes sessions that have timed out (they would be refused anyway; this keeps the store small). */
export async function deleteExpiredSessions(
  target: GraphTarget,
  timeouts: SessionTimeouts,
  now = Date.now(),
): Promise<void> {
  await target.driver.executeQuery(
    cypher('auth/sessions-delete-expired'),
    { now, idleBefore: now - timeouts.idleMs },
    { database: target.database },
  );
}
