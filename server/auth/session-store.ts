/**
 * Browser sessions, kept in the app store's `sessions` table (not in process memory, so they
 * survive a restart and work behind several processes without sticky sessions). The session id
 * itself exists only in the browser's cookie; the store holds its SHA-256.
 *
 * A session ends at whichever comes first: the absolute time-out (fixed at sign-in), the idle
 * time-out (no request for that long), sign-out, or its user being disabled. `last_seen_at` is
 * written at most once a minute, so a busy page does not turn every read into a write.
 */
import { millis, type AppStore } from '../app-store/app-store.js';
import type { CredentialCache } from './credential-cache.js';
import { randomSecret, sha256Hex } from './secrets.js';
import { userFromRow, type UserRecord } from './user-record.js';

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
  store: AppStore,
  username: string,
  timeouts: SessionTimeouts,
  now = Date.now(),
): Promise<{ id: string; expiresAt: number }> {
  const id = randomSecret(32);
  const expiresAt = now + timeouts.absoluteMs;
  await store.db
    .insertInto('sessions')
    .values({ id_hash: sha256Hex(id), username, created_at: now, last_seen_at: now, expires_at: expiresAt })
    .execute();
  return { id, expiresAt };
}

/**
 * The live session with this id and its (enabled) user, or undefined. A session found expired,
 * or whose user is gone or disabled, is deleted on the way. With `credentials`, a session found
 * live is remembered there for a short while.
 */
export async function resolveSession(
  store: AppStore,
  sessionId: string,
  timeouts: SessionTimeouts,
  credentials?: CredentialCache,
  now = Date.now(),
): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
  const idHash = sha256Hex(sessionId);
  const cacheKey = sessionCacheKey(idHash);
  const known = credentials?.get<{ session: SessionRecord; user: UserRecord }>(cacheKey);
  // A remembered session serves only while no touch is due, so idle time-outs stay exact.
  if (known && now < known.session.expiresAt && now - known.session.lastSeenAt < touchInterval(timeouts)) {
    return known;
  }

  const row = await store.db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.username', 's.username')
    .select([
      's.id_hash',
      's.username',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.username as user_username',
      'u.role',
      'u.password_hash',
      'u.disabled',
      'u.created_at as user_created_at',
      'u.updated_at as user_updated_at',
      'u.password_changed_at',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const session: SessionRecord = {
    idHash,
    username: row.username,
    createdAt: millis(row.created_at),
    lastSeenAt: millis(row.last_seen_at),
    expiresAt: millis(row.expires_at),
  };
  const user =
    row.user_username === null
      ? undefined
      : userFromRow({
          username: row.user_username,
          role: row.role!,
          password_hash: row.password_hash!,
          disabled: row.disabled!,
          created_at: row.user_created_at!,
          updated_at: row.user_updated_at!,
          password_changed_at: row.password_changed_at!,
        });
  // NaN (a damaged record) fails every comparison below, so it counts as expired.
  const alive = now < session.expiresAt && now - session.lastSeenAt < timeouts.idleMs;
  if (!alive || !user || user.disabled) {
    await endSessionByHash(store, idHash, credentials);
    return undefined;
  }
  if (now - session.lastSeenAt >= touchInterval(timeouts)) {
    await store.db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
    session.lastSeenAt = now;
  }
  const found = { session, user };
  credentials?.set(cacheKey, found, user, session.expiresAt);
  return found;
}

function sessionCacheKey(idHash: string): string {
  return `session:${idHash}`;
}

async function endSessionByHash(
  store: AppStore,
  idHash: string,
  credentials: CredentialCache | undefined,
): Promise<void> {
  credentials?.forget(sessionCacheKey(idHash));
  await store.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends one session (sign-out, or the old session at a new sign-in) and forgets it in `credentials`. */
export function endSession(store: AppStore, sessionId: string, credentials?: CredentialCache): Promise<void> {
  return endSessionByHash(store, sha256Hex(sessionId), credentials);
}

/** Ends every session of a user (forgetting them in `credentials`); returns how many there were. */
export async function endSessionsOf(
  store: AppStore,
  username: string,
  credentials?: CredentialCache,
): Promise<number> {
  credentials?.forgetUser(username);
  const result = await store.db.deleteFrom('sessions').where('username', '=', username).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes sessions that have timed out (they would be refused anyway; this keeps the store small). */
export async function deleteExpiredSessions(
  store: AppStore,
  timeouts: SessionTimeouts,
  now = Date.now(),
): Promise<void> {
  await store.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - timeouts.idleMs)]))
    .execute();
}
