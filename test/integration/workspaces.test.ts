import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../server/model/model.js';
import { applySchema } from '../../server/schema/apply-schema.js';
import { testAppStore } from '../support/app-store.js';
import { testApp, testDriver, testNeo4j } from '../support/neo4j.js';

const state = {
  nodes: [
    { id: 'org:phantom-secure', x: 10, y: 20, pinned: true },
    { id: 'person:vincent-ramos', x: -40, y: 5 },
  ],
  filters: {
    hiddenNodeTypes: [],
    hiddenRelTypes: [],
    statuses: [],
    minConfidence: 0,
    sources: [],
    asOf: null,
  },
  layout: 'fcose',
};

describe('/api/workspaces', () => {
  let driver: Driver;
  beforeAll(async () => {
    driver = testDriver();
    await applySchema(driver, testNeo4j().database, loadModel());
  });
  afterAll(async () => {
    await driver.executeQuery("MATCH (w:Workspace) WHERE w.name STARTS WITH 'test-ws' DELETE w");
    await driver.close();
  });

  const as = (user: string) => ({ 'x-casegraph-user': user });

  it('when saved, then it lists, reopens with the same state, and survives as stable keys', async () => {
    const app = testApp(driver);
    const created = await request(app)
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: 'test-ws one', state });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^ws:/);
    const list = await request(app).get('/api/workspaces').set(as('alice'));
    expect(list.body.workspaces.map((w: { id: string }) => w.id)).toContain(created.body.id);
    const opened = await request(app).get(`/api/workspaces/${created.body.id}`).set(as('alice'));
    expect(opened.status).toBe(200);
    expect(opened.body.state).toEqual(state);
  });

  it('when a POST is retried with the same Idempotency-Key, then one workspace exists', async () => {
    const app = testApp(driver);
    const send = () =>
      request(app)
        .post('/api/workspaces')
        .set(as('alice'))
        .set('idempotency-key', 'retry-key-0001')
        .send({ name: 'test-ws retry', state });
    const first = await send();
    const second = await send();
    expect(second.body.id).toBe(first.body.id);
    const store = await testAppStore();
    const stored = await store.db
      .selectFrom('workspaces')
      .select('id')
      .where('name', '=', 'test-ws retry')
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('when another user asks for a private workspace, then 403 names whom to ask, and they cannot change or delete it', async () => {
    const app = testApp(driver);
    const created = await request(app)
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: 'test-ws private', state });
    const url = `/api/workspaces/${created.body.id}`;
    const opened = await request(app).get(url).set(as('bob'));
    expect([opened.status, opened.body.error.code, opened.body.error.details]).toEqual([
      403,
      'WORKSPACE_NOT_SHARED',
      { owner: 'alice' },
    ]);
    expect(
      (await request(app).get('/api/workspaces/ws:00000000-0000-0000-0000-000000000000').set(as('bob')))
        .status,
    ).toBe(404);
    expect((await request(app).put(url).set(as('bob')).send({ name: 'test-ws stolen', state })).status).toBe(
      404,
    );
    expect((await request(app).delete(url).set(as('bob'))).status).toBe(404);
    const list = await request(app).get('/api/workspaces').set(as('bob'));
    expect(list.body.workspaces.map((w: { id: string }) => w.id)).not.toContain(created.body.id);
  });

  it('when shared, then another user can open it but not change it', async () => {
    const app = testApp(driver);
    const created = await request(app)
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: 'test-ws shared', state, visibility: 'shared' });
    const url = `/api/workspaces/${created.body.id}`;
    expect((await request(app).get(url).set(as('bob'))).status).toBe(200);
    const put = await request(app).put(url).set(as('bob')).send({ name: 'test-ws x', state });
    expect([put.status, put.body.error.code]).toEqual([403, 'WORKSPACE_READ_ONLY']);
    expect(
      (
        await request(app)
          .put(url)
          .set(as('alice'))
          .send({ name: 'test-ws renamed', state, visibility: 'shared' })
      ).body.name,
    ).toBe('test-ws renamed');
    expect((await request(app).delete(url).set(as('alice'))).status).toBe(204);
    expect((await request(app).get(url).set(as('alice'))).status).toBe(404);
  });

  it('when a shared workspace is saved without naming its visibility, then it stays shared (issue 15)', async () => {
    // The explorer's Save sends name and state only; the schema's default made every save private
    // again, so a link shared before the save opened for nobody else.
    const app = testApp(driver);
    const created = await request(app)
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: 'test-ws kept shared', state, visibility: 'shared' });
    const url = `/api/workspaces/${created.body.id}`;
    const saved = await request(app).put(url).set(as('alice')).send({ name: 'test-ws kept shared', state });
    expect([saved.status, saved.body.visibility]).toEqual([200, 'shared']);
    expect((await request(app).get(url).set(as('bob'))).status).toBe(200);
    const unshared = await request(app)
      .put(url)
      .set(as('alice'))
      .send({ name: 'test-ws kept shared', state, visibility: 'private' });
    expect(unshared.body.visibility).toBe('private');
    expect((await request(app).get(url).set(as('bob'))).status).toBe(403);
    await request(app).delete(url).set(as('alice'));
  });

  it('when shared with a named viewer, then they open it and it is in their list; others are told whom to ask (issue 15)', async () => {
    const app = testApp(driver);
    await request(app).get('/api/workspaces').set(as('carol'));
    await request(app).get('/api/workspaces').set(as('dave'));
    const created = await request(app)
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: 'test-ws named', state, shares: [{ username: 'carol', permission: 'viewer' }] });
    expect(created.status).toBe(201);
    const url = `/api/workspaces/${created.body.id}`;
    const opened = await request(app).get(url).set(as('carol'));
    expect([opened.status, opened.body.access, opened.body.shares]).toEqual([
      200,
      'viewer',
      [{ username: 'carol', permission: 'viewer' }],
    ]);
    const list = await request(app).get('/api/workspaces').set(as('carol'));
    expect(list.body.workspaces.find((w: { id: string }) => w.id === created.body.id)?.access).toBe('viewer');
    expect((await request(app).get(url).set(as('dave'))).body.error.code).toBe('WORKSPACE_NOT_SHARED');
    // Saving without naming shares keeps them.
    await request(app).put(url).set(as('alice')).send({ name: 'test-ws named', state });
    expect((await request(app).get(url).set(as('carol'))).status).toBe(200);
    await request(app).delete(url).set(as('alice'));
  });

  it('when the share list names users who do not exist, then 422 names them', async () => {
    const app = testApp(driver);
    const res = await request(app)
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: 'test-ws typo', state, shares: [{ username: 'no-such-user', permission: 'editor' }] });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain('no-such-user');
    const bad = await request(app)
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: 'test-ws typo', state, shares: [{ username: 'carol', permission: 'owner' }] });
    expect(bad.status).toBe(422);
  });

  it('when the body is invalid, then 422 lists the problems and nothing is saved', async () => {
    const res = await request(testApp(driver))
      .post('/api/workspaces')
      .set(as('alice'))
      .send({ name: '', state: { ...state, nodes: [{ id: 'x', x: 'left', y: 0 }] } });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['/name', '/state/nodes/0/x']),
    );
  });

  it('when the id is malformed, then 404 (not 400 or 500)', async () => {
    expect((await request(testApp(driver)).get('/api/workspaces/%27%20OR%201=1')).status).toBe(404);
  });
});
