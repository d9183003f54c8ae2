/**
 * Version 3: the audit log, moved out of the graph (issue 13). Each row carries the hash of the
 * one before (server/audit/audit-chain.ts); `seq` is assigned by the writer as the chain head + 1
 * inside a locked transaction, never by a database sequence, so the chain has no gaps and a fork
 * (two rows with one seq) is refused by the primary key.
 */
import type { Kysely, Migration } from 'kysely';
import type { AppStoreDialect } from '../app-store-location.js';
import { jsonType } from './column-types.js';

export function auditEvents(dialect: AppStoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_events')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('username', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('details', jsonType(dialect))
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // The admin page filters by one user or one action and pages newest first by seq.
      await db.schema
        .createIndex('audit_events_username_seq')
        .on('audit_events')
        .columns(['username', 'seq'])
        .execute();
      await db.schema
        .createIndex('audit_events_action_seq')
        .on('audit_events')
        .columns(['action', 'seq'])
        .execute();
    },
  };
}
