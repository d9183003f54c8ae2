/**
 * Version 4 (issue 15): workspaces shared with named people, and notes on entities and links.
 *
 * `workspace_shares` holds one row per (workspace, user) with `viewer` or `editor`; the workspace's
 * own `visibility` still says whether everyone may open it. `notes` hang on a stable key (an
 * entity's or a fact's id, which survives a re-seed); a note with a `workspace_id` is kept with
 * that workspace and seen by whoever may open it, one without is seen by everyone signed in.
 *
 * Both point at `workspaces` with ON DELETE CASCADE (SQLite runs with `foreign_keys = ON`): a
 * deleted workspace takes its shares and its notes with it, so nothing is left readable by a
 * share that no longer means anything. There is still no foreign key to `users` (see 0002).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function workspaceSharesAndNotes(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('workspace_shares')
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('permission', 'text', (c) => c.notNull().check(sql`permission in ('viewer', 'editor')`))
        .addPrimaryKeyConstraint('workspace_shares_pk', ['workspace_id', 'username'])
        .execute();
      // "Shared with me" is looked up by user name on every listing.
      await db.schema
        .createIndex('workspace_shares_username')
        .on('workspace_shares')
        .column('username')
        .execute();

      await db.schema
        .createTable('notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('cascade'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_target_id').on('notes').column('target_id').execute();
      await db.schema.createIndex('notes_workspace_id').on('notes').column('workspace_id').execute();
    },
  };
}
