/**
 * Notes on entities and links (issue 15): the store on both dialects (who reads which note, the
 * search, who changes them) and the routes (validation is a 4xx, never a 500).
 */
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppStore } from '../../server/app-store/app-store.js';
import type { AppStoreDialect } from '../../server/app-store/app-store-location.js';
import { createUser } from '../../server/auth/user-store.js';
import {
  createNote,
  deleteNote,
  listNotes,
  searchNotes,
  updateNote,
} from '../../server/notes/notes-store.js';
import { createWorkspace, deleteWorkspace } from '../../server/workspaces/workspace-store.js';
import { openTestStore } from '../support/app-store.js';
import { testApp, testDriver } from '../support/neo4j.js';
import { stopTestPostgres } from '../support/postgres.js';

const DIALECTS: AppStoreDialect[] = ['sqlite', 'postgres'];
afterAll(stopTestPostgres);

const state = {
  nodes: [{ id: 'org:phantom-secure', x: 0, y: 0 }],
  filters: {
    hiddenNodeTypes: [],
    hiddenRelTypes: [],
    statuses: [],
    minConfidence: 0,
    sources: [],
    asOf: null,
  },
  layout: 'grid',
};
const as = (username: string, admin = false) => ({ username, admin });

describe.each(DIALECTS)('notes in the app store on %s', (dialect) => {
  let store: AppStore;
  let privateWs: string;
  let sharedWs: string;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    for (const username of ['olga', 'vera', 'ed', 'xena']) {
      await createUser(store, { username, role: 'investigator', password: 'a long enough password 1' });
    }
    privateWs = (await createWorkspace(store, 'olga', { name: 'private', state })).id;
    sharedWs = (
      await createWorkspace(store, 'olga', {
        name: 'named',
        state,
        shares: [
          { username: 'vera', permission: 'viewer' },
          { username: 'ed', permission: 'editor' },
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await store?.close();
  });

  it('when a note is kept with the case, then everyone reads it; with a workspace, only those who may open it', async () => {
    const onCase = await createNote(store, as('olga'), {
      target: 'org:phantom-secure',
      text: 'Case: seized 2018',
    });
    const inPrivate = await createNote(store, as('olga'), {
      target: 'org:phantom-secure',
      text: 'Private hunch',
      workspaceId: privateWs,
    });
    const inShared = await createNote(store, as('ed'), {
      target: 'org:phantom-secure',
      text: 'Team lead',
      workspaceId: sharedWs,
    });
    expect(onCase).toMatchObject({ scope: 'case', workspaceId: null, author: 'olga' });
    expect(inShared).toMatchObject({ scope: 'workspace', workspaceId: sharedWs, author: 'ed' });

    // Sorted: notes written in the same millisecond come in the order of their random ids.
    const ids = async (user: string, workspace?: string) =>
      (await listNotes(store, as(user), { target: 'org:phantom-secure', workspace })).notes
        .map((n) => n.id)
        .sort();
    expect(await ids('xena')).toEqual([onCase.id]);
    expect(await ids('olga', privateWs)).toEqual([onCase.id, inPrivate.id].sort());
    expect(await ids('vera', sharedWs)).toEqual([onCase.id, inShared.id].sort());
    await expect(ids('vera', privateWs)).rejects.toMatchObject({ status: 404 });
    expect(
      (await listNotes(store, as('olga'), { workspace: sharedWs })).notes.map((n) => n.id).sort(),
    ).toEqual([onCase.id, inShared.id].sort());
  });

  it('when a viewer adds a note to the workspace, then 403; to the case, it is kept', async () => {
    await expect(
      createNote(store, as('vera'), { target: 'org:phantom-secure', text: 'mine', workspaceId: sharedWs }),
    ).rejects.toMatchObject({ code: 'WORKSPACE_READ_ONLY' });
    await expect(
      createNote(store, as('xena'), { target: 'org:phantom-secure', text: 'x', workspaceId: privateWs }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await createNote(store, as('vera'), { target: 'fact:f1', text: 'viewer on case' })).toMatchObject({
      scope: 'case',
    });
  });

  it('when searched, then case-insensitive substrings of readable notes only, with % and _ taken literally', async () => {
    await createNote(store, as('olga'), {
      target: 'person:a',
      text: 'Wire of 50% to SHELL_CO',
      workspaceId: privateWs,
    });
    await createNote(store, as('ed'), { target: 'person:b', text: 'shell company in Panama' });
    const texts = async (user: string, q: string) =>
      (await searchNotes(store, as(user), q, 20)).notes.map((n) => n.text);
    // Which notes match, not their order: the two may be written in the same millisecond, and then
    // newest-first falls back to their random ids (the failure seen on PostgreSQL).
    expect((await texts('olga', 'SHELL')).sort()).toEqual([
      'Wire of 50% to SHELL_CO',
      'shell company in Panama',
    ]);
    expect(await texts('xena', 'shell')).toEqual(['shell company in Panama']);
    expect(await texts('olga', '50%')).toEqual(['Wire of 50% to SHELL_CO']);
    expect(await texts('olga', 'l_c')).toEqual(['Wire of 50% to SHELL_CO']);
    expect(await texts('olga', '5_%')).toEqual([]);
    const limited = await searchNotes(store, as('olga'), 'e', 1);
    expect([limited.notes.length, limited.truncated]).toEqual([1, true]);
  });

  it('when someone else changes or deletes a note, then 403 unless an admin; the author may', async () => {
    const note = await createNote(store, as('ed'), { target: 'person:c', text: 'first' });
    await expect(updateNote(store, as('xena'), note.id, 'defaced')).rejects.toMatchObject({
      code: 'NOTE_AUTHOR_ONLY',
    });
    await expect(deleteNote(store, as('xena'), note.id)).rejects.toMatchObject({ code: 'NOTE_AUTHOR_ONLY' });
    expect(await updateNote(store, as('ed'), note.id, 'second')).toMatchObject({ text: 'second' });
    expect(await updateNote(store, as('xena', true), note.id, 'moderated')).toMatchObject({
      text: 'moderated',
    });
    await deleteNote(store, as('ed'), note.id);
    await expect(deleteNote(store, as('ed'), note.id)).rejects.toMatchObject({ status: 404 });
  });

  it('when a workspace is deleted, then its notes go with it', async () => {
    const ws = (await createWorkspace(store, 'olga', { name: 'gone soon', state })).id;
    const note = await createNote(store, as('olga'), { target: 'person:d', text: 'bye', workspaceId: ws });
    await deleteWorkspace(store, 'olga', ws);
    const left = await store.db.selectFrom('notes').select('id').where('id', '=', note.id).execute();
    expect(left).toEqual([]);
  });
});

describe('/api/notes', () => {
  let driver: Driver;
  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    await driver.close();
  });
  const user = (name: string) => ({ 'x-casegraph-user': name });

  it('when a note is posted, then it lists on its target and is found by search', async () => {
    const app = testApp(driver);
    const created = await request(app)
      .post('/api/notes')
      .set(user('nadia'))
      .send({ target: 'org:phantom-secure', text: '  Owner arrested in 2018  ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ text: 'Owner arrested in 2018', scope: 'case', author: 'nadia' });
    expect(created.headers.location).toBe(`/api/notes/${encodeURIComponent(created.body.id)}`);
    const listed = await request(app)
      .get('/api/notes')
      .query({ target: 'org:phantom-secure' })
      .set(user('nadia'));
    expect(listed.body.notes.map((n: { id: string }) => n.id)).toContain(created.body.id);
    const found = await request(app).get('/api/notes/search').query({ q: 'ARRESTED' }).set(user('nadia'));
    expect(found.body.notes.map((n: { id: string }) => n.id)).toContain(created.body.id);
    const changed = await request(app)
      .put(`/api/notes/${created.body.id}`)
      .set(user('nadia'))
      .send({ text: 'Arrested' });
    expect(changed.body.text).toBe('Arrested');
    expect((await request(app).delete(`/api/notes/${created.body.id}`).set(user('nadia'))).status).toBe(204);
  });

  it('when the input is bad, then a clear 4xx and never a 500', async () => {
    const app = testApp(driver);
    const post = (body: unknown) =>
      request(app)
        .post('/api/notes')
        .set(user('nadia'))
        .send(body as object);
    expect((await post({ target: 'org:x', text: '' })).status).toBe(422);
    expect((await post({ target: 'org:x', text: 'x'.repeat(10_001) })).status).toBe(422);
    expect((await post({ target: 'org:x', text: 'x'.repeat(10_000) })).status).toBe(201);
    expect((await post({ target: '', text: 'x' })).status).toBe(422);
    expect((await post({ target: 'org:x', text: 'x', workspaceId: 'nope' })).status).toBe(422);
    expect(
      (await post({ target: 'org:x', text: 'x', workspaceId: 'ws:00000000-0000-0000-0000-000000000000' }))
        .status,
    ).toBe(404);
    expect((await post({ target: 'org:x', text: 'x', extra: 1 })).status).toBe(422);
    expect((await request(app).get('/api/notes').set(user('nadia'))).status).toBe(400);
    expect((await request(app).get('/api/notes/search').set(user('nadia'))).status).toBe(400);
    expect(
      (await request(app).get('/api/notes/search').query({ q: 'x', limit: 1000 }).set(user('nadia'))).status,
    ).toBe(400);
    expect((await request(app).put('/api/notes/nope').set(user('nadia')).send({ text: 'x' })).status).toBe(
      404,
    );
    expect(
      (await request(app).delete('/api/notes/note:00000000-0000-0000-0000-000000000000').set(user('nadia')))
        .status,
    ).toBe(404);
  });

  it('when asked for user names, then the enabled users, sorted', async () => {
    const res = await request(testApp(driver, { as: 'investigator' })).get('/api/users/names');
    expect(res.status).toBe(200);
    expect(res.body.usernames).toEqual([...res.body.usernames].sort());
    expect(res.body.usernames).toContain('test-investigator');
  });
});
