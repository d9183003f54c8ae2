import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppStore } from '../../server/app-store/app-store.js';
import { testApp, testDriver, unreachableDriver } from '../support/neo4j.js';

describe('GET /api/health and /api/ready', () => {
  let driver: Driver;
  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    await driver.close();
  });

  it('when the process lives, then /api/health is 200', async () => {
    const res = await request(testApp(driver)).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('when any API answer is sent, then no cache may keep it and it carries no ETag', async () => {
    const app = testApp(driver);
    for (const path of ['/api/health', '/api/model', '/api/search?q=a', '/api/nothing-here']) {
      const res = await request(app).get(path);
      expect(res.headers['cache-control'], path).toBe('no-store');
      expect(res.headers.etag, path).toBeUndefined();
    }
  });

  it('when Neo4j answers, then /api/ready is 200', async () => {
    const res = await request(testApp(driver)).get('/api/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });

  it('when Neo4j cannot be reached, then /api/ready is 503 with a reason and /api/health stays 200', async () => {
    const down = unreachableDriver();
    try {
      const app = testApp(down);
      const ready = await request(app).get('/api/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.body.reason).toMatch(/Neo4j did not answer/);
      expect((await request(app).get('/api/health')).status).toBe(200);
    } finally {
      await down.close();
    }
  });

  it('when the app store cannot be reached, then /api/ready is 503 naming it and /api/health stays 200', async () => {
    // A PostgreSQL store on a closed port: every connection is refused.
    const down = createAppStore({ dialect: 'postgres', url: 'postgres://casegraph@127.0.0.1:1/casegraph' });
    try {
      const app = testApp(driver, { appStore: down, as: 'anonymous' });
      const ready = await request(app).get('/api/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.reason).toMatch(/^app store: /);
      expect((await request(app).get('/api/health')).status).toBe(200);
    } finally {
      await down.close();
    }
  });

  it('when shutting down, then /api/ready is 503 before anything else stops', async () => {
    const res = await request(testApp(driver, { lifecycle: { shuttingDown: true } })).get('/api/ready');
    expect(res.status).toBe(503);
    expect(res.body.reason).toBe('shutting down');
  });
});

describe('API errors', () => {
  let driver: Driver;
  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    await driver.close();
  });

  it('when the route does not exist, then 404 in the one JSON error shape', async () => {
    const res = await request(testApp(driver)).get('/api/nowhere');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No API route GET /api/nowhere' } });
  });

  it('when the body is not JSON, then 400 and no stack is echoed', async () => {
    const res = await request(testApp(driver))
      .post('/api/anything')
      .set('content-type', 'application/json')
      .send('{"broken":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
  });

  it('when a gzip or deflate body is broken or not compressed at all, then 400, never 500 (issue 14)', async () => {
    const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);
    const bodies: [string, Buffer][] = [
      ['gzip', Buffer.concat([gzipHeader, Buffer.from('not deflate data at all, just bytes')])],
      ['gzip', Buffer.from('{"cypher": "RETURN 1"}')],
      ['deflate', Buffer.from('{"cypher": "RETURN 1"}')],
    ];
    for (const [encoding, body] of bodies) {
      const res = await request(testApp(driver, { as: 'analyst' }))
        .post('/api/cypher')
        .set('content-type', 'application/json')
        .set('content-encoding', encoding)
        .send(body);
      expect(res.status, `${encoding} ${body.length}`).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    }
  });

  it('when parameters nest 5,000 levels deep, then 422, never 500 (issue 14)', async () => {
    // Written as text: JSON.stringify would itself overflow the stack on it.
    const params = '{"a":'.repeat(5_000) + '"bottom"' + '}'.repeat(5_000);
    const res = await request(testApp(driver, { as: 'analyst' }))
      .post('/api/cypher')
      .set('content-type', 'application/json')
      .send(`{"cypher": "RETURN $a AS a", "params": ${params}}`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/nests deeper than 64 levels/);
  });

  it('when any response is sent, then the security headers are on it', async () => {
    const res = await request(testApp(driver)).get('/api/health');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
