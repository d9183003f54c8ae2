/**
 * Backup and restore of the app store (users, sessions, tokens, saved queries, workspaces, notes,
 * the audit log…), online, in one portable format: JSON lines, a header naming the schema
 * (the migrations applied), one line per row, and a trailer with the row counts, so a cut-off file
 * is refused rather than half restored.
 *
 * Why not SQLite's own online `.backup()`: it copies pages, so its file restores only onto SQLite
 * and only by replacing the store's file with the server stopped. A dump read inside one read
 * transaction is as consistent (SQLite's WAL snapshot; PostgreSQL's REPEATABLE READ), does not stop
 * writers, and restores into either dialect, in one transaction.
 */
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AppStore } from './app-store.js';
import type { AppStoreDialect } from './app-store-location.js';
import { BACKUP_TABLES, type BackupTable } from './backup-tables.js';
import { readJson } from './tables.js';

export const BACKUP_FORMAT = 'casegraph-app-store-backup';
export const BACKUP_VERSION = 1;

/** Rows per read while dumping, and per insert while restoring. */
const PAGE = 1_000;
const INSERT_BATCH = 200;

/** A backup file the restore cannot use: the user's to fix (exit 2, never a stack). */
export class BackupFileError extends AppError {
  constructor(message: string) {
    super(400, 'BAD_BACKUP_FILE', message);
  }
}

/** The target store already holds records and `--force` was not given. */
export class StoreNotEmptyError extends AppError {
  constructor(counts: Record<string, number>) {
    const held = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    super(
      409,
      'STORE_NOT_EMPTY',
      `The app store is not empty (${held}); restore into a new store, or add --force to replace everything in it`,
    );
  }
}

/** The backup was made at another schema version than the target store has. */
export class SchemaMismatchError extends AppError {
  constructor(backup: string[], store: string[]) {
    super(
      409,
      'SCHEMA_MISMATCH',
      `The backup's schema (${backup.at(-1) ?? 'none'}) is not the store's (${store.at(-1) ?? 'none'}); ` +
        'restore with the casegraph version that made the backup',
    );
  }
}

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  dialect: z.enum(['sqlite', 'postgres']),
  migrations: z.array(z.string()),
  createdAt: z.string(),
});
const rowSchema = z.object({ table: z.string(), row: z.record(z.string(), z.unknown()) });
const trailerSchema = z.object({ end: z.literal(true), rows: z.record(z.string(), z.number()) });

export type BackupSummary = Record<string, number>;

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/** The names of the migrations applied to `store`, in order. */
async function appliedMigrations(db: AnyDb | Transaction<Record<string, Record<string, unknown>>>) {
  const { rows } = await sql<{ name: string }>`select name from app_store_migrations order by name`.execute(
    db,
  );
  return rows.map((row) => row.name);
}

/** A row as the backup carries it: JSON columns parsed, bigint columns as numbers. */
function portableRow(table: BackupTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of table.columns) {
    let value: unknown = row[column] ?? null;
    if (value !== null && table.json?.includes(column)) value = readJson(value);
    if (value !== null && table.bigint?.includes(column)) value = Number(value);
    out[column] = value;
  }
  return out;
}

/** A backup row as the store takes it: JSON columns as JSON text. */
function storedRow(table: BackupTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of table.columns) {
    const value = row[column] ?? null;
    out[column] = value !== null && table.json?.includes(column) ? JSON.stringify(value) : value;
  }
  return out;
}

/** Rows after `last` in key order (a single or composite key). */
function pageQuery(
  trx: Transaction<Record<string, Record<string, unknown>>>,
  table: BackupTable,
  last?: Record<string, unknown>,
) {
  let query = trx.selectFrom(table.name).selectAll();
  if (last) {
    const [first, second] = table.key as [string, string | undefined];
    query = query.where((eb) =>
      second === undefined
        ? eb(first, '>', last[first])
        : eb.or([
            eb(first, '>', last[first]),
            eb.and([eb(first, '=', last[first]), eb(second, '>', last[second])]),
          ]),
    );
  }
  for (const column of table.key) query = query.orderBy(column);
  return query.limit(PAGE);
}

/**
 * Writes the whole store to `write` as JSON lines, inside one read-only transaction (a snapshot:
 * the server may keep writing meanwhile). Returns the rows per table.
 */
export async function backupAppStore(
  store: AppStore,
  write: (chunk: string) => Promise<void>,
  now = new Date(),
): Promise<BackupSummary> {
  const db = store.db as unknown as AnyDb;
  let begin = db.transaction();
  // PostgreSQL's default READ COMMITTED would give each page its own snapshot.
  if (store.dialect === 'postgres') begin = begin.setIsolationLevel('repeatable read');
  return begin.execute(async (trx) => {
    if (store.dialect === 'postgres') await sql`set transaction read only`.execute(trx);
    const header = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      dialect: store.dialect,
      migrations: await appliedMigrations(trx),
      createdAt: now.toISOString(),
    };
    await write(`${JSON.stringify(header)}\n`);
    const counts: BackupSummary = {};
    for (const table of BACKUP_TABLES) {
      counts[table.name] = 0;
      for (let last: Record<string, unknown> | undefined; ;) {
        const rows = await pageQuery(trx, table, last).execute();
        if (rows.length > 0) {
          await write(
            rows
              .map((row) => JSON.stringify({ table: table.name, row: portableRow(table, row) }))
              .join('\n') + '\n',
          );
        }
        counts[table.name]! += rows.length;
        if (rows.length < PAGE) break;
        last = rows.at(-1);
      }
    }
    await write(`${JSON.stringify({ end: true, rows: counts })}\n`);
    return counts;
  });
}

/** Rows per table in `store`. */
export async function countRows(db: AnyDb | Transaction<Record<string, Record<string, unknown>>>) {
  const counts: Record<string, number> = {};
  for (const table of BACKUP_TABLES) {
    const row = await db
      .selectFrom(table.name)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    counts[table.name] = Number(row?.n ?? 0);
  }
  return counts;
}

function parseLine<T>(schema: z.ZodType<T>, line: string, at: number): T {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupFileError(`line ${at} is not JSON: is this an app-store backup?`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BackupFileError(
      `line ${at} is not what an app-store backup holds there: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/**
 * Restores a backup into `store`, all or nothing, in one transaction. Refuses a store that holds
 * any record unless `force` (then everything in it is deleted first, in the same transaction),
 * a backup of another schema version, and a file that is cut off or not a backup.
 */
export async function restoreAppStore(
  store: AppStore,
  input: Readable,
  options: { force?: boolean } = {},
): Promise<{ rows: BackupSummary; from: AppStoreDialect }> {
  const db = store.db as unknown as AnyDb;
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let at = 0;
  const next = async () => {
    const { value, done } = await lines.next();
    at += 1;
    return done ? undefined : (value as string);
  };
  const first = await next();
  if (first === undefined) throw new BackupFileError('the backup file is empty');
  const header = parseLine(headerSchema, first, at);
  const migrations = await appliedMigrations(db);
  if (JSON.stringify(migrations) !== JSON.stringify(header.migrations)) {
    throw new SchemaMismatchError(header.migrations, migrations);
  }
  const tables = new Map(BACKUP_TABLES.map((table) => [table.name as string, table]));

  const rows = await db.transaction().execute(async (trx) => {
    const before = await countRows(trx);
    if (Object.values(before).some((n) => n > 0)) {
      if (!options.force) throw new StoreNotEmptyError(before);
      // Referencing tables first.
      for (const table of [...BACKUP_TABLES].reverse()) await trx.deleteFrom(table.name).execute();
    }
    const counts: BackupSummary = Object.fromEntries(BACKUP_TABLES.map((table) => [table.name, 0]));
    let pending: { table: BackupTable; rows: Record<string, unknown>[] } | undefined;
    const flush = async () => {
      const batch = pending;
      pending = undefined;
      if (!batch || batch.rows.length === 0) return;
      try {
        await trx.insertInto(batch.table.name).values(batch.rows).execute();
      } catch (error) {
        // A hand-edited or foreign file: say which rows, not a driver's stack.
        throw new BackupFileError(
          `the ${batch.table.name} rows before line ${at} do not fit the store (${(error as Error).message}); nothing was restored`,
        );
      }
    };
    for (let line = await next(); ; line = await next()) {
      if (line === undefined)
        throw new BackupFileError('the backup file is cut off (no end line); nothing was restored');
      if (line.startsWith('{"end":')) {
        const trailer = parseLine(trailerSchema, line, at);
        await flush();
        for (const [table, n] of Object.entries(counts)) {
          if ((trailer.rows[table] ?? 0) !== n) {
            throw new BackupFileError(
              `the backup's end line counts ${trailer.rows[table] ?? 0} ${table} rows but it holds ${n}`,
            );
          }
        }
        break;
      }
      const { table: name, row } = parseLine(rowSchema, line, at);
      const table = tables.get(name);
      if (!table) throw new BackupFileError(`line ${at} is for an unknown table "${name}"`);
      const unknown = Object.keys(row).filter((column) => !table.columns.includes(column));
      if (unknown.length > 0)
        throw new BackupFileError(`line ${at} has unknown ${name} column(s): ${unknown.join(', ')}`);
      if (pending?.table !== table) await flush();
      pending ??= { table, rows: [] };
      pending.rows.push(storedRow(table, row));
      counts[name]! += 1;
      if (pending.rows.length >= INSERT_BATCH) await flush();
    }
    if ((await next()) !== undefined)
      throw new BackupFileError(`line ${at}: nothing may follow the end line`);
    return counts;
  });
  return { rows, from: header.dialect };
}
