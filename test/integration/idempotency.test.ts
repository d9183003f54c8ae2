/**
 * Idempotency keys on creating requests (issue 17, point 4): a retried POST with the same key gets
 * the first answer back and creates nothing; the same key with another request is refused; a
 * failed request may be retried; one user's key is not another's; a secret shown once is not kept
 * readable in the app store.
 */
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { SavedQuery, SavedQueryList } from '../../server/contract.js';
import { ABANDONED_AFTER_MS, idempotencyRowId } from '../../server/http/idempotency.js';
import { testAppStore } from '../support/app-store.js';
import { signIn } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let app: Express;
const created: string[] = [];

useTestApp(
  {
    cleanup: async () => {
      for (const id of created) await request(app).delete(`/api/queries/${encodeURIComponent(id)}`);
    },
  },
  (made) => ({ app } = made),
);

const query = (title: string) => ({ title, description: '', cypher: 'MATCH (n:Entity) RETURN n LIMIT 1' });
const key = () => `key-${Math.random().toString(36).slice(2)}-${Date.now()}`;

async function myQueries(title: string): Promise<SavedQuery[]> {
  const res = await request(app).get('/api/queries');
  return (res.body as SavedQueryList).queries.filter((q) => q.title === title);
}

describe('POST /api/queries with an Idempotency-Key', () => {
  it('when the request is retried with the same key, then the first answer comes back and one query exists', async () => {
    const title = `idempotent ${key()}`;
    const k = key();
    const first = await request(app).post('/api/queries').set('Idempotency-Key', k).send(query(title));
    expect(first.status).toBe(201);
    created.push((first.body as SavedQuery).id);
    const again = await request(app).post('/api/queries').set('Idempotency-Key', k).send(query(title));
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await myQueries(title)).toHaveLength(1);
  });

  it('when the same key comes with another body, then 422 and nothing is created', async () => {
    const k = key();
    const title = `first ${k}`;
    const first = await request(app).post('/api/queries').set('Idempotency-Key', k).send(query(title));
    created.push((first.body as SavedQuery).id);
    const other = await request(app)
      .post('/api/queries')
      .set('Idempotency-Key', k)
      .send(query(`other ${k}`));
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await myQueries(`other ${k}`)).toHaveLength(0);
  });

  it('when a request with a key fails, then its retry runs again instead of replaying the failure', async () => {
    const k = key();
    const bad = { title: `bad ${k}`, cypher: 'MATCH (n) DETACH DELETE n' };
    const first = await request(app).post('/api/queries').set('Idempotency-Key', k).send(bad);
    expect(first.status).toBe(422);
    const again = await request(app).post('/api/queries').set('Idempotency-Key', k).send(bad);
    expect(again.status).toBe(422);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('when a first request never answered, then a minute later its key may be used again', async () => {
    const k = key();
    const title = `abandoned ${k}`;
    const first = await request(app).post('/api/queries').set('Idempotency-Key', k).send(query(title));
    created.push((first.body as SavedQuery).id);
    const me = await request(app).get('/api/auth/me');
    const store = (await testAppStore()).db;
    const id = idempotencyRowId(me.body.username as string, k);
    // As if the process had died before answering, 61 seconds ago.
    await store
      .updateTable('idempotent_requests')
      .set({ status: null, answer: null, created_at_ms: Date.now() - ABANDONED_AFTER_MS - 1000 })
      .where('id', '=', id)
      .execute();
    const again = await request(app).post('/api/queries').set('Idempotency-Key', k).send(query(title));
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    created.push((again.body as SavedQuery).id);
    // Pending and young: the retry is told to wait, not run twice.
    await store
      .updateTable('idempotent_requests')
      .set({ status: null, answer: null })
      .where('id', '=', id)
      .execute();
    const early = await request(app).post('/api/queries').set('Idempotency-Key', k).send(query(title));
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('IDEMPOTENT_REQUEST_IN_PROGRESS');
  });

  it('when the key is malformed, then 400 and nothing is created', async () => {
    const title = `malformed ${key()}`;
    const res = await request(app).post('/api/queries').set('Idempotency-Key', 'short').send(query(title));
    expect(res.status).toBe(400);
    expect(await myQueries(title)).toHaveLength(0);
  });

  it("when another user sends the same key, then it is that user's own request", async () => {
    const k = key();
    const title = `shared key ${k}`;
    const mine = await request(app).post('/api/queries').set('Idempotency-Key', k).send(query(title));
    created.push((mine.body as SavedQuery).id);
    const theirs = await request(app)
      .post('/api/queries')
      .set('X-Casegraph-User', 'analyst')
      .set('Idempotency-Key', k)
      .send(query(title));
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    await request(app)
      .delete(`/api/queries/${encodeURIComponent(theirs.body.id as string)}`)
      .set('X-Casegraph-User', 'analyst');
  });
});

describe('POST /api/auth/tokens with an Idempotency-Key', () => {
  it('when retried, then the same token comes back, and the stored answer does not show it', async () => {
    const session = await signIn(app, 'analyst');
    const k = key();
    const make = () =>
      request(app)
        .post('/api/auth/tokens')
        .set('Cookie', session.cookie)
        .set('X-CSRF-Token', session.csrfToken)
        .set('Idempotency-Key', k)
        .send({ name: `retried ${k}` });
    const first = await make();
    expect(first.status).toBe(201);
    const again = await make();
    expect(again.status).toBe(201);
    expect(again.body.token).toBe(first.body.token);
    const list = await request(app).get('/api/auth/tokens').set('Cookie', session.cookie);
    expect(list.body.tokens.filter((t: { name: string }) => t.name === `retried ${k}`)).toHaveLength(1);
    const rows = await (await testAppStore()).db.selectFrom('idempotent_requests').selectAll().execute();
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(first.body.token as string);
    expect(stored).not.toContain(k);
    await request(app)
      .delete(`/api/auth/tokens/${encodeURIComponent(first.body.id as string)}`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken);
  });
});
