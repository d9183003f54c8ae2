/**
 * The audit log: query-running requests, sign-ins and user changes leave an event in the app
 * store's hash chain; admins page through it newest first. (The chain itself, concurrency and an
 * unwritable store: audit-chain.test.ts.)
 */
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppStore } from '../../server/app-store/app-store.js';
import { AppStoreAuditLog } from '../../server/audit/audit-log.js';
import type { StoredAuditEvent } from '../../server/auth/auth-contract.js';
import { createUser } from '../../server/auth/user-store.js';
import { createLogger } from '../../server/logger.js';
import { testAppStore } from '../support/app-store.js';
import { signIn, testApp, testDriver, testUsers } from '../support/neo4j.js';

let driver: Driver;
let app: Express;
let audit: AppStoreAuditLog;
let store: AppStore;
const started = new Date().toISOString();
const subject = `auth-audit-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  driver = testDriver();
  store = await testAppStore();
  audit = new AppStoreAuditLog(store, createLogger('silent'));
  app = testApp(driver, { as: 'anonymous', appStore: store, audit });
  await createUser(store, { username: subject, role: 'investigator', password: 'a long test passphrase 1' });
});

afterAll(async () => {
  await audit.close();
  await driver.close();
});

const bearer = (role: 'admin' | 'analyst' | 'investigator') => ({
  Authorization: `Bearer ${testUsers()[role].token}`,
});

async function events(query: string): Promise<StoredAuditEvent[]> {
  await audit.flush();
  const res = await request(app).get(`/api/admin/audit?${query}`).set(bearer('admin'));
  expect(res.status).toBe(200);
  return res.body.events as StoredAuditEvent[];
}

describe('GET /api/admin/audit', () => {
  it('when sign-ins, searches, expansions, paths, runs, console, import and user changes happen, then each is logged', async () => {
    const analyst = testUsers().analyst;
    expect(
      (
        await request(app)
          .post('/api/auth/login')
          .send({ username: analyst.username, password: 'wrong password!' })
      ).status,
    ).toBe(401);
    await signIn(app, 'analyst');
    await request(app).get('/api/search?q=phantom').set(bearer('analyst'));
    await request(app).get('/api/entities/audit:none').set(bearer('analyst'));
    await request(app).get('/api/entities/audit:none/neighbours').set(bearer('analyst'));
    await request(app).get('/api/paths?from=audit:a&to=audit:b').set(bearer('analyst'));
    await request(app).post('/api/queries/lib:arrests/run').set(bearer('analyst')).send({ rowLimit: 1 });
    await request(app).post('/api/cypher').set(bearer('analyst')).send({ cypher: 'RETURN 42 AS answer' });
    await request(app)
      .post('/api/cypher')
      .set(bearer('analyst'))
      .send({ cypher: 'MATCH (n) DETACH DELETE n' });
    await request(app).post('/api/admin/import').set(bearer('analyst')).type('json').send('{}');
    await request(app).post('/api/admin/import').set(bearer('admin')).type('json').send('{"not": "a case"}');
    await request(app).patch(`/api/admin/users/${subject}`).set(bearer('admin')).send({ role: 'analyst' });

    const mine = await events(`username=${analyst.username}&limit=50`);
    const seen = mine.map((e) => `${e.action} ${e.status}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'auth.login 401',
        'auth.login 200',
        'search 200',
        'entity 404',
        'expand 404',
        'query.run 200',
        'console 200',
        'console 403',
        'import 403',
      ]),
    );
    expect(seen.some((s) => s.startsWith('paths '))).toBe(true);
    const consoleRun = mine.find((e) => e.action === 'console' && e.status === 200)!;
    expect(consoleRun).toMatchObject({ username: 'test-analyst', target: 'RETURN 42 AS answer' });
    expect(consoleRun.ip).toMatch(/127\.0\.0\.1/);
    expect(consoleRun.at >= started).toBe(true);
    expect(mine.find((e) => e.action === 'search')!.target).toBe('q=phantom');

    const adminEvents = await events('username=test-admin&limit=50');
    expect(adminEvents.find((e) => e.action === 'user.update')).toMatchObject({
      target: `username=${subject} role=analyst`,
      status: 200,
    });
    expect(adminEvents.find((e) => e.action === 'import')!.status).toBeGreaterThanOrEqual(400);
    // Nothing secret in the log: no password, no token.
    const all = JSON.stringify(await events('limit=500'));
    expect(all).not.toContain('wrong password!');
    expect(all).not.toContain(analyst.token);
  });

  it('when paged, then newest first, with a cursor to older events and filters by user and action', async () => {
    for (let i = 0; i < 5; i++) {
      await request(app)
        .post('/api/cypher')
        .set(bearer('analyst'))
        .send({ cypher: `RETURN ${i} AS page` });
    }
    const first = await events('action=console&limit=2');
    expect(first).toHaveLength(2);
    expect(first.map((e) => e.target)).toEqual(['RETURN 4 AS page', 'RETURN 3 AS page']);
    const res = await request(app).get('/api/admin/audit?action=console&limit=2').set(bearer('admin'));
    const next = await events(`action=console&limit=2&cursor=${res.body.nextCursor}`);
    expect(next.map((e) => e.target)).toEqual(['RETURN 2 AS page', 'RETURN 1 AS page']);
    expect(first[1]!.id > next[0]!.id).toBe(true);
    expect(first.every((e) => e.action === 'console')).toBe(true);
    expect((await request(app).get('/api/admin/audit?cursor=nonsense').set(bearer('admin'))).status).toBe(
      400,
    );
    expect((await request(app).get('/api/admin/audit?limit=100000').set(bearer('admin'))).status).toBe(400);
  });

  it('when a query is run, then its event carries the row count, the outcome and the parameters', async () => {
    await request(app)
      .post('/api/cypher')
      .set(bearer('analyst'))
      .send({ cypher: 'UNWIND range(1, $n) AS i RETURN i', params: { n: 3 } });
    const [run] = await events('action=console&limit=1');
    expect(run!.details).toEqual({ rows: 3, outcome: 'complete', truncated: false, parameters: { n: 3 } });
    await request(app).post('/api/queries/lib:arrests/run').set(bearer('analyst')).send({ rowLimit: 1 });
    const [saved] = await events('action=query.run&limit=1');
    expect(saved!.details).toMatchObject({ parameters: expect.any(Object) });
    expect(typeof saved!.details!.rows).toBe('number');
    expect(saved!.seq).toBeGreaterThan(run!.seq);
  });

  it('when filtered by target and time, then only events whose target contains the text, in the window, come back', async () => {
    const marker = `Target-${Math.random().toString(36).slice(2, 8)}`;
    await request(app)
      .post('/api/cypher')
      .set(bearer('analyst'))
      .send({ cypher: `RETURN '${marker}' AS t` });
    const found = await events(`target=${marker.toLowerCase()}&limit=10`);
    expect(found.map((e) => e.target)).toEqual([`RETURN '${marker}' AS t`]);
    // `%` and `_` are literal, not wildcards.
    expect(await events('target=%25&limit=10')).toEqual([]);
    const at = found[0]!.at;
    expect(await events(`target=${marker}&from=${encodeURIComponent(at)}`)).toHaveLength(1);
    const later = new Date(Date.parse(at) + 1).toISOString();
    expect(await events(`target=${marker}&from=${encodeURIComponent(later)}`)).toEqual([]);
    // A date alone as `to` means to the end of that day.
    expect(await events(`target=${marker}&to=${at.slice(0, 10)}`)).toHaveLength(1);
    expect(await events(`target=${marker}&to=${encodeURIComponent(at)}`)).toEqual([]);
    for (const bad of ['from=yesterday', 'to=2026-02-30', 'from=2026-13-01']) {
      const res = await request(app).get(`/api/admin/audit?${bad}`).set(bearer('admin'));
      expect(res.status, bad).toBe(400);
    }
  });

  it('when exported, then every matching event comes as JSON lines or as CSV with formulas defused', async () => {
    const hostile = `=HYPERLINK("http://evil.example","x")-${Math.random().toString(36).slice(2, 8)}`;
    await request(app).post('/api/workspaces').set(bearer('analyst')).send({ name: hostile, state: {} });
    await audit.flush();
    const jsonl = await request(app)
      .get(`/api/admin/audit/export?format=jsonl&target=${encodeURIComponent(hostile)}`)
      .set(bearer('admin'))
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers['content-disposition']).toMatch(/attachment; filename="casegraph-audit-.*\.jsonl"/);
    expect(jsonl.headers['x-casegraph-matching']).toBe('1');
    const lines = (jsonl.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredAuditEvent);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: 'workspace.create', target: hostile, hash: expect.any(String) });

    const csv = await request(app)
      .get(`/api/admin/audit/export?format=csv&target=${encodeURIComponent(hostile)}`)
      .set(bearer('admin'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, row] = csv.text.split('\r\n');
    expect(header).toBe('seq,at,username,action,target,status,ip,details,prevHash,hash');
    // The target cell starts with an apostrophe, not with =, and its quotes are doubled.
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")-`);
    expect(row).not.toMatch(/,=/);

    const many = await request(app).get('/api/admin/audit/export?format=csv').set(bearer('admin'));
    expect(Number(many.headers['x-casegraph-matching'])).toBeGreaterThan(10);
    expect(many.headers['x-casegraph-truncated']).toBe('false');
    expect((await request(app).get('/api/admin/audit/export?format=xml').set(bearer('admin'))).status).toBe(
      400,
    );
    expect((await request(app).get('/api/admin/audit/export').set(bearer('analyst'))).status).toBe(403);
  });

  it('when stored, then events are in the app store and none in the graph', async () => {
    await audit.flush();
    const { records } = await driver.executeQuery('MATCH (e:_AuditEvent) RETURN count(e) AS n');
    expect(Number(records[0]!.get('n'))).toBe(0);
    const stored = await store.db.selectFrom('audit_events').select('seq').execute();
    expect(stored.length).toBeGreaterThan(10);
  });
});
