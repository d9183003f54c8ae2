/**
 * The body of a user-Cypher worker thread (started by worker-runner.ts). It has a driver of its
 * own (two connections: it runs one query at a time) and the mapper of the case model, takes
 * one `UserCypherRun` at a time and answers with its JSON text or the API error it ended in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCypher } from '../cypher-files.js';
import { createDriver } from '../db/driver.js';
import { AppError } from '../errors.js';
import { GraphMapper } from '../mapping/graph-mapper.js';
import { loadModel, useModelFile } from '../model/model.js';
import { executeRun, type UserCypherRun } from './user-cypher-runner.js';
import type { RunWorkerData, WorkerReply } from './worker-protocol.js';

const data = workerData as RunWorkerData;
loadCypher();
useModelFile(data.modelFile);
// A worker runs one query at a time and answers only once its transaction is closed, so its pool
// is never exhausted: waiting for a connection here means opening one (TCP, Bolt handshake and
// sign-in), which on a machine busy with hostile queries took over a second (503 in the hostile
// corpus under CI). The runner's deadline still bounds the whole run.
const driver = createDriver(data.neo4j, undefined, {
  maxConnectionPoolSize: 2,
  connectionAcquisitionTimeout: 5_000,
});
// Open the first connection now, while the worker waits as a spare, not when its first run comes.
void driver.verifyConnectivity({ database: data.database }).catch(() => undefined);
const target = { driver, database: data.database, mapper: new GraphMapper(loadModel()) };

parentPort!.on('message', (run: UserCypherRun) => {
  void executeRun(target, run, true).then(
    (answer) => reply({ ok: true, answer }),
    (error: unknown) => {
      if (error instanceof AppError) {
        reply({
          ok: false,
          error: {
            status: error.status,
            code: error.code,
            message: error.message,
            details: error.details,
            retryAfterSeconds: (error as { retryAfterSeconds?: number }).retryAfterSeconds,
          },
        });
      } else {
        // Not an answer the API has words for: the main thread logs it and says 500.
        reply({
          ok: false,
          unexpected: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
    },
  );
});

function reply(message: WorkerReply): void {
  parentPort!.postMessage(message);
}
