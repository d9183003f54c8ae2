/**
 * Version 1: saved queries and workspaces, moved out of the graph (issue 13).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { AppStoreDialect } from '../app-store-location.js';
import { jsonType } from './column-types.js';

export function savedQueriesAndWorkspaces(dialect: AppStoreDialect): Migration {
  // Titles sort by code point as they did in Neo4j, whatever the PostgreSQL database's locale.
  const sortedText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('saved_queries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('private', 'shared')`))
        .addColumn('title', sortedText, (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('cypher', 'text', (c) => c.notNull())
        .addColumn('parameters', jsonType(dialect), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('saved_queries_owner').on('saved_queries').column('owner').execute();
      await db.schema
        .createIndex('saved_queries_visibility')
        .on('saved_queries')
        .column('visibility')
        .execute();

      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('private', 'shared')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('state', jsonType(dialect), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('workspaces_owner').on('workspaces').column('owner').execute();
      await db.schema.createIndex('workspaces_visibility').on('workspaces').column('visibility').execute();
    },
  };
}
