/**
 * Users, kept in the app store's `users` table (server/app-store/). Only Argon2id hashes are
 * stored. Changes that take access away end the user's sessions in the same transaction, and
 * disabling also revokes their API tokens (re-enabling does not bring them back); the last enabled
 * admin cannot be disabled or demoted, so the app can never lock everyone out of administration.
 */
import { z } from 'zod';
import { isUniqueViolation, type AppStore } from '../app-store/app-store.js';
import type { UsersTable } from '../app-store/tables.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import { hashPassword, passwordProblem } from './passwords.js';
import type { Role } from './roles.js';
import { userFromRow, type UserRecord } from './user-record.js';
import type { CredentialCache } from './credential-cache.js';

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
export async function findUser(store: AppStore, username: string): Promise<UserRecord | undefined> {
  const row = await store.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  return userFromRow(row);
}

/** Every user, by name (at most `limit`). */
export async function listUsers(store: AppStore, limit = 1_000): Promise<UserRecord[]> {
  const rows = await store.db.selectFrom('users').selectAll().orderBy('username').limit(limit).execute();
  return rows.flatMap((row) => userFromRow(row) ?? []);
}

/** How many users there are, and how many of them are enabled admins. */
export async function countUsers(store: AppStore): Promise<{ users: number; activeAdmins: number }> {
  const row = await store.db
    .selectFrom('users')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('users'),
      eb.fn
        .count<number | string>(
          eb
            .case()
            .when(eb.and([eb('role', '=', 'admin'), eb('disabled', '=', 0)]))
            .then(1)
            .end(),
        )
        .as('activeAdmins'),
    ])
    .executeTakeFirst();
  return { users: Number(row?.users ?? 0), activeAdmins: Number(row?.activeAdmins ?? 0) };
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
  store: AppStore,
  input: { username: string; role: Role; password: string },
): Promise<UserRecord> {
  const username = usernameSchema.parse(input.username);
  checkPassword(input.password);
  const now = new Date().toISOString();
  const row = {
    username,
    role: input.role,
    disabled: 0,
    password_hash: await hashPassword(input.password),
    created_at: now,
    updated_at: now,
    password_changed_at: now,
  };
  try {
    await store.db.insertInto('users').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(409, 'USER_EXISTS', `A user called ${JSON.stringify(username)} already exists`);
    }
    throw error;
  }
  return userFromRow(row)!;
}

export interface UserChanges {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
}

export interface UserUpdate {
  user: UserRecord;
  sessionsEnded: number;
  /** API tokens deleted because the user was disabled. */
  tokensRevoked: number;
}

/**
 * Changes a user's role, disabled flag or password, in one transaction. Disabling or a new
 * password ends every session of theirs; disabling also deletes their API tokens. 404 for no such
 * user; 409 when it would leave no enabled admin. The user's entries in `credentials` are forgotten.
 */
export async function updateUser(
  store: AppStore,
  username: string,
  changes: UserChanges,
  credentials?: CredentialCache,
): Promise<UserUpdate> {
  if (changes.password !== undefined) checkPassword(changes.password);
  // Hashing is slow on purpose: done before the transaction, which then holds no lock for it.
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
  const result = await store.db.transaction().execute(async (trx) => {
    const existing = userFromRow(
      await trx.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(),
    );
    if (!existing) throw new NotFoundError(`No user ${JSON.stringify(username)}`);
    const now = new Date().toISOString();
    const set: Partial<UsersTable> = { updated_at: now };
    if (changes.role !== undefined) set.role = changes.role;
    if (changes.disabled !== undefined) set.disabled = changes.disabled ? 1 : 0;
    if (passwordHash !== undefined) {
      set.password_hash = passwordHash;
      set.password_changed_at = now;
    }
    const losesAdmin =
      existing.role === 'admin' &&
      !existing.disabled &&
      ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin) {
      const others = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .where('username', '!=', existing.username)
        .executeTakeFirst();
      if (Number(others?.n ?? 0) === 0) {
        throw new AppError(409, 'LAST_ADMIN', 'This is the last enabled admin: make another admin first');
      }
    }
    const row = await trx
      .updateTable('users')
      .set(set)
      .where('username', '=', existing.username)
      .returningAll()
      .executeTakeFirstOrThrow();
    let sessionsEnded = 0;
    let tokensRevoked = 0;
    if (changes.disabled === true || passwordHash !== undefined) {
      const ended = await trx
        .deleteFrom('sessions')
        .where('username', '=', existing.username)
        .executeTakeFirst();
      sessionsEnded = Number(ended.numDeletedRows);
    }
    if (changes.disabled === true) {
      const revoked = await trx
        .deleteFrom('api_tokens')
        .where('username', '=', existing.username)
        .executeTakeFirst();
      tokensRevoked = Number(revoked.numDeletedRows);
    }
    return { user: userFromRow(row)!, sessionsEnded, tokensRevoked };
  });
  // Role and enabled state are read from remembered credentials: forget them now.
  credentials?.forgetUser(result.user.username);
  return result;
}

/** Replaces a hash made with weaker settings (at sign-in, when the password is at hand). */
export async function rehashPassword(store: AppStore, username: string, password: string): Promise<void> {
  await store.db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password) })
    .where('username', '=', username)
    .execute();
}
