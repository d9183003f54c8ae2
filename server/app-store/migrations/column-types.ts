/**
 * Column types that differ between the dialects, named once for every migration.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AppStoreDialect } from '../app-store-location.js';

/** A JSON document: `jsonb` in PostgreSQL (checked, queryable), text in SQLite. */
export function jsonType(dialect: AppStoreDialect): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`jsonb` : sql`text`;
}
