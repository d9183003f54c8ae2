/**
 * Several processes opening one new SQLite app store at once (two servers, or CLI commands run
 * together) must all end up with one migrated store: Kysely's migration lock does not reach
 * across SQLite connections.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppStore, migrateAppStore, type AppStore } from '../../server/app-store/app-store.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-migrate-race-'));
const stores: AppStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('migrating one new SQLite store from several connections at once', () => {
  it('when four connections migrate together, then all succeed and each migration ran once', async () => {
    const file = path.join(folder, 'race.sqlite');
    for (let i = 0; i < 4; i++) stores.push(createAppStore({ dialect: 'sqlite', file }));
    const applied = await Promise.all(stores.map((store) => migrateAppStore(store)));
    expect(applied.flat().sort()).toEqual(
      [
        '0001-saved-queries-and-workspaces',
        '0002-users-sessions-tokens',
        '0003-audit-events',
        '0004-workspace-shares-and-notes',
        '0005-idempotent-requests',
      ].sort(),
    );
  });
});
