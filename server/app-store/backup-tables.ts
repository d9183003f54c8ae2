/**
 * The app store's tables as a backup sees them: every column, the key a dump pages by, and how
 * values are carried so one backup restores into either dialect (JSON columns as JSON values, not
 * text; `bigint` columns as numbers, which PostgreSQL hands back as text). Listed in restore order:
 * a table comes after the tables it references. A test holds this list to the migrated schema, so
 * a migration that adds a table or column without adding it here fails the build.
 */
import type { AppDatabase } from './tables.js';

export interface BackupTable {
  name: keyof AppDatabase;
  columns: readonly string[];
  /** The primary key, for keyset paging in a stable order. */
  key: readonly string[];
  /** Columns holding a JSON document (jsonb / text). */
  json?: readonly string[];
  /** `bigint` columns: numbers in the backup whatever the driver returned. */
  bigint?: readonly string[];
}

export const BACKUP_TABLES: readonly BackupTable[] = Object.freeze([
  {
    name: 'users',
    columns: [
      'username',
      'role',
      'password_hash',
      'disabled',
      'created_at',
      'updated_at',
      'password_changed_at',
    ],
    key: ['username'],
  },
  {
    name: 'saved_queries',
    columns: [
      'id',
      'owner',
      'visibility',
      'title',
      'description',
      'cypher',
      'parameters',
      'created_at',
      'updated_at',
    ],
    key: ['id'],
    json: ['parameters'],
  },
  {
    name: 'workspaces',
    columns: ['id', 'owner', 'visibility', 'name', 'state', 'created_at', 'updated_at'],
    key: ['id'],
    json: ['state'],
  },
  {
    name: 'workspace_shares',
    columns: ['workspace_id', 'username', 'permission'],
    key: ['workspace_id', 'username'],
  },
  {
    name: 'notes',
    columns: ['id', 'author', 'target_id', 'workspace_id', 'text', 'created_at', 'updated_at'],
    key: ['id'],
  },
  {
    name: 'sessions',
    columns: ['id_hash', 'username', 'created_at', 'last_seen_at', 'expires_at'],
    key: ['id_hash'],
    bigint: ['created_at', 'last_seen_at', 'expires_at'],
  },
  {
    name: 'api_tokens',
    columns: ['id', 'token_hash', 'username', 'name', 'created_at', 'expires_at'],
    key: ['id'],
  },
  { name: 'login_attempts', columns: ['key', 'hits', 'reset_at'], key: ['key'], bigint: ['reset_at'] },
  {
    name: 'audit_events',
    columns: [
      'seq',
      'id',
      'at',
      'username',
      'action',
      'target',
      'status',
      'ip',
      'details',
      'prev_hash',
      'hash',
    ],
    key: ['seq'],
    json: ['details'],
    bigint: ['seq'],
  },
  {
    name: 'idempotent_requests',
    columns: ['id', 'username', 'fingerprint', 'status', 'answer', 'created_at_ms'],
    key: ['id'],
    bigint: ['created_at_ms'],
  },
]);
