/**
 * The app store's tables as Kysely sees them: one interface per table, named as in SQL
 * (snake_case, plural). Migrations (./migrations/) create them; this file must follow.
 *
 * Conventions every table keeps, so later migrations fit beside these:
 * - ids are text chosen by the app (`uq:…`, `ws:…`), never database sequences, so records keep
 *   their ids when they move between stores;
 * - `owner` is the user name (users will be keyed by it);
 * - timestamps shown to people are ISO-8601 UTC text (`2026-01-02T03:04:05.678Z`): exactly what the API answers,
 *   sorted correctly as text in both dialects, and never shifted by a driver's time zone; times
 *   only compared (session expiry, limit windows) are epoch milliseconds in `bigint` columns;
 * - JSON is `jsonb` in PostgreSQL and text in SQLite: written as JSON text, read with `readJson`.
 */
import type { ColumnType, Insertable, Selectable } from 'kysely';

export type Visibility = 'private' | 'shared';

/** A JSON column: JSON text goes in; PostgreSQL hands back the parsed value, SQLite the text. */
export type JsonColumn = ColumnType<unknown, string, string>;

export interface SavedQueriesTable {
  id: string;
  owner: string;
  visibility: Visibility;
  title: string;
  description: string;
  cypher: string;
  /** QueryParameterSpec[] */
  parameters: JsonColumn;
  created_at: string;
  updated_at: string;
}

export interface WorkspacesTable {
  id: string;
  owner: string;
  visibility: Visibility;
  name: string;
  /** WorkspaceState */
  state: JsonColumn;
  created_at: string;
  updated_at: string;
}

/** Milliseconds since the epoch in a `bigint` column: PostgreSQL hands it back as text. */
export type MillisColumn = ColumnType<number | string, number, number>;

export interface UsersTable {
  username: string;
  role: string;
  password_hash: string;
  /** 0 or 1 */
  disabled: number;
  created_at: string;
  updated_at: string;
  password_changed_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session id; the id itself is only in the browser's cookie. */
  id_hash: string;
  username: string;
  created_at: MillisColumn;
  last_seen_at: MillisColumn;
  expires_at: MillisColumn;
}

export interface ApiTokensTable {
  id: string;
  /** SHA-256 of the token; the token itself is shown once, when it is made. */
  token_hash: string;
  username: string;
  name: string;
  created_at: string;
  expires_at: string | null;
}

export interface LoginAttemptsTable {
  key: string;
  hits: number;
  reset_at: MillisColumn;
}

/** One audit event, a link of the hash chain (server/audit/audit-chain.ts). */
export interface AuditEventsTable {
  /**
   * 1, 2, 3… without gaps, assigned by the writer. `bigint` so the chain never runs out; both
   * drivers may hand it back as text or bigint, so readers convert with `Number`.
   */
  seq: ColumnType<number | string | bigint, number, never>;
  /** Time-sortable id (`auditId`), unique. */
  id: string;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  status: number;
  ip: string | null;
  /** Result sizes and run parameters, capped; null when the event has none. */
  details: ColumnType<unknown, string | null, never>;
  prev_hash: string;
  hash: string;
}

/** Who else may open (viewer) or also save (editor) a workspace, by user name. */
export type SharePermission = 'viewer' | 'editor';

export interface WorkspaceSharesTable {
  workspace_id: string;
  username: string;
  permission: SharePermission;
}

/** A note on an entity or fact (by stable key); kept with a workspace, or with the case when null. */
export interface NotesTable {
  id: string;
  author: string;
  target_id: string;
  workspace_id: string | null;
  text: string;
  created_at: string;
  updated_at: string;
}

/** A creating request's answer, kept for its retries (migration 0005, server/http/idempotency.ts). */
export interface IdempotentRequestsTable {
  /** sha256 of (user, idempotency key). */
  id: string;
  username: string;
  /** sha256 of the request's path and body: the same key with another request is refused. */
  fingerprint: string;
  /** Null while the first request runs. */
  status: number | null;
  /** The JSON answer, AES-256-GCM under a key derived from the idempotency key. */
  answer: string | null;
  created_at_ms: MillisColumn;
}

export interface AppDatabase {
  saved_queries: SavedQueriesTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  workspace_shares: WorkspaceSharesTable;
  notes: NotesTable;
  idempotent_requests: IdempotentRequestsTable;
}

export type SavedQueryRow = Selectable<SavedQueriesTable>;
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type NewSavedQuery = Insertable<SavedQueriesTable>;
export type NewWorkspace = Insertable<WorkspacesTable>;
export type NoteRow = Selectable<NotesTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEventRow = Insertable<AuditEventsTable>;

/** The value of a JSON column, whichever dialect read it. Throws on text that is not JSON. */
export function readJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
