/**
 * The JSON of the sign-in, token, user and audit endpoints, shared with the client (the login page
 * imports it with `import type`). Kept beside the auth code until it joins `server/contract.ts`.
 * Request bodies (LoginRequest, CreateUserRequest, UpdateUserRequest) are derived from the zod
 * schemas the routes validate with, in `auth-schemas.ts`.
 */
import type { Role } from './roles.js';

export type { Role };

/** POST /api/auth/login and GET /api/auth/me */
export interface Me {
  username: string;
  role: Role;
  /** Send it as `X-CSRF-Token` on every POST/PUT/PATCH/DELETE made with the session cookie. */
  csrfToken: string | null;
  /** How this request was signed in. */
  via: 'session' | 'token';
  /** ISO time the session ends at the latest (sessions only). */
  expiresAt?: string;
}

/** GET /api/auth/tokens */
export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: string;
  expiresAt?: string;
}
export interface ApiTokenList {
  tokens: ApiTokenSummary[];
}

/** POST /api/auth/tokens {name, expiresInDays?}: the token is shown this once, never again. */
export interface CreatedApiToken extends ApiTokenSummary {
  token: string;
}

/** GET /api/admin/users */
export interface UserSummary {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface UserList {
  users: UserSummary[];
}

/** One line of the audit log. */
export interface AuditEvent {
  id: string;
  /** ISO time. */
  at: string;
  /** Who (the attempted name for a failed sign-in; null when unknown). */
  username: string | null;
  action: string;
  target: string | null;
  /** The HTTP status the request was answered with (0 for command-line changes). */
  status: number;
  ip: string | null;
  /** Result sizes and run parameters (capped); null or absent when there are none. */
  details?: Record<string, unknown> | null;
}

/** An event as the app store keeps it: a link of the hash chain (`npm run audit -- verify`). */
export interface StoredAuditEvent extends AuditEvent {
  /** 1, 2, 3… without gaps: the event's place in the chain. */
  seq: number;
  details: Record<string, unknown> | null;
  /** The hash of event `seq - 1` (64 zeros for the first). */
  prevHash: string;
  /** sha256 of `prevHash` and this event's canonical form. */
  hash: string;
}

/** GET /api/admin/audit?limit=&cursor=&username=&action= */
export interface AuditPage {
  events: StoredAuditEvent[];
  /** Pass back as `cursor` for older events; null at the oldest. */
  nextCursor: string | null;
}
