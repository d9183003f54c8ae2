/**
 * User Cypher in worker threads (issue 14): the same answers as on the main thread, API errors
 * that keep their status and code across the thread boundary, and a run that outlasts its
 * deadline ended by terminating its worker, after which the pool serves the next run.
 */
import type { Driver } from 'neo4j-driver';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.js';
import { GraphMapper } from '../../server/mapping/graph-mapper.js';
import { loadModel } from '../../server/model/model.js';
import { InProcessRunner, type UserCypherRun } from '../../server/user-cypher/user-cypher-runner.js';
import { WorkerRunner } from '../../server/user-cypher/worker-runner.js';
import { FX } from '../support/api-fixture.js';
import { testNeo4j } from '../support/neo4j.js';
import { useTestApp } from '../support/use-test-app.js';

let driver: Driver;
useTestApp({ fixture: true }, (made) => ({ driver } = made));

const { uri, user, password, database } = testNeo4j();
const workers = new WorkerRunner({ neo4j: { uri, user, password }, database, size: 2 });
afterAll(() => workers.close());

const limits = { timeoutMs: 5_000, rowLimit: 100 };

/** The answer without its timing, which differs run to run. */
function comparable(json: string): unknown {
  const { elapsedMs: _elapsed, ...rest } = JSON.parse(json) as { elapsedMs: number };
  return rest;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('WorkerRunner', () => {
  it('when a console query and a saved query run in a worker, then they answer as on the main thread', async () => {
    const inProcess = new InProcessRunner({ driver, database, mapper: new GraphMapper(loadModel()) });
    const runs: UserCypherRun[] = [
      {
        cypher: 'MATCH (o:Entity {id: $id})-[r]-(other) RETURN o, r, other ORDER BY r.id LIMIT $n',
        params: { id: FX.phantom, n: 5 },
        limits,
      },
      {
        cypher: 'MATCH (o:Entity {id: $supplier}) RETURN o.name AS name',
        params: { supplier: FX.phantom },
        specs: [{ name: 'supplier', type: 'entity', label: 'Supplier', required: true }],
        limits,
      },
    ];
    for (const run of runs) {
      const [there, here] = await Promise.all([workers.run(run), inProcess.run(run)]);
      expect(comparable(there.json)).toEqual(comparable(here.json));
      expect([there.rowCount, there.outcome]).toEqual([here.rowCount, here.outcome]);
      expect(there.rowCount).toBeGreaterThan(0);
    }
  });

  it('when a run fails in a worker, then the API error keeps its status, code and details', async () => {
    const syntax = await failure(workers.run({ cypher: 'MATCH (n)\nRETRUN n', params: {}, limits }));
    expect([syntax.status, syntax.code]).toEqual([400, 'CYPHER_SYNTAX']);
    expect(syntax.details).toEqual({ line: 2, column: 1 });

    const refused = await failure(
      workers.run({ cypher: "CALL db.stats.retrieve('QUERIES')", params: {}, limits }),
    );
    expect([refused.status, refused.code]).toEqual([403, 'CYPHER_NOT_ALLOWED']);

    const unknownEntity = await failure(
      workers.run({
        cypher: 'MATCH (o:Entity {id: $supplier}) RETURN o',
        params: { supplier: 'fx:nobody' },
        specs: [{ name: 'supplier', type: 'entity', label: 'Supplier', required: true }],
        limits,
      }),
    );
    expect(unknownEntity.status).toBe(422);
  });

  it('when a record is too large to decode in time, then the run is cut (408 or 413) off the main thread, and the pool serves the next run', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cut = await failure(
      workers.run({
        cypher: 'RETURN range(1, 6000000) AS r',
        params: {},
        limits: { timeoutMs: 1_000, rowLimit: 10 },
      }),
    );
    delay.disable();
    expect([408, 413]).toContain(cut.status);
    // Recorded, not asserted (speed is for benchmarks): on the main thread this decode took seconds.
    console.log(
      `[user-cypher workers] main loop max delay during the cut run: ${Math.round(delay.max / 1e6)} ms`,
    );

    const after = await workers.run({ cypher: 'RETURN 1 AS one', params: {}, limits });
    expect(JSON.parse(after.json)).toMatchObject({ outcome: 'complete', rowCount: 1 });
  });

  it("when runs outlast Neo4j's timeout in one worker, then each is cut and the worker still has a connection for the next run", async () => {
    // Neo4j checks its timeout between rows, not inside one expression: this reduce builds a
    // 1.5 MB string for seconds past a 300 ms timeout. A worker that answered at its own deadline
    // while the transaction still held a connection took the next run with one connection fewer;
    // the third run found none and answered 503.
    const single = new WorkerRunner({ neo4j: { uri, user, password }, database, size: 1 });
    try {
      const stubborn: UserCypherRun = {
        cypher: "RETURN size(reduce(s = '', x IN range(1, 150000) | s + 'xxxxxxxxxx')) AS length",
        params: {},
        limits: { timeoutMs: 300, rowLimit: 10 },
      };
      // A started worker, so that each cut below is the worker's own answer, not its termination.
      await single.run({ cypher: 'RETURN 1 AS one', params: {}, limits });
      for (let round = 0; round < 2; round += 1) {
        const cut = await failure(single.run(stubborn));
        expect(cut.status).toBe(408);
      }
      const next = await single.run({ cypher: 'RETURN 1 AS one', params: {}, limits });
      expect(JSON.parse(next.json)).toMatchObject({ outcome: 'complete', rowCount: 1 });
    } finally {
      await single.close();
    }
  });
});
