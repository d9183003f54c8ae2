/**
 * What the main thread and a user-Cypher worker say to each other: the worker's start-up data,
 * then a `UserCypherRun` in and a `WorkerReply` out, one at a time.
 */
import type { DriverSettings } from '../db/driver.js';
import type { RunAnswer } from './user-cypher-runner.js';

/** Start-up data of a worker: where the graph is. */
export interface RunWorkerData {
  neo4j: DriverSettings;
  database: string;
  /** The model file the server runs on (CASEGRAPH_MODEL); absent means the default. */
  modelFile?: string | undefined;
}

/** A worker's answer to one run: the answer, an API error to rebuild, or an unexpected failure. */
export type WorkerReply =
  | { ok: true; answer: RunAnswer }
  | {
      ok: false;
      error: { status: number; code: string; message: string; details?: unknown; retryAfterSeconds?: number };
    }
  | { ok: false; unexpected: string };
