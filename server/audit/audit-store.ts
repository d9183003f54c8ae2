/**
 * The audit log in the app store (`audit_events`): appending events to the hash chain, reading
 * pages for the admin route, and reading the whole chain in seq order for `verify` and `export`.
 *
 * Appending reads the chain head and writes after it in ONE transaction that holds the store's
 * write lock for the whole time, so two writers (two app processes on one PostgreSQL, or an app
 * and the command line on one SQLite file) can never both link to the same head:
 * - PostgreSQL: `pg_advisory_xact_lock` on a constant key, released by COMMIT/ROLLBACK;
 * - SQLite: `BEGIN IMMEDIATE`. Kysely's SQLite transactions start with a plain (deferred) BEGIN,
 *   which takes the write lock only at the first write: two processes could both read the same
 *   head, and the second would fail with SQLITE_BUSY instead of waiting. IMMEDIATE waits (the
 *   busy timeout) for the lock before reading the head.
 * The primary key on `seq` is the last line: if anything still raced, the insert fails and the
 * batch is linked again on the new head.
 */
import { sql, type Kysely } from 'kysely';
import type { AppStore } from '../app-store/app-store.js';
import { readJson, type AppDatabase, type AuditEventRow } from '../app-store/tables.js';
import type { AuditPage, StoredAuditEvent } from '../auth/auth-contract.js';
import { GENESIS_HASH, linkEvents, type UnchainedAuditEvent } from './audit-chain.js';

/** What the admin's filters select (times as ISO text: `at` is stored so, and compares as text). */
export interface AuditFilter {
  username?: string | undefined;
  action?: string | undefined;
  /** Part of the target, any case. */
  target?: string | undefined;
  /** Inclusive. */
  from?: string | undefined;
  /** Exclusive. */
  to?: string | undefined;
}

export interface AuditQuery extends AuditFilter {
  limit: number;
  /** The seq of the last event of the previous page, as text. */
  cursor?: string | undefined;
}

/** Any 64-bit number: the audit chain's advisory lock among all of the database's locks. */
const AUDIT_CHAIN_LOCK = 1_312_004;
/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound values. */
const INSERT_BATCH = 100;
/** Links tried when another writer took the head meanwhile (should not happen with the lock). */
const LINK_ATTEMPTS = 3;

/** A row as the API and the chain see it. */
export function eventFromRow(row: AuditEventRow): StoredAuditEvent {
  const details = row.details === null || row.details === undefined ? null : readJson(row.details);
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    username: row.username,
    action: row.action,
    target: row.target,
    status: Number(row.status),
    ip: row.ip,
    details: details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : null,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

async function headOf(db: Kysely<AppDatabase>): Promise<{ seq: number; hash: string }> {
  const head = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
}

async function insertLinked(db: Kysely<AppDatabase>, events: StoredAuditEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += INSERT_BATCH) {
    await db
      .insertInto('audit_events')
      .values(
        events.slice(i, i + INSERT_BATCH).map((e) => ({
          seq: e.seq,
          id: e.id,
          at: e.at,
          username: e.username,
          action: e.action,
          target: e.target,
          status: e.status,
          ip: e.ip,
          details: e.details === null ? null : JSON.stringify(e.details),
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }
}

/** Runs `work` in a transaction that holds the chain's write lock from its first statement. */
async function withChainLock<T>(store: AppStore, work: (db: Kysely<AppDatabase>) => Promise<T>): Promise<T> {
  if (store.dialect === 'postgres') {
    return store.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
      return work(trx);
    });
  }
  return store.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  // PostgreSQL's unique_violation; better-sqlite3's constraint codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Appends events to the chain, in the given order, in one transaction; returns them linked.
 * `skipIds` (the move from the graph) leaves out events whose id is already stored. Throws when
 * the store cannot be written: then nothing of the batch is stored.
 */
export async function appendAuditEvents(
  store: AppStore,
  events: readonly UnchainedAuditEvent[],
  options: { skipStoredIds?: boolean } = {},
): Promise<StoredAuditEvent[]> {
  if (events.length === 0) return [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await withChainLock(store, async (db) => {
        let todo = events;
        if (options.skipStoredIds) {
          const stored = new Set<string>();
          for (let i = 0; i < events.length; i += INSERT_BATCH) {
            const ids = events.slice(i, i + INSERT_BATCH).map((e) => e.id);
            const rows = await db.selectFrom('audit_events').select('id').where('id', 'in', ids).execute();
            for (const row of rows) stored.add(row.id);
          }
          todo = events.filter((e) => !stored.has(e.id));
        }
        const linked = linkEvents(await headOf(db), todo);
        await insertLinked(db, linked);
        return linked;
      });
    } catch (error) {
      if (attempt >= LINK_ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
}

/** Proves the store takes audit writes now: a locked transaction that reads the head. */
export async function probeAuditStore(store: AppStore): Promise<void> {
  await withChainLock(store, headOf);
}

/** `%`, `_` and the escape itself taken literally in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The events `filter` selects, from any query over `audit_events`. */
function filtered(store: AppStore, filter: AuditFilter) {
  let select = store.db.selectFrom('audit_events');
  if (filter.username !== undefined) select = select.where('username', '=', filter.username);
  if (filter.action !== undefined) select = select.where('action', '=', filter.action);
  if (filter.from !== undefined) select = select.where('at', '>=', filter.from);
  if (filter.to !== undefined) select = select.where('at', '<', filter.to);
  if (filter.target !== undefined) {
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    const pattern = `%${likeLiteral(filter.target.toLowerCase())}%`;
    select = select.where(sql<boolean>`lower(target) like ${pattern} escape '\\'`);
  }
  return select;
}

/** How many events `filter` selects. */
export async function countAuditEvents(store: AppStore, filter: AuditFilter): Promise<number> {
  const row = await filtered(store, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The events `filter` selects, oldest first, at most `max`, read in pages (the export streams them). */
export async function* readFilteredEvents(
  store: AppStore,
  filter: AuditFilter,
  max: number,
  pageSize = 1_000,
): AsyncGenerator<StoredAuditEvent> {
  let after = 0;
  let left = max;
  while (left > 0) {
    const rows = await filtered(store, filter)
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(Math.min(pageSize, left))
      .execute();
    for (const row of rows) yield eventFromRow(row);
    if (rows.length < Math.min(pageSize, left)) return;
    left -= rows.length;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/** One page of the log, newest first; `nextCursor` is null on the oldest page. */
export async function readAuditPage(store: AppStore, query: AuditQuery): Promise<AuditPage> {
  let select = filtered(store, query).selectAll();
  if (query.cursor !== undefined) select = select.where('seq', '<', Number(query.cursor));
  const rows = await select
    .orderBy('seq', 'desc')
    .limit(query.limit + 1)
    .execute();
  const events = rows.map(eventFromRow);
  const more = events.length > query.limit;
  if (more) events.length = query.limit;
  return { events, nextCursor: more ? String(events[events.length - 1]!.seq) : null };
}

/** The whole chain in seq order, read in pages (verify and export stream it). */
export async function* readChain(store: AppStore, pageSize = 1_000): AsyncGenerator<StoredAuditEvent> {
  let after = 0;
  for (;;) {
    const rows = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    for (const row of rows) yield eventFromRow(row);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}
