/**
 * API tokens for scripts: `(:_ApiToken {id, name, tokenHash, username, createdAt, expiresAt?})`.
 * A token is 32 random bytes shown once when made; only its SHA-256 is stored (a fast hash is
 * fine for a 256-bit random value). A token acts with its user's current role, and stops
 * working when the user is disabled, when it expires, or when it is deleted.
 */
import { randomUUID } from 'node:crypto';
import neo4j, { type Node } from 'neo4j-driver';
import { AppError } from '../errors.js';
import { cypher } from '../cypher-files.js';
import type { ApiTokenSummary, CreatedApiToken } from './auth-contract.js';
import type { GraphTarget } from '../db/graph-target.js';
import type { CredentialCache } from './credential-cache.js';
import { randomSecret, sha256Hex } from './secrets.js';
import { userFromValue, type UserRecord } from './user-record.js';

/** Marks casegraph tokens, so a leaked one is recognisable (and secret scanners can find it). */
export const TOKEN_PREFIX = 'cgt_';
const TOKEN_SHAPE = /^cgt_[A-Za-z0-9_-]{43}$/;
export const MAX_TOKENS_PER_USER = 50;

function tokenFromValue(value: unknown): (ApiTokenSummary & { username: string }) | undefined {
  if (!value || !neo4j.isNode(value as Node)) return undefined;
  const p = (value as Node).properties as Record<string, unknown>;
  if (typeof p.id !== 'string' || typeof p.username !== 'string') return undefined;
  const token: ApiTokenSummary & { username: string } = {
    id: p.id,
    name: typeof p.name === 'string' ? p.name : '',
    createdAt: typeof p.createdAt === 'string' ? p.createdAt : '',
    username: p.username,
  };
  if (typeof p.expiresAt === 'string') token.expiresAt = p.expiresAt;
  return token;
}

/** A user's tokens, newest first: names and dates, never the tokens. */
export async function listTokens(target: GraphTarget, username: string): Promise<ApiTokenSummary[]> {
  const { records } = await target.driver.executeQuery(
    cypher('auth/tokens-of-user'),
    { username, limit: neo4j.int(MAX_TOKENS_PER_USER + 1) },
    { database: target.database, routing: neo4j.routing.READ },
  );
  return records.flatMap((record) => {
    const token = tokenFromValue(record.get('t'));
    if (!token) return [];
    const { username: _owner, ...rest } = token;
    return [rest];
  });
}

/** Makes a token for `username`; the returned `token` is the only copy there will ever be. */
export async function createApiToken(
  target: GraphTarget,
  username: string,
  name: string,
  expiresInDays?: number,
): Promise<CreatedApiToken> {
  if ((await listTokens(target, username)).length >= MAX_TOKENS_PER_USER) {
    throw new AppError(409, 'TOO_MANY_TOKENS', `Delete an old token first (at most ${MAX_TOKENS_PER_USER})`);
  }
  const token = TOKEN_PREFIX + randomSecret(32);
  const now = new Date();
  const stored: Record<string, unknown> = {
    id: 'tok:' + randomUUID(),
    name,
    tokenHash: sha256Hex(token),
    username,
    createdAt: now.toISOString(),
  };
  if (expiresInDays !== undefined) {
    stored.expiresAt = new Date(now.getTime() + expiresInDays * 86_400_000).toISOString();
  }
  await target.driver.executeQuery(
    cypher('auth/token-create'),
    { token: stored },
    { database: target.database },
  );
  const created: CreatedApiToken = {
    id: stored.id as string,
    name,
    createdAt: stored.createdAt as string,
    token,
  };
  if (stored.expiresAt) created.expiresAt = stored.expiresAt as string;
  return created;
}

/**
 * The enabled user a bearer token acts for, or undefined (unknown, expired, user disabled). With
 * `credentials`, a token found valid is remembered there for a short while.
 */
export async function resolveApiToken(
  target: GraphTarget,
  token: string,
  credentials?: CredentialCache,
  now = new Date(),
): Promise<UserRecord | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const tokenHash = sha256Hex(token);
  const cacheKey = `${target.database}:token:${tokenHash}`;
  const known = credentials?.get<UserRecord>(cacheKey);
  if (known) return known;

  const { records } = await target.driver.executeQuery(
    cypher('auth/token-with-user'),
    { tokenHash },
    { database: target.database, routing: neo4j.routing.READ },
  );
  const stored = tokenFromValue(records[0]?.get('t'));
  const user = userFromValue(records[0]?.get('u'));
  if (!stored || !user || user.disabled || user.username !== stored.username) return undefined;
  const expiresAt = stored.expiresAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(stored.expiresAt);
  if (!(expiresAt > now.getTime())) return undefined;
  credentials?.set(cacheKey, user, user, expiresAt);
  return user;
}

/** Deletes one of the user's own tokens; false when they have none with that id. */
export async function deleteApiToken(
  target: GraphTarget,
  username: string,
  id: string,
  credentials?: CredentialCache,
): Promise<boolean> {
  // The cache knows tokens by hash, not id: forget all of this user's, they come back on next use.
  credentials?.forgetUser(username);
  const { records } = await target.driver.executeQuery(
    cypher('auth/token-delete'),
    { id, username },
    { database: target.database },
  );
  return Number(records[0]?.get('deleted') ?? 0) > 0;
}
