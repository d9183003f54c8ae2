/**
 * Limits hold for everyone, admins included: a per-query timeout and a row cap. A cartesian query
 * over 20,000 nodes is stopped with a clear 408 within its timeout, while the same process keeps
 * answering health checks and searches in the meantime.
 */
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../server/model/model.js';
import { applySchema } from '../../server/schema/apply-schema.js';
import { testNeo4j, testUsers } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

const NODES = 20_000;
let driver: Driver;
let app: Express;

useTestApp(
  {
    as: 'anonymous',
    setup: async () => {
      await applySchema(driver, testNeo4j().database, loadModel());
      await driver.executeQuery('UNWIND range(1, $n) AS i CREATE (:AuthLoad {x: i})', { n: NODES });
    },
    cleanup: async () => {
      // CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction: session.run.
      const session = driver.session({ database: testNeo4j().database });
      try {
        await session.run('MATCH (n:AuthLoad) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS');
      } finally {
        await session.close();
      }
    },
  },
  (made) => ({ driver, app } = made),
);

const admin = () => ({ Authorization: `Bearer ${testUsers().admin.token}` });

describe('limits on user Cypher', () => {
  it('when a cartesian query runs past its timeout, then 408 within it, and health and search are served meanwhile', async () => {
    const timeoutMs = 2_000;
    const started = performance.now();
    let finished = false;
    const heavy = request(app)
      .post('/api/cypher')
      .set(admin())
      .send({
        cypher: 'MATCH (a:AuthLoad), (b:AuthLoad) WHERE a.x + b.x < 0 RETURN count(*) AS n',
        timeoutMs,
      })
      .then((res) => {
        finished = true;
        return { res, elapsed: performance.now() - started };
      });

    const others: { path: string; status: number; ms: number }[] = [];
    // Bounded: at most 40 rounds, and only while the heavy query runs.
    for (let round = 0; round < 40 && !finished; round++) {
      for (const path of ['/api/health', '/api/search?q=phantom']) {
        const t0 = performance.now();
        const res = await request(app).get(path).set(admin());
        others.push({ path, status: res.status, ms: performance.now() - t0 });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { res, elapsed } = await heavy;
    console.log(
      `cartesian over ${NODES} nodes: ${res.status} after ${Math.round(elapsed)} ms (timeout ${timeoutMs} ms); ` +
        `${others.length} other requests meanwhile, slowest ${Math.round(Math.max(...others.map((o) => o.ms)))} ms`,
    );
    expect(res.status).toBe(408);
    expect(res.body.error).toEqual({
      code: 'QUERY_TIMEOUT',
      message: expect.stringContaining(`${timeoutMs} ms`),
    });
    expect(elapsed).toBeLessThan(timeoutMs + 3_000);
    expect(others.filter((o) => o.path === '/api/health').length).toBeGreaterThanOrEqual(3);
    expect(others.filter((o) => o.path.startsWith('/api/search')).length).toBeGreaterThanOrEqual(3);
    expect(others.every((o) => o.status === 200)).toBe(true);
    expect(Math.max(...others.map((o) => o.ms))).toBeLessThan(timeoutMs);
  });

  it('when a query returns more rows than the cap, then it is cut and says so; a higher cap than allowed is refused', async () => {
    const res = await request(app)
      .post('/api/cypher')
      .set(admin())
      .send({ cypher: 'UNWIND range(1, 10000) AS i RETURN i' });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('truncated');
    expect(res.body.rowCount).toBe(1_000);
    const greedy = await request(app)
      .post('/api/cypher')
      .set(admin())
      .send({ cypher: 'RETURN 1 AS one', rowLimit: 1_000_000, timeoutMs: 3_600_000 });
    expect(greedy.status).toBe(422);
  });
});
