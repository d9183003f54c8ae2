/**
 * The app store (server/app-store/) on both dialects: the migrations, and the saved-query and
 * workspace stores the routes use. SQLite is a fresh file per store; PostgreSQL is the run's
 * throwaway cluster (test/support/postgres.ts), a fresh database per store.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAppStore, type AppStore } from '../../server/app-store/app-store.js';
import type { AppStoreDialect } from '../../server/app-store/app-store-location.js';
import {
  createSavedQuery,
  deleteSavedQuery,
  getSavedQuery,
  listSavedQueries,
  updateSavedQuery,
  type SavedQueryFields,
} from '../../server/queries/store.js';
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
  type WorkspaceFields,
} from '../../server/workspaces/workspace-store.js';
import { createUser } from '../../server/auth/user-store.js';
import { openTestStore } from '../support/app-store.js';
import { stopTestPostgres } from '../support/postgres.js';

const DIALECTS: AppStoreDialect[] = ['sqlite', 'postgres'];

afterAll(stopTestPostgres);

const query = (title: string, visibility: 'private' | 'shared' = 'private'): SavedQueryFields => ({
  title,
  description: `about ${title}`,
  cypher: 'MATCH (n:Person {id: $who}) RETURN n LIMIT $limit',
  parameters: [
    { name: 'who', type: 'entity', label: 'Who', required: true, entityTypes: ['Person'] },
    { name: 'limit', type: 'integer', label: 'Limit', required: false, default: 5, min: 1, max: 50 },
  ],
  visibility,
});

const workspace = (name: string, visibility: 'private' | 'shared' = 'private'): WorkspaceFields => ({
  name,
  visibility,
  state: {
    nodes: [
      { id: 'org:phantom-secure', x: 10.5, y: -20, pinned: true },
      { id: 'person:vincent-ramos', x: 0, y: 5, hidden: false },
    ],
    edges: ['fact:a', 'fact:b'],
    filters: {
      hiddenNodeTypes: ['Country'],
      hiddenRelTypes: [],
      statuses: ['confirmed'],
      minConfidence: 0.25,
      sources: ['src:news'],
      asOf: '2018-03',
    },
    layout: 'fcose',
  },
});

describe.each(DIALECTS)('the app store on %s', (dialect) => {
  let store: AppStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store?.close();
  });

  describe('migrations', () => {
    it('when opened, then every migration is applied once and running them again applies none', async () => {
      const applied = await sql<{
        name: string;
      }>`select name from app_store_migrations order by name`.execute(store.db);
      expect(applied.rows.map((row) => row.name)).toEqual([
        '0001-saved-queries-and-workspaces',
        '0002-users-sessions-tokens',
        '0003-audit-events',
        '0004-workspace-shares-and-notes',
        '0005-idempotent-requests',
      ]);
      expect(await migrateAppStore(store)).toEqual([]);
      const tables = (await store.db.introspection.getTables()).map((table) => table.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'saved_queries',
          'workspaces',
          'users',
          'sessions',
          'api_tokens',
          'login_attempts',
          'audit_events',
          'workspace_shares',
          'notes',
          'idempotent_requests',
        ]),
      );
    });

    it('when a row breaks a column rule (visibility), then the store refuses it', async () => {
      await expect(
        store.db
          .insertInto('workspaces')
          .values({
            id: 'ws:bad',
            owner: 'x',
            visibility: 'public' as 'shared',
            name: 'bad',
            state: '{}',
            created_at: '',
            updated_at: '',
          })
          .execute(),
      ).rejects.toThrow();
    });
  });

  describe('saved queries', () => {
    it('when created, then it reads back whole, with a uq: id and equal ISO timestamps', async () => {
      const created = await createSavedQuery(store, 'alice', query('Zeta'));
      expect(created).toMatchObject({ ...query('Zeta'), origin: 'user', owner: 'alice' });
      expect(created.id).toMatch(/^uq:[0-9a-f-]{36}$/);
      expect(new Date(created.createdAt!).toISOString()).toBe(created.createdAt);
      expect(created.updatedAt).toBe(created.createdAt);
      expect(await getSavedQuery(store, created.id)).toEqual(created);
      expect(await getSavedQuery(store, 'uq:none')).toBeUndefined();
    });

    it('when listed, then a user sees their own and shared ones, by title in code-point order', async () => {
      await createSavedQuery(store, 'bob', query('alpha shared', 'shared'));
      await createSavedQuery(store, 'bob', query('Bob private'));
      await createSavedQuery(store, 'alice', query('Alpha'));
      const titles = (await listSavedQueries(store, 'alice')).map((q) => q.title);
      // Upper case before lower case, as Neo4j ordered them.
      expect(titles).toEqual(['Alpha', 'Zeta', 'alpha shared']);
      expect((await listSavedQueries(store, 'bob')).map((q) => q.title)).toEqual([
        'Bob private',
        'alpha shared',
      ]);
    });

    it('when updated, then the fields change, owner and creation time stay; a gone id is undefined', async () => {
      const created = await createSavedQuery(store, 'carol', query('Before'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      const changed = { ...query('After', 'shared'), parameters: [] };
      const updated = await updateSavedQuery(store, created.id, changed);
      expect(updated).toMatchObject({ ...changed, owner: 'carol', createdAt: created.createdAt });
      expect(updated!.updatedAt! > created.updatedAt!).toBe(true);
      expect(await updateSavedQuery(store, 'uq:none', changed)).toBeUndefined();
    });

    it('when deleted, then it is gone, and deleting again is not an error', async () => {
      const created = await createSavedQuery(store, 'dave', query('Doomed'));
      await deleteSavedQuery(store, created.id);
      await deleteSavedQuery(store, created.id);
      expect(await getSavedQuery(store, created.id)).toBeUndefined();
    });
  });

  describe('workspaces', () => {
    it('when created, then its state reads back equal, and another user cannot see a private one', async () => {
      const created = await createWorkspace(store, 'alice', workspace('one'));
      expect(created).toMatchObject({ name: 'one', owner: 'alice', visibility: 'private' });
      expect(created.state).toEqual(workspace('one').state);
      expect(await getWorkspace(store, 'alice', created.id)).toEqual(created);
      expect(await getWorkspace(store, 'bob', created.id)).toBeUndefined();
    });

    it('when created twice with one idempotency key, then the first copy comes back unchanged', async () => {
      const first = await createWorkspace(store, 'alice', workspace('retry'), 'key-00000001');
      const second = await createWorkspace(store, 'alice', workspace('retry changed'), 'key-00000001');
      expect(second).toEqual(first);
      const other = await createWorkspace(store, 'bob', workspace('retry'), 'key-00000001');
      expect(other.id).not.toBe(first.id);
    });

    it('when listed, then own and shared ones come newest first, without state', async () => {
      const older = await createWorkspace(store, 'erin', workspace('older'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      const shared = await createWorkspace(store, 'frank', workspace('shared', 'shared'));
      await createWorkspace(store, 'frank', workspace('frank private'));
      const list = await listWorkspaces(store, 'erin');
      const ids = list.map((w) => w.id);
      expect(ids.indexOf(shared.id)).toBeLessThan(ids.indexOf(older.id));
      expect(list.every((w) => w.owner === 'erin' || w.visibility === 'shared')).toBe(true);
      expect(list.find((w) => w.id === older.id)).toEqual({
        id: older.id,
        name: 'older',
        owner: 'erin',
        visibility: 'private',
        updatedAt: older.updatedAt,
        access: 'owner',
      });
    });

    it('when updated or deleted, then only by its owner', async () => {
      const created = await createWorkspace(store, 'gina', workspace('mine', 'shared'));
      // Everyone may open a shared workspace, so the refusal says why rather than "not found".
      await expect(updateWorkspace(store, 'hank', created.id, workspace('theirs'))).rejects.toMatchObject({
        status: 403,
        code: 'WORKSPACE_READ_ONLY',
      });
      await expect(deleteWorkspace(store, 'hank', created.id)).rejects.toMatchObject({
        code: 'WORKSPACE_OWNER_ONLY',
      });
      const hidden = await createWorkspace(store, 'gina', workspace('hidden'));
      expect(await updateWorkspace(store, 'hank', hidden.id, workspace('theirs'))).toBeUndefined();
      expect(await deleteWorkspace(store, 'hank', hidden.id)).toBe(false);
      const updated = await updateWorkspace(store, 'gina', created.id, workspace('renamed'));
      expect(updated).toMatchObject({ id: created.id, name: 'renamed', visibility: 'private' });
      expect(await deleteWorkspace(store, 'gina', created.id)).toBe(true);
      expect(await deleteWorkspace(store, 'gina', created.id)).toBe(false);
      expect(await getWorkspace(store, 'gina', created.id)).toBeUndefined();
    });
  });

  describe('workspace sharing (issue 15)', () => {
    beforeAll(async () => {
      for (const username of ['sara', 'vic', 'eddie', 'gone']) {
        await createUser(store, { username, role: 'investigator', password: 'a long enough password 1' });
      }
      await store.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'gone').execute();
    });

    it('when shared with a viewer and an editor, then both list and open it, only the editor saves', async () => {
      const created = await createWorkspace(store, 'sara', {
        ...workspace('named'),
        shares: [
          { username: 'vic', permission: 'viewer' },
          { username: 'eddie', permission: 'editor' },
        ],
      });
      expect(created).toMatchObject({ visibility: 'private', access: 'owner', canShare: true });
      expect(created.shares).toEqual([
        { username: 'eddie', permission: 'editor' },
        { username: 'vic', permission: 'viewer' },
      ]);
      expect((await listWorkspaces(store, 'vic')).find((w) => w.id === created.id)?.access).toBe('viewer');
      expect((await listWorkspaces(store, 'eddie')).find((w) => w.id === created.id)?.access).toBe('editor');
      expect((await listWorkspaces(store, 'hank')).map((w) => w.id)).not.toContain(created.id);
      expect(await getWorkspace(store, 'vic', created.id)).toMatchObject({
        access: 'viewer',
        canShare: false,
      });
      expect(await getWorkspace(store, 'hank', created.id)).toBeUndefined();

      await expect(updateWorkspace(store, 'vic', created.id, { name: 'vic was here' })).rejects.toMatchObject(
        {
          code: 'WORKSPACE_READ_ONLY',
        },
      );
      const saved = await updateWorkspace(store, 'eddie', created.id, {
        name: 'edited',
        state: workspace('x').state,
      });
      // An editor's save keeps the sharing it did not name.
      expect(saved).toMatchObject({ name: 'edited', access: 'editor', visibility: 'private' });
      expect(saved?.shares).toHaveLength(2);
      await expect(
        updateWorkspace(store, 'eddie', created.id, {
          shares: [{ username: 'eddie', permission: 'editor' }],
        }),
      ).rejects.toMatchObject({ code: 'WORKSPACE_SHARING_OWNER_ONLY' });
      await expect(
        updateWorkspace(store, 'eddie', created.id, { visibility: 'shared' }),
      ).rejects.toMatchObject({
        code: 'WORKSPACE_SHARING_OWNER_ONLY',
      });
      await expect(deleteWorkspace(store, 'eddie', created.id)).rejects.toMatchObject({
        code: 'WORKSPACE_OWNER_ONLY',
      });
    });

    it('when the owner empties the share list, then the named people lose it; an admin who may open it may change it', async () => {
      const created = await createWorkspace(store, 'sara', {
        ...workspace('revoked'),
        shares: [{ username: 'vic', permission: 'viewer' }],
      });
      const revoked = await updateWorkspace(store, 'sara', created.id, { shares: [] });
      expect(revoked?.shares).toEqual([]);
      expect(await getWorkspace(store, 'vic', created.id)).toBeUndefined();
      const everyone = await updateWorkspace(store, 'sara', created.id, { visibility: 'shared' });
      expect(everyone?.name).toBe('revoked');
      const byAdmin = await updateWorkspace(store, { username: 'hank', admin: true }, created.id, {
        visibility: 'private',
      });
      expect(byAdmin).toMatchObject({ visibility: 'private', access: 'viewer', canShare: true });
      expect(await getWorkspace(store, 'hank', created.id)).toBeUndefined();
    });

    it('when the share list names unknown or disabled users, then 422 names them and nothing changes', async () => {
      const created = await createWorkspace(store, 'sara', workspace('typos'));
      const attempt = updateWorkspace(store, 'sara', created.id, {
        name: 'renamed by a failed save',
        shares: [
          { username: 'vic', permission: 'viewer' },
          { username: 'nobody-here', permission: 'editor' },
          { username: 'gone', permission: 'viewer' },
        ],
      });
      await expect(attempt).rejects.toMatchObject({
        status: 422,
        message: expect.stringContaining('nobody-here, gone'),
      });
      expect(await getWorkspace(store, 'sara', created.id)).toMatchObject({ name: 'typos', shares: [] });
      await expect(
        createWorkspace(store, 'sara', {
          ...workspace('ghost'),
          shares: [{ username: 'ghost', permission: 'viewer' }],
        }),
      ).rejects.toMatchObject({ status: 422 });
      expect((await listWorkspaces(store, 'sara')).map((w) => w.name)).not.toContain('ghost');
    });

    it('when a shared workspace is deleted, then its shares go with it', async () => {
      const created = await createWorkspace(store, 'sara', {
        ...workspace('short-lived'),
        shares: [{ username: 'vic', permission: 'editor' }],
      });
      expect(await deleteWorkspace(store, 'sara', created.id)).toBe(true);
      const left = await store.db
        .selectFrom('workspace_shares')
        .select('username')
        .where('workspace_id', '=', created.id)
        .execute();
      expect(left).toEqual([]);
    });
  });
});
