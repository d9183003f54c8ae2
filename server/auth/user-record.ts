/**
 * A user as read back from Neo4j, and its public face (never the password hash).
 */
import neo4j, { type Node } from 'neo4j-driver';
import type { UserSummary } from './auth-contract.js';
import { asRole } from './roles.js';

export interface UserRecord extends UserSummary {
  passwordHash: string;
}

function fromNode(node: Node): UserRecord | undefined {
  const p = node.properties as Record<string, unknown>;
  const role = asRole(p.role);
  if (typeof p.username !== 'string' || !role || typeof p.passwordHash !== 'string') return undefined;
  return {
    username: p.username,
    role,
    disabled: p.disabled === true,
    passwordHash: p.passwordHash,
    createdAt: typeof p.createdAt === 'string' ? p.createdAt : '',
    updatedAt: typeof p.updatedAt === 'string' ? p.updatedAt : '',
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

/** A user read from a query result column (used by the session and token look-ups too). */
export function userFromValue(value: unknown): UserRecord | undefined {
  return value && neo4j.isNode(value as Node) ? fromNode(value as Node) : undefined;
}
