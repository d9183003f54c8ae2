/**
 * The audit chain, defended (issue 13 item 4), on both app-store dialects: concurrent writers in
 * two "processes" (two store connections) keep one gap-free chain that verifies; tampering in SQL
 * is found by `verify` (and by `npm run audit -- verify`, which exits non-zero); `export` writes
 * JSON lines. Then, through the app: a query run is answered only once its event is stored; with
 * the audit store unwritable, runs and changes answer 503 AUDIT_UNAVAILABLE and the import writes
 * nothing to the graph, while a search still answers; refusals are events.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { sql } from 'kysely';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore, type AppStore } from '../../server/app-store/app-store.js';
import type { AppStoreDialect, AppStoreLocation } from '../../server/app-store/app-store-location.js';
import { verifyChain } from '../../server/audit/audit-chain.js';
import { AppStoreAuditLog } from '../../server/audit/audit-log.js';
import { readChain } from '../../server/audit/audit-store.js';
import type { StoredAuditEvent } from '../../server/auth/auth-contract.js';
import { createLogger } from '../../server/logger.js';
import { newTestStoreLocation, openTestStoreWithUsers } from '../support/app-store.js';
import { graphChecksum } from '../support/graph-checksum.js';
import { testApp, testDriver, testNeo4j, testUsers } from '../support/neo4j.js';
import { stopTestPostgres } from '../support/postgres.js';
import { runCli } from '../support/cli.js';

const DIALECTS: AppStoreDialect[] = ['sqlite', 'postgres'];
const silent = createLogger('silent');

async function allEvents(store: AppStore): Promise<StoredAuditEvent[]> {
  const events: StoredAuditEvent[] = [];
  for await (const event of readChain(store, 37)) events.push(event);
  return events;
}

/** `npm run audit -- <args>` on the store at `location`, as a child process. */
function auditCli(location: AppStoreLocation, args: string[]) {
  return runCli('audit', args, {
    env: location.dialect === 'sqlite' ? { APP_STORE_FILE: location.file } : { APP_STORE_URL: location.url },
  });
}

afterAll(async () => {
  await stopTestPostgres();
});

describe.each(DIALECTS)('the audit hash chain on %s', (dialect) => {
  let location: AppStoreLocation;
  let first: AppStore;
  let second: AppStore;

  beforeAll(async () => {
    location = await newTestStoreLocation(dialect);
    first = await openAppStore(location);
    // A second connection (pool) to the same store: another app process.
    second = await openAppStore(location);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('when two writers record many events at once, then the chain has no gap and verifies', async () => {
    const a = new AppStoreAuditLog(first, silent, { maxBatch: 25 });
    const b = new AppStoreAuditLog(second, silent, { maxBatch: 25 });
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 150; i++) {
      for (const [log, name] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        writes.push(
          log.record({
            username: `writer-${name}`,
            action: 'console',
            target: `RETURN ${i}`,
            status: 200,
            ip: '127.0.0.1',
            details: { rows: i, parameters: { z: i, a: [name] } },
          }),
        );
      }
      // Some in the same turn, some spread out: batches of every size interleave.
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(writes);
    const events = await allEvents(first);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(300);
    const verdict = await verifyChain(events);
    expect(verdict).toEqual({ ok: true, count: 300, head: events[299]!.hash });

    const cli = await auditCli(location, ['verify']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`chain intact: 300 events, head ${events[299]!.hash}`);

    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casegraph-audit-export-')), 'audit.jsonl');
    try {
      const exported = await auditCli(location, ['export', '--out', out]);
      expect(exported.code).toBe(0);
      const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(300);
      expect(JSON.parse(lines[41]!)).toEqual(events[41]);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it('when a row is changed in SQL, then verify (and the CLI) fail at that seq', async () => {
    await sql`update audit_events set status = 403 where seq = 120`.execute(first.db);
    expect(await verifyChain(await allEvents(first))).toMatchObject({ ok: false, seq: 120 });
    const cli = await auditCli(location, ['verify']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/BROKEN at seq 120/);
    await sql`update audit_events set status = 200 where seq = 120`.execute(first.db);
    expect((await verifyChain(await allEvents(first))).ok).toBe(true);
  });

  it('when a row is deleted in SQL, then verify fails at the missing seq', async () => {
    await sql`delete from audit_events where seq = 77`.execute(first.db);
    expect(await verifyChain(await allEvents(first))).toMatchObject({
      ok: false,
      seq: 77,
      reason: /missing/,
    });
    const cli = await auditCli(location, ['verify']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/BROKEN at seq 77/);
  });
});

/** An import that would write (proven below once the store is back). */
const importDocument = (app: Express) =>
  request(app)
    .post('/api/admin/import')
    .set('Authorization', `Bearer ${testUsers().admin.token}`)
    .set('content-type', 'application/json')
    .send(
      JSON.stringify({
        case: { id: 'case:audit-down', title: 'Audit down', summary: 'Written only when audited.' },
        sources: [{ id: 'src:audit-down', title: 'Nothing', publisher: 'Test', date: '2019-05-02' }],
        entities: [
          {
            type: 'Person',
            id: 'person:audit-down',
            name: 'Audit Down',
            aliases: [],
            properties: {},
            sources: ['src:audit-down'],
          },
        ],
        facts: [],
      }),
    );

describe('requests and the audit store', () => {
  let driver: Driver;
  let store: AppStore;
  let audit: AppStoreAuditLog;
  let app: Express;
  const bearer = (role: 'admin' | 'analyst' | 'investigator') => ({
    Authorization: `Bearer ${testUsers()[role].token}`,
  });

  beforeAll(async () => {
    driver = testDriver();
    // The test users' tokens (sent below) live in the template's copies.
    store = await openTestStoreWithUsers();
    audit = new AppStoreAuditLog(store, silent);
    app = testApp(driver, { as: 'anonymous', appStore: store, audit });
  });
  afterAll(async () => {
    await audit.close();
    await store.close();
    await driver.close();
  });

  it('when a query is run, then its event is in the store by the time the answer arrives', async () => {
    for (let i = 0; i < 5; i++) {
      const cypher = `RETURN ${i} AS stored_before_answer`;
      const res = await request(app).post('/api/cypher').set(bearer('analyst')).send({ cypher });
      expect(res.status).toBe(200);
      // No flush, no wait: the row must already be committed.
      const row = await store.db
        .selectFrom('audit_events')
        .select(['action', 'status', 'username'])
        .where('target', '=', cypher)
        .executeTakeFirst();
      expect(row).toEqual({ action: 'console', status: 200, username: 'test-analyst' });
    }
  });

  it('when a request is refused, then the refusal is an event (403, 401, unlisted 404)', async () => {
    expect(
      (await request(app).post('/api/cypher').set(bearer('investigator')).send({ cypher: 'RETURN 403' }))
        .status,
    ).toBe(403);
    expect((await request(app).post('/api/cypher').send({ cypher: 'RETURN 401' })).status).toBe(401);
    expect((await request(app).get('/api/queries')).status).toBe(401);
    expect((await request(app).get('/api/no-such-route').set(bearer('analyst'))).status).toBe(404);
    await audit.flush();
    const events = await allEvents(store);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'console',
          status: 403,
          username: 'test-investigator',
          target: 'RETURN 403',
        }),
        expect.objectContaining({ action: 'console', status: 401, username: null, target: 'RETURN 401' }),
        expect.objectContaining({ action: 'access.denied', status: 401, target: 'GET /api/queries' }),
        expect.objectContaining({
          action: 'access.denied',
          status: 404,
          username: 'test-analyst',
          target: 'GET /api/no-such-route',
        }),
      ]),
    );
    expect((await verifyChain(events)).ok).toBe(true);
  });

  it('when the audit store cannot be written, then runs and changes answer 503 and change nothing, reads answer', async () => {
    const broken = await openTestStoreWithUsers();
    const brokenAudit = new AppStoreAuditLog(broken, silent, { retryDelayMs: 60_000 });
    const down = testApp(driver, { as: 'anonymous', appStore: broken, audit: brokenAudit });
    try {
      // The audit table is gone: every audit write fails, the rest of the store still works.
      await sql`alter table audit_events rename to audit_events_away`.execute(broken.db);
      const before = await graphChecksum(driver, testNeo4j().database);

      const run = await request(down).post('/api/cypher').set(bearer('analyst')).send({ cypher: 'RETURN 1' });
      expect(run.status).toBe(503);
      expect(run.body.error.code).toBe('AUDIT_UNAVAILABLE');
      expect(run.headers['retry-after']).toBeDefined();
      expect(run.body.graph).toBeUndefined();

      const saved = await request(down)
        .post('/api/workspaces')
        .set(bearer('investigator'))
        .send({ name: 'audit down', state: { nodes: [], edges: [] } });
      expect(saved.status).toBe(503);
      expect(saved.body.error.code).toBe('AUDIT_UNAVAILABLE');
      expect(await broken.db.selectFrom('workspaces').select('id').execute()).toEqual([]);

      const imported = await importDocument(down);
      expect(imported.status).toBe(503);
      expect(imported.body.error.code).toBe('AUDIT_UNAVAILABLE');
      expect(await graphChecksum(driver, testNeo4j().database)).toBe(before);

      const search = await request(down).get('/api/search?q=phantom').set(bearer('investigator'));
      expect(search.status).toBe(200);

      // Back up: the search's event, kept while the store was down, is written after all.
      await sql`alter table audit_events_away rename to audit_events`.execute(broken.db);
      await brokenAudit.flush();
      const events = await allEvents(broken);
      expect(events.map((e) => `${e.action} ${e.status}`)).toContain('search 200');
      expect((await verifyChain(events)).ok).toBe(true);

      // The same import, audited, does write: the 503 above is what kept the graph unchanged.
      const audited = await importDocument(down);
      expect(audited.status).toBe(200);
      expect(await graphChecksum(driver, testNeo4j().database)).not.toBe(before);
      expect((await allEvents(broken)).map((e) => `${e.action} ${e.status}`)).toContain('import 200');
    } finally {
      await driver.executeQuery(
        "MATCH (n) WHERE n.id IN ['case:audit-down', 'src:audit-down', 'person:audit-down'] DETACH DELETE n",
        {},
        { database: testNeo4j().database },
      );
      await brokenAudit.close();
      await broken.close();
    }
  });
});
