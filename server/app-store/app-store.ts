/**
 * The app store: casegraph's own records (saved queries and workspaces; next users, sessions, API
 * tokens, audit events and login-limit counters), kept in SQL beside the graph so the case graph
 * holds only the case. One schema, one migration set and one query layer (Kysely) for both
 * dialects: SQLite embedded by default (better-sqlite3, a file in the data folder) and PostgreSQL
 * (`pg`) when several app processes serve one graph.
 *
 * `openAppStore` opens it and runs the forward migrations before anything reads it; the process
 * closes it on shutdown after the HTTP server has drained.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import type { AppStoreDialect, AppStoreLocation } from './app-store-location.js';
import { appStoreMigrations } from './migrations/index.js';
import type { AppDatabase } from './tables.js';

export interface AppStore {
  readonly db: Kysely<AppDatabase>;
  readonly dialect: AppStoreDialect;
  /** Closes the connection (SQLite) or the pool (PostgreSQL). */
  close(): Promise<void>;
}

/** How long a SQLite writer waits for another connection's lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Connections per process to PostgreSQL: app-store work is short, the graph is the slow part. */
const POSTGRES_POOL_SIZE = 10;
const MIGRATION_TABLE = 'app_store_migrations';
const MIGRATION_LOCK_TABLE = 'app_store_migration_lock';

function sqliteDialect(file: string): Dialect {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new Database(file);
  // WAL: readers never wait for the writer, and a crash loses no committed transaction.
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return new SqliteDialect({ database });
}

function postgresDialect(url: string): Dialect {
  const pool = new pg.Pool({ connectionString: url, max: POSTGRES_POOL_SIZE });
  // An idle client losing its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
}

/**
 * Opens the store at `location` and brings its schema to the latest version. Throws (and closes
 * what it opened) when the store cannot be reached or a migration fails.
 */
export async function openAppStore(location: AppStoreLocation): Promise<AppStore> {
  const store = createAppStore(location);
  try {
    await migrateAppStore(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * The store at `location` without migrating it (`openAppStore` is what the process uses): for
 * callers that migrate on their own schedule, and for tests that only need a value.
 */
export function createAppStore(location: AppStoreLocation): AppStore {
  const dialect =
    location.dialect === 'sqlite' ? sqliteDialect(location.file) : postgresDialect(location.url);
  const db = new Kysely<AppDatabase>({ dialect });
  return { db, dialect: location.dialect, close: () => db.destroy() };
}

/**
 * Runs every migration not yet applied, in order, each in its own transaction (PostgreSQL also
 * takes a lock, so two processes starting together migrate once). Returns the names it applied.
 */
export async function migrateAppStore(store: AppStore): Promise<string[]> {
  // Kysely's migration lock holds across PostgreSQL connections but not SQLite ones: two
  // processes opening a new SQLite store together both see "not applied", and the second one's
  // CREATE TABLE fails once the first has committed. Its transaction rolled back, so trying
  // again finds the work done (or continues where the other stopped).
  const attempts = store.dialect === 'sqlite' ? SQLITE_MIGRATION_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(store);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

const SQLITE_MIGRATION_ATTEMPTS = 5;

async function migrateOnce(store: AppStore): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => appStoreMigrations(store.dialect) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The app store could not be migrated${failed ? ` (${failed.migrationName})` : ''}: ${reason}`,
      { cause: error },
    );
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/**
 * True when `error` is a unique or primary-key violation, in either dialect (SQLite's
 * `SQLITE_CONSTRAINT_PRIMARYKEY`/`_UNIQUE`, PostgreSQL's 23505): how a store says "already exists".
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A `bigint` millisecond column's value as a number (PostgreSQL returns int8 as text). */
export function millis(value: number | string | bigint): number {
  return typeof value === 'number' ? value : Number(value);
}

/** How long readiness waits for the store before calling it unavailable. */
const PING_TIMEOUT_MS = 2_000;

/** Whether the store answers a trivial query now (for readiness), with the reason when not. */
export async function checkAppStore(
  store: AppStore,
): Promise<{ ready: true } | { ready: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sql`select 1`.execute(store.db),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), PING_TIMEOUT_MS);
      }),
    ]);
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: `app store: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
