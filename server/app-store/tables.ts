/**
 * The app store's tables as Kysely sees them: one interface per table, named as in SQL
 * (snake_case, plural). Migrations (./migrations/) create them; this file must follow.
 *
 * Conventions every table keeps, so later migrations (users, sessions, API tokens, audit events,
 * login-limit counters) fit beside these:
 * - ids are text chosen by the app (`uq:…`, `ws:…`), never database sequences, so records keep
 *   their ids when they move between stores;
 * - `owner` is the user name (users will be keyed by it);
 * - timestamps are ISO-8601 UTC text (`2026-01-02T03:04:05.678Z`): exactly what the API answers,
 *   sorted correctly as text in both dialects, and never shifted by a driver's time zone;
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

export interface AppDatabase {
  saved_queries: SavedQueriesTable;
  workspaces: WorkspacesTable;
}

export type SavedQueryRow = Selectable<SavedQueriesTable>;
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type NewSavedQuery = Insertable<SavedQueriesTable>;
export type NewWorkspace = Insertable<WorkspacesTable>;

/** The value of a JSON column, whichever dialect read it. Throws on text that is not JSON. */
export function readJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}
