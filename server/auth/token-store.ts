/**
 * API tokens for scripts, kept in the app store's `api_tokens` table. A token is 32 random bytes
 * shown once when made; only its SHA-256 is stored (a fast hash is fine for a 256-bit random
 * value). A token acts with its user's current role, and stops working when it expires, when it
 * is deleted, or when its user is disabled (which deletes it: re-enabling does not revive it).
 */
import { randomUUID } from 'node:crypto';
import type { AppStore } from '../app-store/app-store.js';
import type { ApiTokenRow } from '../app-store/tables.js';
import { AppError } from '../errors.js';
import type { ApiTokenSummary, CreatedApiToken } from './auth-contract.js';
import type { CredentialCache } from './credential-cache.js';
import { randomSecret, sha256Hex } from './secrets.js';
import { userFromRow, type UserRecord } from './user-record.js';

/** Marks casegraph tokens, so a leaked one is recognisable (and secret scanners can find it). */
export const TOKEN_PREFIX = 'cgt_';
const TOKEN_SHAPE = /^cgt_[A-Za-z0-9_-]{43}$/;
export const MAX_TOKENS_PER_USER = 50;

function summaryOf(row: Pick<ApiTokenRow, 'id' | 'name' | 'created_at' | 'expires_at'>): ApiTokenSummary {
  const token: ApiTokenSummary = { id: row.id, name: row.name, createdAt: row.created_at };
  if (row.expires_at !== null) token.expiresAt = row.expires_at;
  return token;
}

/** A user's tokens, newest first: names and dates, never the tokens. */
export async function listTokens(store: AppStore, username: string): Promise<ApiTokenSummary[]> {
  const rows = await store.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at'])
    .where('username', '=', username)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(MAX_TOKENS_PER_USER + 1)
    .execute();
  return rows.map(summaryOf);
}

/** Makes a token for `username`; the returned `token` is the only copy there will ever be. */
export async function createApiToken(
  store: AppStore,
  username: string,
  name: string,
  expiresInDays?: number,
): Promise<CreatedApiToken> {
  if ((await listTokens(store, username)).length >= MAX_TOKENS_PER_USER) {
    throw new AppError(409, 'TOO_MANY_TOKENS', `Delete an old token first (at most ${MAX_TOKENS_PER_USER})`);
  }
  const token = TOKEN_PREFIX + randomSecret(32);
  const now = new Date();
  const row: ApiTokenRow = {
    id: 'tok:' + randomUUID(),
    name,
    token_hash: sha256Hex(token),
    username,
    created_at: now.toISOString(),
    expires_at:
      expiresInDays === undefined ? null : new Date(now.getTime() + expiresInDays * 86_400_000).toISOString(),
  };
  await store.db.insertInto('api_tokens').values(row).execute();
  return { ...summaryOf(row), token };
}

/**
 * The enabled user a bearer token acts for, or undefined (unknown, expired, user disabled). With
 * `credentials`, a token found valid is remembered there for a short while.
 */
export async function resolveApiToken(
  store: AppStore,
  token: string,
  credentials?: CredentialCache,
  now = new Date(),
): Promise<UserRecord | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const tokenHash = sha256Hex(token);
  const cacheKey = `token:${tokenHash}`;
  const known = credentials?.get<UserRecord>(cacheKey);
  if (known) return known;

  const row = await store.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.username', 't.username')
    .select([
      't.expires_at as token_expires_at',
      'u.username',
      'u.role',
      'u.password_hash',
      'u.disabled',
      'u.created_at',
      'u.updated_at',
      'u.password_changed_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_expires_at: tokenExpiresAt, ...userRow } = row;
  const user = userFromRow(userRow);
  if (!user || user.disabled) return undefined;
  const expiresAt = tokenExpiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(tokenExpiresAt);
  if (!(expiresAt > now.getTime())) return undefined;
  credentials?.set(cacheKey, user, user, expiresAt);
  return user;
}

/** Deletes one of the user's own tokens; false when they have none with that id. */
export async function deleteApiToken(
  store: AppStore,
  username: string,
  id: string,
  credentials?: CredentialCache,
): Promise<boolean> {
  // The cache knows tokens by hash, not id: forget all of this user's, they come back on next use.
  credentials?.forgetUser(username);
  // Someone else's token is "not found" for the caller, exactly like one that does not exist.
  const result = await store.db
    .deleteFrom('api_tokens')
    .where('id', '=', id)
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
