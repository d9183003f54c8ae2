/**
 * Owners are the signed-in users: another user's private saved query does not exist for them (404,
 * not 403), whatever their role, and a header cannot claim to be someone else. A private workspace
 * answers 403 WORKSPACE_NOT_SHARED on open, naming whom to ask (ids are unguessable; issue 15), and
 * 404 on change and delete.
 */
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth/roles.js';
import { testUsers } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let driver: Driver;
let app: Express;
const bearer = (role: Role) => ({ Authorization: `Bearer ${testUsers()[role].token}` });

const workspaceState = {
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

useTestApp(
  {
    as: 'anonymous',
    cleanup: async () => {
      await driver.executeQuery("MATCH (q:SavedQuery) WHERE q.title STARTS WITH 'auth-owner ' DELETE q");
      await driver.executeQuery("MATCH (w:Workspace) WHERE w.name STARTS WITH 'auth-owner ' DELETE w");
    },
  },
  (made) => ({ driver, app } = made),
);

describe('saved queries belong to the signed-in user', () => {
  it('when an analyst saves a private query, then even an admin gets 404 for it, and it is not in their list', async () => {
    const created = await request(app)
      .post('/api/queries')
      .set(bearer('analyst'))
      .send({ title: 'auth-owner private', cypher: 'RETURN 1 AS one' });
    expect(created.status).toBe(201);
    expect(created.body.owner).toBe('test-analyst');
    const url = `/api/queries/${created.body.id}`;

    for (const role of ['admin', 'investigator'] as const) {
      expect((await request(app).get(url).set(bearer(role))).status, role).toBe(404);
      expect((await request(app).post(`${url}/run`).set(bearer(role)).send({})).status, role).toBe(404);
      const list = await request(app).get('/api/queries').set(bearer(role));
      expect(list.body.queries.map((q: { id: string }) => q.id)).not.toContain(created.body.id);
    }
    const put = await request(app)
      .put(url)
      .set(bearer('admin'))
      .send({ title: 'auth-owner stolen', cypher: 'RETURN 2 AS two' });
    expect(put.status).toBe(404);
    expect((await request(app).delete(url).set(bearer('admin'))).status).toBe(404);

    expect((await request(app).get(url).set(bearer('analyst'))).status).toBe(200);
    expect((await request(app).post(`${url}/run`).set(bearer('analyst')).send({})).status).toBe(200);
  });

  it('when shared, then others may see and run it but not change it', async () => {
    const created = await request(app)
      .post('/api/queries')
      .set(bearer('analyst'))
      .send({ title: 'auth-owner shared', cypher: 'RETURN 1 AS one', visibility: 'shared' });
    const url = `/api/queries/${created.body.id}`;
    expect((await request(app).get(url).set(bearer('investigator'))).status).toBe(200);
    expect((await request(app).post(`${url}/run`).set(bearer('investigator')).send({})).status).toBe(200);
    const edit = await request(app)
      .put(url)
      .set(bearer('admin'))
      .send({ title: 'auth-owner taken over', cypher: 'RETURN 2 AS two' });
    expect(edit.status).toBe(403);
    expect(edit.body.error.code).toBe('NOT_OWNER');
  });

  it('when a request names another user in X-Casegraph-User, then the header is ignored', async () => {
    const created = await request(app)
      .post('/api/queries')
      .set(bearer('analyst'))
      .set('X-Casegraph-User', 'test-admin')
      .send({ title: 'auth-owner header', cypher: 'RETURN 1 AS one' });
    expect(created.body.owner).toBe('test-analyst');
    const asAdmin = await request(app)
      .get(`/api/queries/${created.body.id}`)
      .set(bearer('investigator'))
      .set('X-Casegraph-User', 'test-analyst');
    expect(asAdmin.status).toBe(404);
  });
});

describe('workspaces belong to the signed-in user', () => {
  it('when an investigator saves a private workspace, then an admin is refused on open (403, naming the owner) and gets 404 on change and delete', async () => {
    const created = await request(app)
      .post('/api/workspaces')
      .set(bearer('investigator'))
      .send({ name: 'auth-owner canvas', state: workspaceState });
    expect(created.status).toBe(201);
    expect(created.body.owner).toBe('test-investigator');
    const url = `/api/workspaces/${created.body.id}`;
    const opened = await request(app).get(url).set(bearer('admin'));
    expect([opened.status, opened.body.error.code]).toEqual([403, 'WORKSPACE_NOT_SHARED']);
    expect(
      (await request(app).put(url).set(bearer('admin')).send({ name: 'auth-owner x', state: workspaceState }))
        .status,
    ).toBe(404);
    expect((await request(app).delete(url).set(bearer('admin'))).status).toBe(404);
    const list = await request(app).get('/api/workspaces').set(bearer('analyst'));
    expect(list.body.workspaces.map((w: { id: string }) => w.id)).not.toContain(created.body.id);
    expect((await request(app).get(url).set(bearer('investigator'))).status).toBe(200);
  });
});
