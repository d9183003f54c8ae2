/**
 * `npm run backup` / `npm run restore` (server/app-store/backup.ts) on both dialects: a store with
 * a row in every table goes out and back in unchanged (audit chain intact), across dialects too;
 * the backup is one snapshot while another connection writes; and every refusal (a store that is
 * not empty, a cut-off file, another schema version) changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppStore, openAppStore, type AppStore } from '../../server/app-store/app-store.js';
import type { AppStoreDialect, AppStoreLocation } from '../../server/app-store/app-store-location.js';
import { BACKUP_TABLES } from '../../server/app-store/backup-tables.js';
import {
  BackupFileError,
  SchemaMismatchError,
  StoreNotEmptyError,
  backupAppStore,
  countRows,
  restoreAppStore,
} from '../../server/app-store/backup.js';
import { ChainVerifier } from '../../server/audit/audit-chain.js';
import { completeEvent } from '../../server/audit/audit-log.js';
import { appendAuditEvents, readChain } from '../../server/audit/audit-store.js';
import { newTestStoreLocation, openTestStore } from '../support/app-store.js';
import { stopTestPostgres } from '../support/postgres.js';
import { runCli } from '../support/cli.js';

const DIALECTS: AppStoreDialect[] = ['sqlite', 'postgres'];
const stores: AppStore[] = [];

afterAll(async () => {
  for (const store of stores.splice(0)) await store.close();
  await stopTestPostgres();
});

async function freshStore(dialect: AppStoreDialect): Promise<AppStore> {
  const store = await openTestStore(dialect);
  stores.push(store);
  return store;
}

/** A row in every table, with the values that travel badly: JSON, large bigints, nulls, 0/1 flags. */
async function fill(store: AppStore): Promise<void> {
  const db = store.db;
  const at = '2026-01-02T03:04:05.678Z';
  await db
    .insertInto('users')
    .values([
      {
        username: 'ana',
        role: 'admin',
        password_hash: '$argon2id$x',
        disabled: 0,
        created_at: at,
        updated_at: at,
        password_changed_at: at,
      },
      {
        username: 'bo',
        role: 'analyst',
        password_hash: '$argon2id$y',
        disabled: 1,
        created_at: at,
        updated_at: at,
        password_changed_at: at,
      },
    ])
    .execute();
  await db
    .insertInto('saved_queries')
    .values({
      id: 'uq:1',
      owner: 'ana',
      visibility: 'shared',
      title: 'Q',
      description: 'ü, "quotes" and a\nnewline',
      cypher: 'MATCH (n) RETURN n LIMIT $limit',
      parameters: JSON.stringify([
        { name: 'limit', type: 'integer', default: 5, nested: { a: [1, 2.5, null] } },
      ]),
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('workspaces')
    .values({
      id: 'ws:1',
      owner: 'ana',
      visibility: 'private',
      name: 'W',
      state: JSON.stringify({ nodes: [{ id: 'org:x', x: 1.5 }] }),
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('workspace_shares')
    .values({ workspace_id: 'ws:1', username: 'bo', permission: 'viewer' })
    .execute();
  await db
    .insertInto('notes')
    .values([
      {
        id: 'note:1',
        author: 'ana',
        target_id: 'org:x',
        workspace_id: 'ws:1',
        text: 'in a workspace',
        created_at: at,
        updated_at: at,
      },
      {
        id: 'note:2',
        author: 'bo',
        target_id: 'org:x',
        workspace_id: null,
        text: 'on the case',
        created_at: at,
        updated_at: at,
      },
    ])
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id_hash: 'h1',
      username: 'ana',
      created_at: 1_767_225_600_000,
      last_seen_at: 1_767_225_600_001,
      expires_at: 4_102_444_800_000,
    })
    .execute();
  await db
    .insertInto('api_tokens')
    .values([
      { id: 't1', token_hash: 'th1', username: 'ana', name: 'ci', created_at: at, expires_at: null },
      { id: 't2', token_hash: 'th2', username: 'bo', name: 'x', created_at: at, expires_at: at },
    ])
    .execute();
  await db
    .insertInto('login_attempts')
    .values({ key: 'ip:1', hits: 3, reset_at: 1_767_225_600_000 })
    .execute();
  await db
    .insertInto('idempotent_requests')
    .values([
      {
        id: 'i1',
        username: 'ana',
        fingerprint: 'f',
        status: 201,
        answer: 'c2VjcmV0',
        created_at_ms: 1_767_225_600_000,
      },
      {
        id: 'i2',
        username: 'ana',
        fingerprint: 'g',
        status: null,
        answer: null,
        created_at_ms: 1_767_225_600_000,
      },
    ])
    .execute();
  await appendAuditEvents(
    store,
    Array.from({ length: 5 }, (_, i) =>
      completeEvent({
        username: 'ana',
        action: 'test.event',
        target: `t${i}`,
        status: 200,
        ip: null,
        details: i % 2 ? { z: 1, a: { b: [i] } } : null,
      }),
    ),
  );
}

/** The backup as text, through the same sink a file gets. */
async function backupText(store: AppStore, onWrite?: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  await backupAppStore(store, async (chunk) => {
    chunks.push(chunk);
    await onWrite?.();
  });
  return chunks.join('');
}

/** The row lines of a backup: what two stores holding the same records agree on. */
const rowLines = (text: string) => text.split('\n').slice(1);

async function verifyChain(store: AppStore) {
  const verifier = new ChainVerifier();
  for await (const event of readChain(store)) if (verifier.push(event)) break;
  return verifier.verdict();
}

describe.each(DIALECTS)('backing up and restoring the app store on %s', (dialect) => {
  it('when a store with a row in every table is backed up and restored into a fresh one, then both hold the same rows', async () => {
    const source = await freshStore(dialect);
    await fill(source);
    const text = await backupText(source);
    const counts = await countRows(source.db as never);
    for (const table of BACKUP_TABLES) expect(counts[table.name], table.name).toBeGreaterThan(0);

    const target = await freshStore(dialect);
    const { rows } = await restoreAppStore(target, Readable.from([text]));
    expect(rows).toEqual(counts);
    expect(rowLines(await backupText(target))).toEqual(rowLines(text));
    expect(await verifyChain(target)).toMatchObject({ ok: true, count: 5 });
  });

  it('when another connection writes while the backup runs, then the backup is the snapshot it began with', async () => {
    const location = await newTestStoreLocation(dialect);
    const store = await openAppStore(location);
    stores.push(store);
    await fill(store);
    const writer = createAppStore(location);
    stores.push(writer);
    let wrote = false;
    const text = await backupText(store, async () => {
      if (wrote) return;
      wrote = true;
      // After the header: the snapshot is taken, the users table not yet read.
      await writer.db
        .insertInto('users')
        .values({
          username: 'late',
          role: 'analyst',
          password_hash: 'x',
          disabled: 0,
          created_at: 'a',
          updated_at: 'a',
          password_changed_at: 'a',
        })
        .execute();
    });
    expect(wrote).toBe(true);
    expect(text).not.toContain('"late"');
    expect(JSON.parse(text.trim().split('\n').at(-1)!).rows.users).toBe(2);
  });

  it('when restored into a store that is not empty, then it is refused and the store is unchanged; --force replaces it', async () => {
    const source = await freshStore(dialect);
    await fill(source);
    const text = await backupText(source);
    const target = await freshStore(dialect);
    await target.db
      .insertInto('users')
      .values({
        username: 'keep',
        role: 'admin',
        password_hash: 'x',
        disabled: 0,
        created_at: 'a',
        updated_at: 'a',
        password_changed_at: 'a',
      })
      .execute();
    const before = await backupText(target);
    await expect(restoreAppStore(target, Readable.from([text]))).rejects.toBeInstanceOf(StoreNotEmptyError);
    expect(rowLines(await backupText(target))).toEqual(rowLines(before));

    await restoreAppStore(target, Readable.from([text]), { force: true });
    expect(rowLines(await backupText(target))).toEqual(rowLines(text));
  });

  it('when the file is cut off, not a backup, or of another schema, then it is refused and nothing is written', async () => {
    const source = await freshStore(dialect);
    await fill(source);
    const text = await backupText(source);
    const lines = text.trim().split('\n');
    const target = await freshStore(dialect);
    const header = JSON.parse(lines[0]!);
    const cases: [string, unknown][] = [
      [lines.slice(0, -1).join('\n'), BackupFileError],
      [lines.slice(0, 4).join('\n'), BackupFileError],
      ['', BackupFileError],
      ['not json at all', BackupFileError],
      [
        [lines[0], '{"table":"users","row":{"username":"x","is_admin":1}}', ...lines.slice(1)].join('\n'),
        BackupFileError,
      ],
      [[lines[0], '{"table":"no_such_table","row":{}}', ...lines.slice(1)].join('\n'), BackupFileError],
      [
        [JSON.stringify({ ...header, migrations: header.migrations.slice(0, 2) }), ...lines.slice(1)].join(
          '\n',
        ),
        SchemaMismatchError,
      ],
    ];
    for (const [file, error] of cases) {
      await expect(restoreAppStore(target, Readable.from([file])), file.slice(0, 60)).rejects.toBeInstanceOf(
        error,
      );
      expect(Object.values(await countRows(target.db as never)).every((n) => n === 0)).toBe(true);
    }
  });
});

describe('a backup across dialects', () => {
  it('when a SQLite backup is restored into PostgreSQL and back, then the rows are the same', async () => {
    const sqlite = await freshStore('sqlite');
    await fill(sqlite);
    const text = await backupText(sqlite);
    const postgres = await freshStore('postgres');
    await restoreAppStore(postgres, Readable.from([text]));
    const fromPostgres = await backupText(postgres);
    // jsonb keeps its own key order, so the lines differ in text but not in value.
    const values = (backup: string) =>
      rowLines(backup)
        .filter(Boolean)
        .map((line) => JSON.parse(line) as unknown);
    expect(values(fromPostgres)).toEqual(values(text));
    const again = await freshStore('sqlite');
    await restoreAppStore(again, Readable.from([fromPostgres]));
    expect(values(await backupText(again))).toEqual(values(text));
    expect(await verifyChain(again)).toMatchObject({ ok: true });
  });
});

describe('the backup tables', () => {
  it.each(DIALECTS)(
    'when compared with the migrated schema on %s, then every table and column is listed',
    async (dialect) => {
      const store = await freshStore(dialect);
      const listed = Object.fromEntries(BACKUP_TABLES.map((t) => [t.name, [...t.columns].sort()]));
      const tables = await store.db.introspection.getTables();
      const actual = Object.fromEntries(
        tables
          .filter((t) => !t.name.startsWith('app_store_migration'))
          .map((t) => [t.name, t.columns.map((c) => c.name).sort()]),
      );
      expect(actual).toEqual(listed);
    },
  );
});

/** Runs `npm run backup` / `npm run restore` (the same scripts) on a SQLite store. */
function cli(script: 'backup' | 'restore', args: string[], storeFile: string) {
  return runCli(script, args, { env: { APP_STORE_FILE: storeFile } });
}

describe('npm run backup and npm run restore', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-backup-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('when a store is backed up to a file and restored into a new one, then it exits 0; again, it exits 2 and says why', async () => {
    const location = (await newTestStoreLocation('sqlite')) as Extract<
      AppStoreLocation,
      { dialect: 'sqlite' }
    >;
    const store = await openAppStore(location);
    await fill(store);
    await store.close();
    const file = path.join(folder, 'store.jsonl');
    const backup = await cli('backup', [file], location.file);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toMatch(/Backed up \d+ rows/);
    expect(fs.statSync(file).mode & 0o077).toBe(0);

    const target = path.join(folder, 'restored.sqlite');
    const restore = await cli('restore', [file], target);
    expect(restore.code, restore.stderr).toBe(0);
    const again = await cli('restore', [file], target);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/STORE_NOT_EMPTY: .*--force/);
    const forced = await cli('restore', [file, '--force'], target);
    expect(forced.code, forced.stderr).toBe(0);
  });

  it('when given a bad path or no file, then each exits 2 with the reason', async () => {
    const store = path.join(folder, 'unused.sqlite');
    const runs = await Promise.all([
      cli('backup', [path.join(folder, 'missing', 'b.jsonl')], store),
      cli('backup', [], store),
      cli('restore', [path.join(folder, 'no-such.jsonl')], store),
      cli('restore', [], store),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[0]!.stderr).toMatch(/does not exist/);
    expect(runs[2]!.stderr).toMatch(/No such backup file/);
    for (const run of runs) expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
