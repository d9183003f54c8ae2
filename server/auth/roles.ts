/**
 * The three roles, in order: each can do everything the one before it can.
 *   investigator: search, expand, paths, run saved queries, workspaces
 *   analyst:      + write saved queries, the read-only console, API tokens
 *   admin:        + import, seed, reset, users, the audit log
 */
import { z } from 'zod';

export const ROLES = ['investigator', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { error: `must be one of: ${ROLES.join(', ')}` });

/** True when `role` is `minimum` or above it. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** Narrows a stored value to a role; anything unknown is no role at all (and so no access). */
export function asRole(value: unknown): Role | undefined {
  return (ROLES as readonly unknown[]).includes(value) ? (value as Role) : undefined;
}
