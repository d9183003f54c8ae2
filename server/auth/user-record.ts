/**
 * A user as read back from the app store's `users` table, and its public face (never the hash).
 */
import type { UserRow } from '../app-store/tables.js';
import type { UserSummary } from './auth-contract.js';
import { asRole } from './roles.js';

export interface UserRecord extends UserSummary {
  passwordHash: string;
}

/** The user a row holds; undefined for a row whose role is not one the app knows. */
export function userFromRow(row: UserRow | undefined): UserRecord | undefined {
  if (!row) return undefined;
  const role = asRole(row.role);
  if (!role) return undefined;
  return {
    username: row.username,
    role,
    disabled: Number(row.disabled) !== 0,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The public face of a user: never the hash. */
export function summary(user: UserRecord): UserSummary {
  return {
    username: user.username,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
