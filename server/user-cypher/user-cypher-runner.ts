/**
 * One run of user-written Cypher (a console query or a saved query) as plain data, and the two
 * places it can run:
 *   - `InProcessRunner`: on this process's event loop (tests, and embedding createApp);
 *   - `WorkerRunner` (worker-runner.ts): in a worker thread, which the server uses. Decoding a
 *     30 MB record, mapping it and writing its JSON then never hold up sign-in, search or
 *     `/api/health`, and a run past its deadline is ended by terminating its worker.
 * Both answer with the JSON text of a QueryRunResult, so the route only writes bytes.
 */
import type { JsonValue, QueryOutcome, QueryParameterSpec } from '../contract.js';
import { checkEntityParameters } from '../queries/entity-parameters.js';
import { toCypherValues } from '../queries/parameters.js';
import type { RunLimits } from './limits.js';
import { runUserCypher, toCypherParameters, type PlannerOptions, type RunTarget } from './read-runner.js';

export interface UserCypherRun {
  cypher: string;
  /** The request's parameters as JSON; made Cypher values where the run happens. */
  params: Record<string, JsonValue>;
  /**
   * A saved query's parameter specs: integers by spec, and entity parameters checked in the run's
   * transaction. Absent for the console, where every whole number is an integer.
   */
  specs?: QueryParameterSpec[] | undefined;
  limits: RunLimits;
  /** Only library queries carry planner options (read-runner.ts). */
  planner?: PlannerOptions | undefined;
}

/** A finished run: the answer's JSON text and what the audit event records of it. */
export interface RunAnswer {
  json: string;
  rowCount: number;
  outcome: QueryOutcome;
}

export interface UserCypherRunner {
  run(run: UserCypherRun): Promise<RunAnswer>;
  close(): Promise<void>;
}

/**
 * Runs `run` against `target` on the calling thread: the one implementation both runners use.
 * `inWorker`: the answer waits until the run's transaction is closed (read-runner.ts,
 * settleBeforeAnswer), since the worker's runner, not a timer here, enforces the deadline.
 */
export async function executeRun(
  target: RunTarget,
  run: UserCypherRun,
  inWorker = false,
): Promise<RunAnswer> {
  const specs = run.specs;
  const params = specs ? toCypherValues(specs, run.params) : toCypherParameters(run.params);
  const result = await runUserCypher(target, run.cypher, params, run.limits, {
    planner: run.planner,
    prepare: specs ? (tx) => checkEntityParameters(target, tx, specs, run.params) : undefined,
    settleBeforeAnswer: inWorker,
  });
  return { json: JSON.stringify(result), rowCount: result.rowCount, outcome: result.outcome };
}

/** Runs on this process's event loop. */
export class InProcessRunner implements UserCypherRunner {
  constructor(private readonly target: RunTarget) {}

  run(run: UserCypherRun): Promise<RunAnswer> {
    return executeRun(this.target, run);
  }

  async close(): Promise<void> {}
}
