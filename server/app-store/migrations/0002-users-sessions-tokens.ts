/**
 * Version 2: users, sessions, API tokens and the shared sign-in limit, moved out of the graph
 * (issue 13), so that credentials are checked without a Neo4j round trip and several app
 * processes share them.
 *
 * Times that are only compared (session times, limit windows) are milliseconds since the epoch in
 * `bigint` columns; times shown to people stay ISO text like every other table. Flags are 0/1
 * integers: SQLite has no boolean and better-sqlite3 binds none.
 *
 * No foreign keys to `users`: a session or token whose user is gone is refused at look-up anyway,
 * and the move from an old graph must be able to keep every record it finds.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function usersSessionsTokens(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) =>
          c.notNull().check(sql`role in ('investigator', 'analyst', 'admin')`),
        )
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('password_changed_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_username').on('sessions').column('username').execute();
      await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_username').on('api_tokens').column('username').execute();

      // One row per rate-limit key (`login-user:<ip>|<name>`, `login-ip:<ip>`): shared by every
      // process on the store, so a second server does not double anyone's guesses.
      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .addColumn('reset_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_attempts_reset_at')
        .on('login_attempts')
        .column('reset_at')
        .execute();
    },
  };
}
