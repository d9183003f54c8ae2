/**
 * App stores for tests (server/app-store/): each test file gets its own SQLite store in a temporary
 * folder (`testAppStore`, what `testApp` uses unless given one), a copy of the global set-up's
 * template that holds the test users, their API tokens and sessions; `tempAppStoreFile` makes such
 * a copy for a server process a test starts; `openTestStore` opens empty ones, on SQLite or on the
 * run's throwaway PostgreSQL (postgres.ts), for tests that run on both dialects.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import {
  createAppStore,
  migrateAppStore,
  openAppStore,
  type AppStore,
} from '../../server/app-store/app-store.js';
import type { AppStoreDialect, AppStoreLocation } from '../../server/app-store/app-store-location.js';
import { createPostgresDatabase } from './postgres.js';

let fileStore: { store: AppStore; ready: Promise<unknown>; file: string } | undefined;
const folders: string[] = [];

function removeFolders(): void {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
}

// Registered when a test file imports this module, so it runs after the file's own hooks.
afterAll(async () => {
  const own = fileStore;
  fileStore = undefined;
  if (own) {
    await own.ready.catch(() => undefined);
    await own.store.close();
  }
  removeFolders();
});
// A worker that dies before afterAll still leaves nothing behind when it exits normally.
process.once('exit', removeFolders);

/** A new temporary folder, removed when the test process exits. */
function tempFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-test-app-store-'));
  folders.push(folder);
  return folder;
}

/**
 * A new SQLite app-store file in a temporary folder: a copy of the template with the test users
 * when the global set-up made one (integration and e2e projects), else none (a fresh store).
 */
function copyOfTemplate(): string {
  const file = path.join(tempFolder(), 'casegraph.sqlite');
  const template = inject('appStoreTemplate') as string | undefined;
  if (template) fs.copyFileSync(template, file);
  return file;
}

/** A SQLite app-store file with the test users, for a server process a test starts itself. */
export function tempAppStoreFile(): string {
  return copyOfTemplate();
}

/**
 * The test file's own SQLite store (with the test users), made on first use: the store at once and the migration's
 * promise (`testApp` is synchronous and waits for it before each request).
 */
export function fileAppStore(): { store: AppStore; ready: Promise<unknown>; file: string } {
  if (!fileStore) {
    const file = copyOfTemplate();
    const store = createAppStore({ dialect: 'sqlite', file });
    fileStore = { store, ready: migrateAppStore(store), file };
  }
  return fileStore;
}

/** The test file's own SQLite store, migrated. */
export async function testAppStore(): Promise<AppStore> {
  const { store, ready } = fileAppStore();
  await ready;
  return store;
}

/**
 * A fresh, migrated store on `dialect`: a new SQLite file, or a new database on the run's
 * throwaway PostgreSQL (started on first use). Close it when done.
 */
export async function openTestStore(dialect: AppStoreDialect): Promise<AppStore> {
  return openAppStore(await newTestStoreLocation(dialect));
}

/**
 * Where a fresh store on `dialect` can be opened (a new SQLite file, a new PostgreSQL database):
 * for tests that open one store twice, as two processes would, or hand it to a child process.
 */
export async function newTestStoreLocation(dialect: AppStoreDialect): Promise<AppStoreLocation> {
  if (dialect === 'sqlite') {
    return { dialect, file: path.join(tempFolder(), `${randomBytes(4).toString('hex')}.sqlite`) };
  }
  return { dialect, url: await createPostgresDatabase() };
}

/** A new SQLite store with the test users and their tokens (a copy of the template), migrated. Close it when done. */
export async function openTestStoreWithUsers(): Promise<AppStore> {
  return openAppStore({ dialect: 'sqlite', file: copyOfTemplate() });
}
