/**
 * Version 5 (issue 17): answers to creating requests sent with an `Idempotency-Key`, so that a
 * retried request returns the first answer and creates nothing (server/http/idempotency.ts).
 *
 * The row's id is a hash of (user, key), never the key itself, and the stored answer is encrypted
 * with a key derived from the idempotency key: the answers of `POST /auth/tokens` and
 * `POST /admin/users` carry a secret shown once, and someone who can read the app store must not
 * read it here. `status` is null while the first request is still running. Rows older than a day
 * are deleted as new ones come.
 */
import type { Kysely, Migration } from 'kysely';

export function idempotentRequests(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('idempotent_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('answer', 'text')
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('idempotent_requests_created')
        .on('idempotent_requests')
        .column('created_at_ms')
        .execute();
    },
  };
}
