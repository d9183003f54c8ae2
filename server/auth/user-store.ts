/**
 * Users, kept in Neo4j as `(:_User {username, role, passwordHash, disabled, createdAt, updatedAt,
 * passwordChangedAt})`. Only Argon2id hashes are stored. Changes that take access away (disabling,
 * a new password) end the user's sessions in the same call; the last enabled admin cannot be
 * disabled or demoted, so the app can never lock everyone out of administration.
 */
import neo4j, { Neo4jError } from 'neo4j-driver';
import { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import { cypher } from '../cypher-files.js';
import type { GraphTarget } from '../db/graph-target.js';
import { CONSTRAINT_FAILED } from '../db/neo4j-codes.js';
import { hashPassword, passwordProblem } from './passwords.js';
import type { Role } from './roles.js';
import { userFromValue, type UserRecord } from './user-record.js';
import type { CredentialCache } from './credential-cache.js';
import { endSessionsOf } from './session-store.js';

/** Lower-case letters, digits and `. _ @ -`; 2 to 64 characters, starting with a letter or digit. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._@-]{1,63}$/,
    'must be 2-64 letters, digits or . _ @ - (starting with a letter or digit)',
  );

export const passwordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The user of that (normalised) name, or undefined. */
export async function findUser(target: GraphTarget, username: string): Promise<UserRecord | undefined> {
  const { records } = await target.driver.executeQuery(
    cypher('auth/user-by-name'),
    { username },
    { database: target.database, routing: neo4j.routing.READ },
  );
  return userFromValue(records[0]?.get('u'));
}

/** Every user, by name (at most `limit`). */
export async function listUsers(target: GraphTarget, limit = 1_000): Promise<UserRecord[]> {
  const { records } = await target.driver.executeQuery(
    cypher('auth/users-list'),
    { limit: neo4j.int(limit) },
    { database: target.database, routing: neo4j.routing.READ },
  );
  return records.flatMap((record) => userFromValue(record.get('u')) ?? []);
}

/** How many users there are, and how many of them are enabled admins. */
export async function countUsers(target: GraphTarget): Promise<{ users: number; activeAdmins: number }> {
  const { records } = await target.driver.executeQuery(
    cypher('auth/users-count'),
    {},
    { database: target.database, routing: neo4j.routing.READ },
  );
  const record = records[0];
  return {
    users: Number(record?.get('users') ?? 0),
    activeAdmins: Number(record?.get('activeAdmins') ?? 0),
  };
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) {
    throw new ValidationError(`The password ${problem}`, {
      issues: [{ path: 'password', message: problem }],
    });
  }
}

/** Creates a user; 409 when the name is taken, 422 when the password is too weak. */
export async function createUser(
  target: GraphTarget,
  input: { username: string; role: Role; password: string },
): Promise<UserRecord> {
  const username = usernameSchema.parse(input.username);
  checkPassword(input.password);
  const now = new Date().toISOString();
  const user = {
    username,
    role: input.role,
    disabled: false,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    updatedAt: now,
    passwordChangedAt: now,
  };
  try {
    const { records } = await target.driver.executeQuery(
      cypher('auth/user-create'),
      { user },
      { database: target.database },
    );
    return userFromValue(records[0]?.get('u'))!;
  } catch (error) {
    if (error instanceof Neo4jError && error.code === CONSTRAINT_FAILED) {
      throw new AppError(409, 'USER_EXISTS', `A user called ${JSON.stringify(username)} already exists`);
    }
    throw error;
  }
}

export interface UserChanges {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
}

/**
 * Changes a user's role, disabled flag or password. Disabling or a new password ends every
 * session of theirs (their API tokens stop working while they are disabled). 404 for no such
 * user; 409 when it would leave no enabled admin. The user's entries in `credentials` are forgotten.
 */
export async function updateUser(
  target: GraphTarget,
  username: string,
  changes: UserChanges,
  credentials?: CredentialCache,
): Promise<{ user: UserRecord; sessionsEnded: number }> {
  const existing = await findUser(target, username);
  if (!existing) throw new NotFoundError(`No user ${JSON.stringify(username)}`);
  const props: Record<string, unknown> = { updatedAt: new Date().toISOString() };
  if (changes.role !== undefined) props.role = changes.role;
  if (changes.disabled !== undefined) props.disabled = changes.disabled;
  if (changes.password !== undefined) {
    checkPassword(changes.password);
    props.passwordHash = await hashPassword(changes.password);
    props.passwordChangedAt = props.updatedAt;
  }
  const losesAdmin =
    existing.role === 'admin' &&
    !existing.disabled &&
    ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
  if (losesAdmin && (await countUsers(target)).activeAdmins <= 1) {
    throw new AppError(409, 'LAST_ADMIN', 'This is the last enabled admin: make another admin first');
  }
  const { records } = await target.driver.executeQuery(
    cypher('auth/user-update'),
    { username: existing.username, changes: props },
    { database: target.database },
  );
  const user = userFromValue(records[0]?.get('u'));
  if (!user) throw new NotFoundError(`No user ${JSON.stringify(username)}`);
  // Role and enabled state are read from remembered credentials: forget them now.
  credentials?.forgetUser(user.username);
  const endsSessions = changes.disabled === true || changes.password !== undefined;
  const sessionsEnded = endsSessions ? await endSessionsOf(target, user.username, credentials) : 0;
  return { user, sessionsEnded };
}

/** Replaces a hash made with weaker settings (at sign-in, when the password is at hand). */
export async function rehashPassword(target: GraphTarget, username: string, password: string): Promise<void> {
  await target.driver.executeQuery(
    cypher('auth/user-update'),
    { username, changes: { passwordHash: await hashPassword(password) } },
    { database: target.database },
  );
}
